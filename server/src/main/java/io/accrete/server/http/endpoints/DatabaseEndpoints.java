package io.accrete.server.http.endpoints;

import io.accrete.engine.data.Keyword;
import io.accrete.server.config.AccessToken;
import io.accrete.server.db.DatabaseRegistry;
import io.accrete.server.db.DbDescriptor;
import io.accrete.server.http.Access;
import io.accrete.server.http.Exchange;
import io.accrete.server.http.Route;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PUT;

/** {@code GET /databases}, {@code PUT /databases/{name}} (idempotent), {@code DELETE /databases/{name}}. */
public final class DatabaseEndpoints {
    private DatabaseEndpoints() {}

    public static List<Route> routes() {
        return List.of(
                Route.server(GET, "/databases", Access.ANY, DatabaseEndpoints::list),
                Route.server(PUT, "/databases/{name}", Access.ADMIN, DatabaseEndpoints::create),
                Route.server(DELETE, "/databases/{name}", Access.ADMIN, DatabaseEndpoints::delete));
    }

    static void list(Exchange ex) {
        Map<Keyword, Object> m = new LinkedHashMap<>();
        // A token scoped to some databases sees only those.
        AccessToken token = Access.token(ex.ctx);
        List<String> names = ex.services.registry.names();
        if (token != null) names = names.stream().filter(n -> token.allows(AccessToken.Role.READ, n)).toList();
        m.put(Keyword.of("databases"), names);
        m.put(Keyword.of("default-db"), ex.services.registry.defaultName());
        ex.respond(200, m);
    }

    static void create(Exchange ex) {
        // The connection comes from the create itself: a delete right after must not turn this into a 404.
        DatabaseRegistry.Created c = ex.services.registry.create(ex.dbName);
        ex.respond(c.isNew() ? 201 : 200, DbDescriptor.of(ex.dbName, c.conn().db()).toMap());
    }

    static void delete(Exchange ex) {
        ex.services.registry.delete(ex.dbName);
        ex.services.withStore.dropDb(ex.dbName);
        ex.services.endStreams(ex.dbName);
        Map<Keyword, Object> m = new LinkedHashMap<>();
        m.put(DbDescriptor.DB_NAME, ex.dbName);
        m.put(Keyword.of("deleted"), true);
        ex.respond(200, m);
    }
}
