package io.accrete.server;

import io.accrete.server.http.EventsEndpoint;
import io.accrete.server.http.OpsEndpoints;
import io.accrete.server.http.Route;
import io.accrete.server.http.endpoints.DatabaseEndpoints;
import io.accrete.server.http.endpoints.DbEndpoints;
import io.accrete.server.http.endpoints.IndexEndpoints;
import io.accrete.server.http.endpoints.PullEndpoint;
import io.accrete.server.http.endpoints.QueryEndpoint;
import io.accrete.server.http.endpoints.TransactEndpoint;
import io.accrete.server.http.endpoints.WithEndpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Every endpoint the server has; {@code openapi.yaml} must describe each path listed here. */
public final class RouteTable {
    private RouteTable() {}

    public static List<Route> routes() {
        List<Route> all = new ArrayList<>();
        all.addAll(OpsEndpoints.routes());
        all.addAll(DatabaseEndpoints.routes());
        all.addAll(TransactEndpoint.routes());
        all.addAll(DbEndpoints.routes());
        all.addAll(QueryEndpoint.routes());
        all.addAll(PullEndpoint.routes());
        all.addAll(WithEndpoint.routes());
        all.addAll(IndexEndpoints.routes());
        all.addAll(EventsEndpoint.routes());
        return all;
    }

    /** The concrete paths a route is mounted at: once at the root, once per database when perDb. */
    public static List<String> paths(Route r) {
        return r.perDb() ? List.of(r.path(), Route.DB_PREFIX + r.path()) : List.of(r.path());
    }

    /**
     * "METHOD /path" for every mounted handler in OpenAPI's notation, e.g. "POST /databases/{name}/q"
     * (a Javalin {@code <param>}, which may hold slashes, is written {@code {param}} too).
     */
    public static List<String> mounted() {
        List<String> out = new ArrayList<>();
        for (Route r : routes()) for (String p : paths(r)) out.add(r.method().name() + " " + p.replaceAll("<(\\w+)>", "{$1}"));
        return out;
    }

    /** The methods some route takes at {@code path} (for a 405's Allow header), in a stable order. */
    public static SortedSet<String> methodsAt(String path) {
        SortedSet<String> out = new TreeSet<>();
        for (Route r : routes()) {
            for (String p : paths(r)) {
                String regex = Pattern.quote(p).replaceAll("\\{\\w+}", "\\\\E[^/]+\\\\Q").replaceAll("<\\w+>", "\\\\E.+\\\\Q");
                if (path.matches(regex)) out.add(r.method().name());
            }
        }
        return out;
    }
}
