package io.accrete.server.http.endpoints;

import io.accrete.engine.data.Edn;
import io.accrete.engine.db.Db;
import io.accrete.server.db.DbDescriptor;
import io.accrete.server.db.LogDescriptor;
import io.accrete.server.errors.ServerErrors;
import io.accrete.server.http.Exchange;
import io.accrete.server.wire.JsonConvention;
import io.accrete.server.wire.WireFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What read endpoints share: finding the database values a request names. */
final class Reads {
    private Reads() {}

    /** The db a body's {@code :db} names, or the route's latest value after read-your-writes. */
    static CompletableFuture<Db> db(Exchange ex, Object descriptor, Map<?, ?> body) {
        if (descriptor == null) return ex.services.resolver.latest(ex.dbName, ex.requestedBasisT(body));
        return ex.services.resolver.resolve(ex.descriptor(descriptor));
    }

    /**
     * The inputs with every descriptor replaced by its value (a log descriptor by the log). When
     * none is a database and the query's first input is a source ({@code $}, also when it has no
     * {@code :in}), the route's database goes first.
     */
    static CompletableFuture<List<Object>> inputs(Exchange ex, List<?> args, Map<?, ?> body, boolean defaultDb) {
        List<CompletableFuture<?>> parts = new ArrayList<>();
        boolean anyDb = false;
        for (Object a : args) {
            if (DbDescriptor.isDescriptor(a)) {
                anyDb = true;
                parts.add(ex.services.resolver.resolve(ex.descriptor(a)));
            } else if (LogDescriptor.isLogDescriptor(a)) {
                LogDescriptor d = ex.logDescriptor(a);
                // read-your-writes holds for the route's database, as for its db value
                parts.add(ex.services.resolver.log(d, d.dbName().equals(ex.dbName) ? ex.requestedBasisT(body) : -1));
            } else {
                parts.add(CompletableFuture.completedFuture(a));
            }
        }
        if (!anyDb && defaultDb) parts.add(0, ex.services.resolver.latest(ex.dbName, ex.requestedBasisT(body)));
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture[0])).thenApply(v -> {
            List<Object> out = new ArrayList<>(parts.size());
            for (CompletableFuture<?> p : parts) out.add(p.join());
            return out;
        });
    }

    /** A query, rules or selector given as EDN text (any format), else as data. */
    static Object ednOrData(Object v, String what) {
        if (v instanceof String s) return Edn.read(s);
        if (v == null) throw ServerErrors.invalid(what + " is required");
        return v;
    }

    /** The :args of a request; in JSON they may also be one EDN string holding the vector. */
    static List<?> args(Exchange ex, Object raw) {
        if (raw == null) return List.of();
        if (raw instanceof String s && ex.in == WireFormat.JSON) raw = Edn.read(s);
        else if (ex.in == WireFormat.JSON) raw = JsonConvention.generic(raw);
        if (!(raw instanceof List<?> l)) throw ServerErrors.invalid(":args must be a vector");
        for (Object a : l) {
            if (a instanceof io.accrete.engine.data.Symbol sym && sym.fullName().startsWith("$")) {
                throw ServerErrors.invalid("A source in :args is a database descriptor such as {:db-name \"" + ex.dbName
                        + "\"}, not the symbol " + sym + "; with none, the query's first source is the route's database");
            }
        }
        return l;
    }
}
