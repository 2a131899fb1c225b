package io.accrete.server.http;

import io.accrete.engine.data.Keyword;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.javalin.http.HandlerType.GET;

/** {@code GET /health} (200 once requests are taken; no token needed) and {@code GET /metrics}. */
public final class OpsEndpoints {
    private OpsEndpoints() {}

    public static List<Route> routes() {
        return List.of(
                new Route(GET, "/health", Access.OPEN, false, false, OpsEndpoints::health),
                new Route(GET, "/metrics", Access.ANY, false, false, OpsEndpoints::metrics));
    }

    /**
     * 200 whenever requests are taken; {@code :status :degraded} with {@code :problems} (database
     * name to message) while a database's log store fails to keep up, e.g. on a full disk.
     */
    static void health(Exchange ex) {
        Map<String, Object> problems = new java.util.TreeMap<>();
        for (io.accrete.engine.Connection c : ex.services.registry.openConnections()) {
            String p = c.storageProblem();
            if (p != null) problems.put(c.name(), p);
        }
        Map<Keyword, Object> m = new LinkedHashMap<>();
        m.put(Keyword.of("status"), Keyword.of(problems.isEmpty() ? "ok" : "degraded"));
        m.put(Keyword.of("default-db"), ex.services.registry.defaultName());
        if (!problems.isEmpty()) m.put(Keyword.of("problems"), problems);
        ex.respond(200, m);
    }

    static void metrics(Exchange ex) {
        Services s = ex.services;
        String text = s.metrics.render(s.registry.openConnections(), s.withStore::size, s.inFlight.get());
        ResponseWriter.write(ex.ctx, 200, "text/plain; version=0.0.4; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
}
