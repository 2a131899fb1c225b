package io.accrete.server.http;

import io.accrete.server.errors.ServerErrors;
import io.javalin.http.Handler;

/**
 * Wraps every endpoint: refuses work while draining, checks access, builds the
 * {@link Exchange}, writes any failure through {@link ErrorMapper}, and counts the request in
 * flight until its response is written (later, for answers that wait).
 */
public final class Dispatcher {
    private Dispatcher() {}

    public static Handler wrap(Services s, Route route, String template) {
        String method = route.method().name();
        return ctx -> {
            s.inFlight.incrementAndGet();
            Runnable done = () -> {
                s.inFlight.decrementAndGet();
                s.metrics.request(method, template, ctx.statusCode());
            };
            Exchange ex = null;
            try {
                if (s.draining) {
                    // Closing the connection after the 503 keeps the client from sending its next
                    // request on a connection that Jetty is about to drop, which it would see as a
                    // reset: with a fresh connection it is refused outright, so never half sent.
                    ctx.header("Connection", "close");
                    throw ServerErrors.error(ServerErrors.SHUTTING_DOWN, "The server is shutting down");
                }
                route.access().check(ctx, s.config.tokens(), Exchange.dbNameOf(ctx, s));
                ex = new Exchange(ctx, s, route.wire(), done);
                if (route.perDb()) {
                    io.accrete.engine.Connection c = s.registry.openOrNull(ex.dbName);
                    if (c != null) ctx.header(ReadYourWrites.DB_HEADER, c.databaseId());
                }
                route.endpoint().handle(ex);
            } catch (Throwable t) {
                ErrorMapper.write(ctx, ex == null ? t : ex.explain(t));
            } finally {
                if (ex == null || !ex.isAsync()) done.run();
            }
        };
    }

    /**
     * Stops taking requests, ends event streams, and waits for accepted requests to finish. When
     * the grace runs out, queries still running are cancelled and reads still waiting end, so that
     * they too answer (503) before Jetty stops, rather than losing their connection.
     */
    public static void drain(Services s, long graceMs) {
        s.draining = true;
        for (EventStream es : s.streams) es.close();
        if (awaitIdle(s, graceMs)) return;
        s.cancelInFlight();
        awaitIdle(s, CANCEL_GRACE_MS);
    }

    /** How long cancelled work has to answer: a query notices within a few thousand rows. */
    private static final long CANCEL_GRACE_MS = 2_000;

    private static boolean awaitIdle(Services s, long ms) {
        long deadline = System.currentTimeMillis() + ms;
        while (s.inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return s.inFlight.get() == 0;
    }
}
