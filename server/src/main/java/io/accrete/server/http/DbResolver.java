package io.accrete.server.http;

import io.accrete.engine.Connection;
import io.accrete.engine.db.Db;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.storage.Log;
import io.accrete.server.db.DbDescriptor;
import io.accrete.server.db.LogDescriptor;
import io.accrete.server.db.WithStore;
import io.accrete.server.errors.ServerErrors;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns what a request names into a {@link Db}: waits (without a thread) for a basis-t the node
 * has not reached, refuses at once a t this transactor could never reach, and applies a
 * descriptor's as-of / since / history. A descriptor with a basis-t is a value: a newer node
 * answers as of that t, so the same descriptor reads the same data anywhere.
 */
public final class DbResolver {
    /** Sync waits not yet over, so that a shutdown can end them. */
    private final java.util.Set<CompletableFuture<Db>> waits = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Services s;

    DbResolver(Services s) { this.s = s; }

    /** The latest value of {@code name} that includes {@code minT} (-1: no constraint). */
    public CompletableFuture<Db> latest(String name, long minT) {
        Connection c = s.registry.get(name);
        return minT < 0 ? CompletableFuture.completedFuture(c.db()) : sync(c, minT);
    }

    /** The log of a database, as of its latest value once that includes {@code minT} (-1: no constraint). */
    public CompletableFuture<Log> log(LogDescriptor d, long minT) {
        Connection c = s.registry.get(d.dbName());
        return latest(d.dbName(), minT).thenApply(db -> c.log());
    }

    public CompletableFuture<Db> resolve(DbDescriptor d) {
        if (d.withId() != null) {
            WithStore.Entry e = s.withStore.get(d.withId(), d.dbName());
            return CompletableFuture.completedFuture(filters(e.db(), d));
        }
        Connection c = s.registry.get(d.dbName());
        if (d.basisT() == null) return CompletableFuture.completedFuture(filters(c.db(), d));
        long t = d.basisT();
        CompletableFuture<Db> synced = sync(c, t);
        // An as-of replaces the one that pins basis-t (as in Datomic), so it must not reach past it.
        return synced.thenApply(db -> {
            if (db.basisT() <= t) return filters(db, d);
            Long asOf = d.asOfT(db);
            return filters(db, d, asOf == null ? t : Math.min(t, asOf));
        });
    }

    private static Db filters(Db db, DbDescriptor d) {
        return filters(db, d, d.asOfT(db));
    }

    private static Db filters(Db db, DbDescriptor d, Long asOf) {
        Long since = d.sinceT(db);
        if (asOf != null) db = db.asOf(asOf);
        if (since != null) db = db.since(since);
        if (d.history()) db = db.history();
        return db;
    }

    /** Completes with a value including t, or fails with sync-timeout / unreachable-basis-t. */
    public CompletableFuture<Db> sync(Connection c, long t) {
        return sync(c, t, null);
    }

    /** {@link #sync(Connection, long)} waiting at most {@code timeoutMs} (null: the server's sync timeout, also the cap). */
    public CompletableFuture<Db> sync(Connection c, long t, Long timeoutMs) {
        Db now = c.db();
        if (t <= now.basisT()) return CompletableFuture.completedFuture(now);
        if (t > EntityIds.INDEX_MASK || t - now.nextT() > s.config.syncHorizon()) {
            return CompletableFuture.failedFuture(ServerErrors.error(ServerErrors.UNREACHABLE_BASIS_T,
                    "basis-t " + t + " is far beyond this database's next t " + now.nextT() + " and cannot come from its transactor",
                    "basis-t", t, "next-t", now.nextT(), "db-name", c.name()));
        }
        if (s.cancelled()) return CompletableFuture.failedFuture(shuttingDown());
        s.metrics.openSyncs.incrementAndGet();
        long timeout = timeoutMs == null ? s.config.syncTimeoutMs() : Math.min(timeoutMs, s.config.syncTimeoutMs());
        CompletableFuture<Db> wait = c.sync(t);
        waits.add(wait);
        // Cancelled between the check above and the add: cancelWaits() may not have seen this one.
        if (s.cancelled()) wait.completeExceptionally(shuttingDown());
        return wait.orTimeout(timeout, TimeUnit.MILLISECONDS).handle((db, err) -> {
            waits.remove(wait);
            s.metrics.openSyncs.decrementAndGet();
            if (err == null) return db;
            Throwable cause = unwrap(err);
            if (cause instanceof TimeoutException) {
                s.metrics.syncTimeouts.increment();
                throw ServerErrors.error(ServerErrors.SYNC_TIMEOUT, "Database " + c.name() + " did not reach basis-t " + t
                        + " within " + timeout + " ms", "basis-t", t, "db-name", c.name(), "timeout-ms", timeout);
            }
            throw ErrorMapper.toAccrete(cause);
        });
    }

    /** Ends every wait still open with a 503: the server is stopping and will not see that t. */
    void cancelWaits() {
        for (CompletableFuture<Db> w : waits) w.completeExceptionally(shuttingDown());
    }

    private static RuntimeException shuttingDown() {
        return ServerErrors.error(ServerErrors.SHUTTING_DOWN, "The server is shutting down");
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) t = t.getCause();
        return t;
    }
}
