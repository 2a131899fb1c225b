package io.accrete.server.http;

import io.accrete.engine.Connection;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.error.AccreteException;
import io.accrete.server.db.DbDescriptor;
import io.accrete.server.db.LogDescriptor;
import io.accrete.server.errors.ServerErrors;
import io.accrete.server.wire.Negotiator;
import io.accrete.server.wire.WireFormat;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One request as the handlers see it: the database it addresses, its negotiated formats, its
 * decoded body, and the way to answer — at once, or later without holding the request thread.
 */
public final class Exchange {
    public final Context ctx;
    public final Services services;
    public final String dbName;
    public final boolean defaultMount;
    public final WireFormat in;
    public final WireFormat out;
    private final Runnable onDone;
    private boolean async;
    private Object body;
    private boolean bodyRead;
    private long bodyBytes;

    Exchange(Context ctx, Services services, boolean wire, Runnable onDone) {
        this.ctx = ctx;
        this.services = services;
        this.onDone = onDone;
        String name = ctx.pathParamMap().get("name");
        this.defaultMount = name == null;
        this.dbName = dbNameOf(ctx, services);
        this.in = Negotiator.requestFormat(ctx.header("Content-Type"));
        WireFormat o = Negotiator.responseFormat(ctx.header("Accept"), in);
        if (o == null && !wire) o = WireFormat.EDN;
        if (o == null) {
            throw ServerErrors.error(ServerErrors.NOT_ACCEPTABLE, "Cannot answer in any type the Accept header allows; this server speaks "
                    + Negotiator.SUPPORTED, "accept", ctx.header("Accept"));
        }
        this.out = o;
    }

    boolean isAsync() { return async; }

    /** The database a request addresses: {@code {name}} in its path, else the default one. */
    static String dbNameOf(Context ctx, Services services) {
        String name = ctx.pathParamMap().get("name");
        return name == null ? services.registry.defaultName() : name;
    }

    public boolean isDefaultDb() { return dbName.equals(services.registry.defaultName()); }

    public Connection conn() {
        Connection c = services.registry.get(dbName);
        ctx.header(ReadYourWrites.DB_HEADER, c.databaseId());
        return c;
    }

    /**
     * A database descriptor from the body ({@code :db}, {@code :args}). The token must allow reading
     * the database it names, as it must for the route's own: a token for one database cannot read
     * another by naming it in the body.
     */
    public DbDescriptor descriptor(Object raw) {
        DbDescriptor d = DbDescriptor.parse(raw);
        if (!d.dbName().equals(dbName)) Access.READ.check(ctx, services.config.tokens(), d.dbName());
        return d;
    }

    /** A log descriptor from {@code :args}; reading a log needs the same right as reading its database. */
    public LogDescriptor logDescriptor(Object raw) {
        LogDescriptor d = LogDescriptor.parse(raw);
        if (!d.dbName().equals(dbName)) Access.READ.check(ctx, services.config.tokens(), d.dbName());
        return d;
    }

    /** The decoded body, or null when there is none. Bodies over the configured limit are 413. */
    public Object body() {
        if (bodyRead) return body;
        bodyRead = true;
        long max = services.config.maxBodyBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) throw tooLarge(max);
        byte[] bytes;
        try (InputStream is = ctx.req().getInputStream()) {
            bytes = declared >= 0 && declared <= Integer.MAX_VALUE - 8 ? readDeclared(is, (int) declared)
                    : is.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        } catch (IOException e) {
            // Jetty's exceptions name Java classes; the client needs to know what happened, not that.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.util.concurrent.TimeoutException) {
                    throw ServerErrors.error(ServerErrors.REQUEST_TIMEOUT, "The request body stopped arriving before it was complete");
                }
            }
            throw ServerErrors.invalid("The request body could not be read: the connection ended before the whole body arrived");
        }
        if (bytes.length > max) throw tooLarge(max);
        bodyBytes = bytes.length;
        if (isBlank(bytes)) return null;
        body = in.codec().read(bytes);
        return body;
    }

    /**
     * A body whose Content-Length is known, read into an array of that size: {@code readNBytes(max)}
     * zeroes and copies 8 KiB buffers for a body of a hundred bytes. Jetty ends the stream at the
     * declared length, so a shorter body is simply shorter.
     */
    private static byte[] readDeclared(InputStream is, int length) throws IOException {
        byte[] buf = new byte[length];
        int n = is.readNBytes(buf, 0, length);
        return n == length ? buf : java.util.Arrays.copyOf(buf, n);
    }

    /** The size of the body read, in bytes (chunked or not). */
    public long bodyBytes() { return bodyBytes; }

    /** The body, which must be a map (an absent body counts as an empty map when allowed). */
    public Map<?, ?> bodyMap(boolean required) {
        Object b = body();
        if (b == null && !required) return Map.of();
        if (!(b instanceof Map<?, ?> m)) {
            throw ServerErrors.error(ServerErrors.INVALID_REQUEST, "The request body must be a map, e.g. " + exampleBody(ctx.path()),
                    "got", kind(b));
        }
        return m;
    }

    /** What a body for this path looks like, for messages. */
    private static String exampleBody(String path) {
        if (path.endsWith("/q")) return "{:query [:find ?e :where [?e :db/ident]] :args []}";
        if (path.endsWith("/pull")) return "{:selector [*] :eid :db/ident}";
        if (path.endsWith("/transact-batch")) return "{:transactions [{:tx-data [...]}]}";
        return "{:tx-data [...]}";
    }

    /** The basis-t the client asks to read at least: header, cookie, or :basis-t in the body. */
    public long requestedBasisT(Map<?, ?> bodyMap) {
        long t = ReadYourWrites.requested(ctx, dbName, conn().databaseId());
        Object b = bodyMap == null ? null : bodyMap.get(Keyword.of("basis-t"));
        if (b instanceof Long l && l >= 0) t = Math.max(t, l);
        else if (b instanceof String s) t = Math.max(t, ReadYourWrites.parseT(s, ":basis-t"));
        else if (b != null) throw ServerErrors.invalid(":basis-t must be a t (a non-negative integer)");
        return t;
    }

    public void respond(int status, Object value) {
        ResponseWriter.write(ctx, status, out.contentType(), out.codec().write(value));
    }

    public interface Action<T> {
        void accept(T value) throws Exception;
    }

    /**
     * Runs {@code action} with the future's value: right here when it is already done (the common
     * case, no thread hop), else on a worker once it completes, the request thread released.
     */
    public <T> void when(CompletableFuture<T> f, Action<T> action) throws Exception {
        // One look at the future decides. Asking "done?" twice let a future that completed in
        // between be taken for a failure that join() would throw, though it had succeeded: the
        // handler then returned without answering, and Javalin sent its empty 200 text/plain
        // (about once in a million sequential transactions; docs/benchmarks.md, stop 15).
        if (f.isDone()) {
            action.accept(f.join());   // join() throws a failure, which the route wrapper writes
            return;
        }
        async = true;
        ctx.future(() -> f.thenAcceptAsync(v -> {
            try {
                action.accept(v);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, services.workers).handle((v, err) -> {
            if (err != null) ErrorMapper.write(ctx, explain(err));
            onDone.run();
            return null;
        }));
    }

    /**
     * A failure as the client should see it: a database deleted while the request ran closed its
     * connection, which the engine reports as unavailable (503, "retry"); a retry would only find
     * nothing, so it is the 404 a request after the delete gets.
     */
    Throwable explain(Throwable t) {
        if (ErrorMapper.unwrap(t) instanceof AccreteException e && e.category() == io.accrete.engine.error.Errors.TRANSACTOR_UNAVAILABLE
                && !services.registry.exists(dbName)) {
            return ServerErrors.error(ServerErrors.DB_NOT_FOUND, "No database named " + dbName + " (it was deleted while this request ran)",
                    "db-name", dbName);
        }
        return t;
    }

    private static AccreteException tooLarge(long max) {
        return ServerErrors.error(ServerErrors.REQUEST_TOO_LARGE,
                "The request body is larger than " + max + " bytes", "max-body-bytes", max);
    }

    private static boolean isBlank(byte[] b) {
        for (byte x : b) if (x != ' ' && x != '\n' && x != '\r' && x != '\t') return false;
        return true;
    }

    /** What a value is, for error messages: "a vector", "a string", "nothing"… */
    public static String kind(Object o) {
        if (o == null) return "nothing";
        if (o instanceof java.util.Map) return "a map";
        if (o instanceof java.util.List<?> l) return l.isEmpty() ? "an empty vector" : "a vector";
        if (o instanceof java.util.Set) return "a set";
        if (o instanceof String) return "a string";
        if (o instanceof Number) return "a number";
        if (o instanceof Keyword) return "a keyword";
        return o.getClass().getSimpleName();
    }
}
