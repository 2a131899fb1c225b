package io.accrete.server.http;

import io.javalin.http.HandlerType;

/**
 * One endpoint: mounted at {@code path}, and also under {@code /databases/{name}} when
 * {@code perDb}. {@code wire} endpoints negotiate EDN/transit/JSON; the others (metrics) answer
 * in their own fixed type.
 */
public record Route(HandlerType method, String path, Access access, boolean perDb, boolean wire, Endpoint endpoint) {
    public interface Endpoint {
        void handle(Exchange ex) throws Exception;
    }

    public static final String DB_PREFIX = "/databases/{name}";

    public static Route db(HandlerType method, String path, Access access, Endpoint e) {
        return new Route(method, path, access, true, true, e);
    }

    public static Route server(HandlerType method, String path, Access access, Endpoint e) {
        return new Route(method, path, access, false, true, e);
    }
}
