package io.accrete.server.errors;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.error.AccreteException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Categories the HTTP layer adds to the engine's (see {@code io.accrete.engine.error.Errors}).
 * They are raised as {@link AccreteException}s too, so that one mapper turns every failure into a
 * status and a body.
 */
public final class ServerErrors {
    private ServerErrors() {}

    public static final Keyword INVALID_REQUEST = Keyword.of("db.error/invalid-request");
    public static final Keyword DB_NOT_FOUND = Keyword.of("db.error/db-not-found");
    public static final Keyword INVALID_DB_NAME = Keyword.of("db.error/invalid-db-name");
    public static final Keyword NOT_FOUND = Keyword.of("db.error/not-found");
    /** A known path asked with a method it does not take. */
    public static final Keyword METHOD_NOT_ALLOWED = Keyword.of("db.error/method-not-allowed");
    public static final Keyword UNSUPPORTED_MEDIA_TYPE = Keyword.of("db.error/unsupported-media-type");
    public static final Keyword NOT_ACCEPTABLE = Keyword.of("db.error/not-acceptable");
    public static final Keyword REQUEST_TOO_LARGE = Keyword.of("db.error/request-too-large");
    public static final Keyword REQUEST_TIMEOUT = Keyword.of("db.error/request-timeout");
    public static final Keyword RESULT_TOO_LARGE = Keyword.of("db.error/result-too-large");
    public static final Keyword SYNC_TIMEOUT = Keyword.of("db.error/sync-timeout");
    public static final Keyword UNREACHABLE_BASIS_T = Keyword.of("db.error/unreachable-basis-t");
    public static final Keyword DB_EXPIRED = Keyword.of("db.error/db-expired");
    public static final Keyword UNAUTHORIZED = Keyword.of("db.error/unauthorized");
    public static final Keyword FORBIDDEN = Keyword.of("db.error/forbidden");
    public static final Keyword SHUTTING_DOWN = Keyword.of("db.error/shutting-down");
    public static final Keyword TOO_MANY_STREAMS = Keyword.of("db.error/too-many-streams");
    public static final Keyword INTERNAL = Keyword.of("db.error/internal");

    public static AccreteException error(Keyword category, String message) {
        return new AccreteException(category, message);
    }

    /** data given as alternating keyword names and values, e.g. {@code "db-name", "orders"}. */
    public static AccreteException error(Keyword category, String message, Object... kvs) {
        Map<Keyword, Object> data = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kvs.length; i += 2) {
            if (kvs[i + 1] != null) data.put(Keyword.of((String) kvs[i]), kvs[i + 1]);
        }
        return new AccreteException(category, message, data);
    }

    public static AccreteException invalid(String message) {
        return new AccreteException(INVALID_REQUEST, message);
    }
}
