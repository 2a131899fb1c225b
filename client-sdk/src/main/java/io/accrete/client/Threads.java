package io.accrete.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The only threads the SDK starts: a pool that runs asynchronous requests (blocking calls run
 * on their caller's thread, and the JDK client's own steps on its selector thread) and one timer
 * for reconnect back-off and for closing connections left idle too long. Both are daemons that
 * die when idle and are shut down by {@link AccreteClient#close()}, so a closed client leaves
 * nothing behind.
 */
final class Threads {
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final String prefix;
    private final ThreadPoolExecutor http;
    private final ScheduledThreadPoolExecutor timer;

    Threads() {
        prefix = "accrete-client-" + CLIENTS.incrementAndGet() + "-";
        http = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                factory(prefix + "http-"));
        timer = new ScheduledThreadPoolExecutor(1, factory(prefix + "timer-"));
        timer.setKeepAliveTime(5, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** What the names of this client's threads start with. */
    String prefix() { return prefix; }

    ExecutorService http() { return http; }
    ScheduledThreadPoolExecutor timer() { return timer; }

    void close() {
        timer.shutdownNow();
        http.shutdownNow();
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        return http.awaitTermination(millis, TimeUnit.MILLISECONDS) && timer.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
