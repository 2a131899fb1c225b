package io.accrete.server.http;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.server.errors.ServerErrors;
import io.accrete.server.wire.Negotiator;
import io.accrete.server.wire.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where failures become HTTP statuses. The body is always
 * {@code {:category … :message … :data …}}, never a stack trace. Categories not listed are the
 * engine's input errors (query and pull add their own) and so are 400: only
 * {@code :db.error/storage} and genuine server faults are 5xx.
 */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private static final Map<Keyword, Integer> STATUS = new HashMap<>();

    static {
        put(404, ServerErrors.DB_NOT_FOUND, ServerErrors.NOT_FOUND);
        put(405, ServerErrors.METHOD_NOT_ALLOWED);
        put(409, Errors.UNIQUE_CONFLICT, Errors.CAS_FAILED, Errors.DATOMS_CONFLICT, Errors.DATABASE_IN_USE);
        put(410, ServerErrors.DB_EXPIRED);
        put(413, ServerErrors.REQUEST_TOO_LARGE);
        put(408, ServerErrors.REQUEST_TIMEOUT);
        put(415, ServerErrors.UNSUPPORTED_MEDIA_TYPE);
        put(406, ServerErrors.NOT_ACCEPTABLE);
        put(401, ServerErrors.UNAUTHORIZED);
        put(403, ServerErrors.FORBIDDEN);
        put(422, Errors.WRONG_TYPE, Errors.NOT_A_KEYWORD, Errors.NOT_AN_ATTRIBUTE, Errors.ATTRIBUTE_NOT_INDEXED, Errors.NOT_AN_ENTITY, Errors.TEMPID_NOT_AN_ENTITY,
                Errors.INCORRECT_SCHEMA, Errors.INCOMPATIBLE_SCHEMA_CHANGE, Errors.INVALID_ALTER_ATTRIBUTE, Errors.INVALID_TUPLE,
                Errors.PAST_TX_INSTANT, Errors.FUTURE_TX_INSTANT, Errors.TX_FUNCTION_FAILED, Errors.NOT_A_DATA_FUNCTION,
                Errors.LOOKUP_REF_ATTR_NOT_UNIQUE, Errors.INVALID_CAS_MANY, Errors.RESET_TX_INSTANT, Errors.DATOM_CANNOT_BE_ALTERED,
                Errors.ATTR_PRED, Errors.ENTITY_ATTR, Errors.ENTITY_PRED);
        put(429, ServerErrors.TOO_MANY_STREAMS);
        put(503, Errors.TRANSACTOR_BUSY, Errors.TRANSACTOR_UNAVAILABLE, Errors.CANCELLED, ServerErrors.SHUTTING_DOWN);
        put(504, ServerErrors.SYNC_TIMEOUT, Errors.TIMEOUT);
        put(500, Errors.STORAGE, ServerErrors.INTERNAL);
    }

    private ErrorMapper() {}

    private static void put(int status, Keyword... categories) {
        for (Keyword k : categories) STATUS.put(k, status);
    }

    public static int status(Keyword category) {
        return STATUS.getOrDefault(category, 400);
    }

    /** Any throwable as an engine-style error; faults in our own code are logged, not shown. */
    /** The failure a future's wrapping carries. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
        return t;
    }

    public static AccreteException toAccrete(Throwable t) {
        t = unwrap(t);
        if (t instanceof AccreteException ae) return ae;
        if (t instanceof io.javalin.http.HttpResponseException h) return fromFramework(h);
        if (t instanceof StackOverflowError) {
            return ServerErrors.error(ServerErrors.INVALID_REQUEST, "The request nests too deeply to process");
        }
        if (t instanceof java.util.concurrent.TimeoutException) {
            return ServerErrors.error(Errors.TIMEOUT, "The operation timed out");
        }
        if (t instanceof ClassCastException || t instanceof IllegalArgumentException || t instanceof IndexOutOfBoundsException
                || t instanceof NullPointerException || t instanceof UnsupportedOperationException || t instanceof ArithmeticException) {
            // Engine code that trusted its input's shape: the input was wrong, but say so generically.
            LOG.warn("Request failed on unchecked input", t);
            return ServerErrors.error(ServerErrors.INVALID_REQUEST, "The request could not be processed: its data has an unexpected shape");
        }
        LOG.error("Internal error", t);
        return ServerErrors.error(ServerErrors.INTERNAL, "Internal server error");
    }

    /**
     * Writes {@code t} as an error response in the format the client accepts (EDN when none).
     * Never throws: Javalin hands an exception from its exception handler back to that same
     * handler, so an error writer that failed would spin the request thread forever (seen with a
     * broken debugging probe). A failure here leaves a bare 500 instead.
     */
    public static void write(io.javalin.http.Context ctx, Throwable t) {
        try {
            AccreteException e = toAccrete(t);
            int status = status(e.category());
            WireFormat fmt = lenientFormat(ctx);
            byte[] bytes;
            try {
                bytes = fmt.codec().write(body(e));
            } catch (RuntimeException ex) {
                Map<Keyword, Object> plain = body(e);
                plain.put(Keyword.of("data"), Map.of());
                bytes = fmt.codec().write(plain);
            }
            if (status == 401) ctx.header("WWW-Authenticate", "Bearer realm=\"accrete\"");
            ResponseWriter.write(ctx, status, fmt.contentType(), bytes);
        } catch (Throwable failure) {
            LOG.error("Could not write an error response", failure);
            try {
                // Drop whatever the failed handler had set, so that no part of it goes with the 500.
                if (!ctx.res().isCommitted()) ctx.res().reset();
                ctx.result(new byte[0]);
                ctx.res().setStatus(500);
            } catch (RuntimeException ignored) {
                // Nothing more can be done for this response; the point is not to throw.
            }
        }
    }

    private static WireFormat lenientFormat(io.javalin.http.Context ctx) {
        WireFormat in;
        try {
            in = Negotiator.requestFormat(ctx.header("Content-Type"));
        } catch (AccreteException e) {
            in = WireFormat.EDN;
        }
        WireFormat out = Negotiator.responseFormat(ctx.header("Accept"), in);
        return out == null ? WireFormat.EDN : out;
    }

    /** Javalin's own answers (unknown route, oversized body) in our error shape. */
    private static AccreteException fromFramework(io.javalin.http.HttpResponseException h) {
        return switch (h.getStatus()) {
            case 404 -> ServerErrors.error(ServerErrors.NOT_FOUND, "No such endpoint; see openapi.yaml");
            case 405 -> ServerErrors.error(ServerErrors.METHOD_NOT_ALLOWED, "The endpoint does not take this method; see openapi.yaml");
            case 413 -> ServerErrors.error(ServerErrors.REQUEST_TOO_LARGE, "The request body is too large");
            case 503 -> ServerErrors.error(ServerErrors.SHUTTING_DOWN, "The server is not taking requests");
            default -> ServerErrors.error(ServerErrors.INVALID_REQUEST, h.getMessage() == null ? "Bad request" : h.getMessage());
        };
    }

    public static Map<Keyword, Object> body(AccreteException e) {
        Map<Keyword, Object> m = new LinkedHashMap<>();
        m.put(Keyword.of("category"), e.category());
        m.put(Keyword.of("message"), e.getMessage() == null ? "" : e.getMessage());
        m.put(Keyword.of("data"), e.data());
        return m;
    }
}
