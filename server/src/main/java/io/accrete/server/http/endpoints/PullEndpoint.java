package io.accrete.server.http.endpoints;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.pull.Pull;
import io.accrete.server.errors.ServerErrors;
import io.accrete.server.http.Access;
import io.accrete.server.http.Exchange;
import io.accrete.server.http.Route;
import io.accrete.server.wire.JsonConvention;
import io.accrete.server.wire.WireFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.javalin.http.HandlerType.POST;

/**
 * {@code POST /pull {:selector … :eid … :db descriptor}} answers the pulled map (nil when the
 * selector finds nothing); {@code :eids [...]} answers a vector of them.
 */
public final class PullEndpoint {
    static final Keyword SELECTOR = Keyword.of("selector");
    static final Keyword EID = Keyword.of("eid");
    static final Keyword EIDS = Keyword.of("eids");
    static final Keyword DB = Keyword.of("db");

    private PullEndpoint() {}

    public static List<Route> routes() {
        return List.of(Route.db(POST, "/pull", Access.READ, PullEndpoint::pull));
    }

    static void pull(Exchange ex) throws Exception {
        Map<?, ?> body = ex.bodyMap(true);
        Object rawSelector = body.get(SELECTOR);
        Object selector = ex.in == WireFormat.JSON && !(rawSelector instanceof String)
                ? JsonConvention.selector(rawSelector) : rawSelector;
        selector = Reads.ednOrData(selector, ":selector");
        Object finalSelector = selector;
        boolean many = body.containsKey(EIDS);
        if (!many && !body.containsKey(EID)) throw ServerErrors.invalid("/pull needs :eid (or :eids for many)");
        if (many && !(body.get(EIDS) instanceof List)) throw ServerErrors.invalid(":eids must be a vector");
        ex.when(Reads.db(ex, body.get(DB), body), db -> {
            long started = System.nanoTime();
            Object result;
            if (many) {
                List<Object> eids = new ArrayList<>();
                for (Object e : (List<?>) body.get(EIDS)) eids.add(ex.in == WireFormat.JSON ? JsonConvention.entity(e, db) : e);
                result = Pull.pullMany(db, finalSelector, eids);
            } else {
                Object eid = body.get(EID);
                result = Pull.pull(db, finalSelector, ex.in == WireFormat.JSON ? JsonConvention.entity(eid, db) : eid);
            }
            ex.services.metrics.pulled(System.nanoTime() - started);
            ex.respond(200, result);
        });
    }
}
