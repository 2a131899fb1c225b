package io.accrete.engine;

import io.accrete.engine.tx.TxReport;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A subscription to committed transactions, in t order (Datomic's tx-report queue). The writer
 * never waits for a subscriber: when this queue's capacity is exceeded the subscription is
 * closed and marked {@link #overflowed()}; the subscriber can resume from the log with
 * {@link Connection#txRange}. Close it to stop receiving reports.
 */
public final class TxReportQueue implements AutoCloseable {
    private final BlockingQueue<TxReport> queue;
    private final Runnable unsubscribe;
    private volatile boolean closed;
    private volatile boolean overflowed;

    TxReportQueue(int capacity, Runnable unsubscribe) {
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.unsubscribe = unsubscribe;
    }

    void offer(TxReport r) {
        if (closed) return;
        if (!queue.offer(r)) {
            overflowed = true;
            close();
        }
    }

    /** The next report, waiting up to the timeout; null on timeout or once closed and drained. */
    public TxReport poll(long timeout, TimeUnit unit) throws InterruptedException {
        TxReport r = queue.poll();
        if (r != null || closed) return r;
        return queue.poll(timeout, unit);
    }

    public boolean isClosed() { return closed; }
    public boolean overflowed() { return overflowed; }

    @Override public void close() {
        if (closed) return;
        closed = true;
        unsubscribe.run();
    }
}
