package io.accrete.server.http;

import io.accrete.server.config.ServerConfig;
import io.accrete.server.db.DatabaseRegistry;
import io.accrete.server.db.WithStore;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every handler shares: configuration, the databases, the /with store, metrics, and the
 * worker pool on which work resumes after a wait. Waits (sync, transact) complete on the engine's
 * writer thread, which must never run a query, so continuations hop to {@link #workers}.
 */
public final class Services implements AutoCloseable {
    public final ServerConfig config;
    public final DatabaseRegistry registry;
    public final WithStore withStore;
    public final Metrics metrics = new Metrics();
    public final DbResolver resolver;
    final ExecutorService workers;
    final AtomicInteger inFlight = new AtomicInteger();
    volatile boolean draining;
    /** Set when the shutdown grace has run out: queries still running stop, and reads still waiting give up. */
    private volatile boolean cancelled;
    final java.util.Set<EventStream> streams = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Services(ServerConfig config) {
        this.config = config;
        this.registry = new DatabaseRegistry(config.dataDir(), config.defaultDb(), config.durability(), config.txQueue());
        // A quarter of the heap at most for /with values, whatever with-max-dbs allows.
        this.withStore = new WithStore(config.withTtlSeconds() * 1000, config.withMaxDbs(), Runtime.getRuntime().maxMemory() / 4,
                System::currentTimeMillis);
        this.resolver = new DbResolver(this);
        int n = Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
        AtomicInteger ids = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "accrete-worker-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether the shutdown has cancelled the work still in flight; queries poll it. */
    public boolean cancelled() { return cancelled; }

    /** Stops the work still in flight so that it answers (503) before Jetty stops. */
    void cancelInFlight() {
        cancelled = true;
        resolver.cancelWaits();
    }

    @Override public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(config.shutdownGraceMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        registry.close();
    }

    /** Ends the event streams of a database (deleted: its streams would otherwise wait for ever). */
    public void endStreams(String dbName) {
        for (EventStream es : streams) if (es.dbName().equals(dbName)) es.close();
    }
}
