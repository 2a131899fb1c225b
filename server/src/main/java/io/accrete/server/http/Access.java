package io.accrete.server.http;

import io.accrete.server.config.AccessToken;
import io.accrete.server.errors.ServerErrors;
import io.javalin.http.Context;

import java.util.List;

/**
 * Optional bearer-token access. With no tokens configured every request is allowed (the server
 * binds to loopback by default). Otherwise a request needs a known token (401) whose role covers
 * the endpoint on the addressed database (403). Tokens are compared in constant time and never
 * logged or echoed.
 */
public enum Access {
    /** No token needed (health checks). */
    OPEN,
    /** Any valid token. */
    ANY,
    READ,
    WRITE,
    /** Creating and deleting databases. */
    ADMIN;

    private static final String TOKEN = "accrete.token";

    /** The token the request was allowed with, or null when the server has none. */
    public static AccessToken token(Context ctx) {
        return ctx.attribute(TOKEN);
    }

    void check(Context ctx, List<AccessToken> tokens, String dbName) {
        if (this == OPEN || tokens.isEmpty()) return;
        String h = ctx.header("Authorization");
        String given = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        AccessToken token = null;
        if (given != null) {
            for (AccessToken t : tokens) if (t.matches(given)) token = t;
        }
        if (token == null) {
            throw ServerErrors.error(ServerErrors.UNAUTHORIZED, given == null
                    ? "This server requires a bearer token: Authorization: Bearer <token>" : "Unknown bearer token");
        }
        ctx.attribute(TOKEN, token);
        if (this == ANY) return;
        AccessToken.Role needed = switch (this) {
            case ADMIN -> AccessToken.Role.ADMIN;
            case WRITE -> AccessToken.Role.WRITE;
            default -> AccessToken.Role.READ;
        };
        if (!token.allows(needed, dbName)) {
            throw ServerErrors.error(ServerErrors.FORBIDDEN, "The token does not allow " + needed.name().toLowerCase()
                    + " access to database " + dbName, "db-name", dbName);
        }
    }
}
