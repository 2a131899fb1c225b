package io.accrete.server.http.endpoints;

import io.accrete.engine.Connection;
import io.accrete.engine.db.Db;
import io.accrete.engine.tx.TxReport;
import io.accrete.server.db.DbDescriptor;
import io.accrete.server.errors.ServerErrors;
import io.accrete.server.http.Access;
import io.accrete.server.http.Exchange;
import io.accrete.server.http.Route;
import io.accrete.server.http.Views;
import io.accrete.server.wire.JsonConvention;
import io.accrete.server.wire.WireFormat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.javalin.http.HandlerType.POST;

/**
 * {@code POST /with {:tx-data [...] :db descriptor}}: Datomic's {@code with}. Nothing is written;
 * the resulting value is kept in the {@link io.accrete.server.db.WithStore} and its descriptor
 * (with {@code :with id}) can be read by {@code /q}, {@code /pull} and chained {@code /with}
 * until it expires (410). Speculation applies to the latest value that includes the
 * descriptor's basis-t, or to a kept speculative value; as-of/since/history values cannot be
 * extended.
 */
public final class WithEndpoint {
    private WithEndpoint() {}

    public static List<Route> routes() {
        return List.of(Route.db(POST, "/with", Access.READ, WithEndpoint::with));
    }

    static void with(Exchange ex) throws Exception {
        Map<?, ?> body = ex.bodyMap(true);
        Object rawDb = body.get(PullEndpoint.DB);
        DbDescriptor d = rawDb == null ? null : ex.descriptor(rawDb);
        if (d != null && d.isFiltered()) {
            throw ServerErrors.invalid("/with applies to a current or speculative database, not one with :as-of, :since or :history");
        }
        String name = d == null ? ex.dbName : d.dbName();
        Connection conn = ex.services.registry.get(name);
        CompletableFuture<Db> base;
        String baseWithId = d == null ? null : d.withId();
        if (baseWithId != null) {
            base = CompletableFuture.completedFuture(ex.services.withStore.get(baseWithId, name).db());
        } else {
            long minT = d == null ? ex.requestedBasisT(body) : d.basisT() == null ? -1 : d.basisT();
            base = ex.services.resolver.latest(name, minT);
        }
        ex.when(base, db -> {
            Object raw = body.get(TransactEndpoint.TX_DATA);
            if (ex.in == WireFormat.JSON) raw = JsonConvention.txData(raw, db);
            if (!(raw instanceof List<?> txData)) throw ServerErrors.invalid(":tx-data must be a vector");
            TxReport r = conn.with(db, txData);
            // What the value pins beyond its base: its values (about the request's size) and ~200 bytes per datom of index.
            long weight = ex.bodyBytes() + 200L * r.txData().size();
            String id = ex.services.withStore.put(name, r.dbAfter(), weight);
            DbDescriptor before = DbDescriptor.of(name, db).withId(baseWithId);
            DbDescriptor after = DbDescriptor.of(name, r.dbAfter()).withId(id);
            ex.respond(200, Views.report(r, before, after));
        });
    }
}
