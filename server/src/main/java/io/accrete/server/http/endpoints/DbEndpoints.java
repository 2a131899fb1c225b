package io.accrete.server.http.endpoints;

import io.accrete.engine.Connection;
import io.accrete.server.db.DbDescriptor;
import io.accrete.server.http.Access;
import io.accrete.server.http.Exchange;
import io.accrete.server.http.ReadYourWrites;
import io.accrete.server.http.Route;

import java.util.List;

import static io.javalin.http.HandlerType.GET;

/**
 * Descriptors: {@code GET /db} (latest, after any read-your-writes wait), {@code GET /sync/{t}}
 * (waits for t) and {@code GET /as-of/{t}}.
 */
public final class DbEndpoints {
    private DbEndpoints() {}

    public static List<Route> routes() {
        return List.of(
                Route.db(GET, "/db", Access.READ, DbEndpoints::db),
                Route.db(GET, "/sync/{t}", Access.READ, DbEndpoints::sync),
                Route.db(GET, "/as-of/{t}", Access.READ, DbEndpoints::asOf));
    }

    static void db(Exchange ex) throws Exception {
        ex.when(ex.services.resolver.latest(ex.dbName, ex.requestedBasisT(null)),
                db -> ex.respond(200, DbDescriptor.of(ex.dbName, db).toMap()));
    }

    static void sync(Exchange ex) throws Exception {
        long t = ReadYourWrites.parseT(ex.ctx.pathParam("t"), "t");
        Connection c = ex.conn();
        Long timeout = Params.queryLong(ex.ctx.queryParam("timeout-ms"), "timeout-ms");
        ex.when(ex.services.resolver.sync(c, t, timeout), db -> ex.respond(200, DbDescriptor.of(ex.dbName, db).toMap()));
    }

    static void asOf(Exchange ex) throws Exception {
        String point = ex.ctx.pathParam("t");
        // A t, a transaction id, or (as Datomic's as-of takes a date) an ISO-8601 instant.
        java.util.Date at = point.matches("\\d+") ? null : DbDescriptor.parseInstant(point, "The as-of point");
        long t = at == null ? ReadYourWrites.parseT(point, "t") : 0;
        ex.when(ex.services.resolver.latest(ex.dbName, ex.requestedBasisT(null)),
                db -> ex.respond(200, DbDescriptor.of(ex.dbName, db).asOf(at == null ? t : db.tAt(at)).toMap()));
    }
}
