package io.accrete.engine.storage;

import io.accrete.engine.error.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes any {@link LogStore} durable at the speed of one fdatasync on a preallocated file: a batch
 * is acknowledged once it is in the {@link WriteAheadLog}; a background thread then copies it into
 * the store (the log of record, e.g. H2) in larger commits, forces the store now and then, and
 * drops the write-ahead segments the store holds durably. Opening replays into the store whatever
 * the write-ahead log has beyond it, so a crash at any moment loses nothing acknowledged.
 * Reads see both: the store, then the entries not yet copied.
 */
public final class WriteAheadLogStore implements LogStore {
    private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLogStore.class);
    /** How often the store is forced, which lets the write-ahead log shed its old segments. */
    private static final long SYNC_INTERVAL_NANOS = 1_000_000_000L;
    /**
     * The copier gathers entries for this long before a store commit: a store commit costs far
     * more than one entry (H2 writes a whole chunk), so copying one transaction at a time would
     * compete with the writer for the CPU.
     */
    private static final long GATHER_NANOS = 100_000_000;
    private static final int GATHER_ENOUGH = 5_000;
    /**
     * How much text may wait for the store before new transactions are refused. The write-ahead
     * log keeps all of it durably, but it is also held in memory until copied: if the store keeps
     * failing, refusing is better than running out of memory.
     */
    static final long DEFAULT_MAX_BACKLOG_CHARS = 256L << 20;

    private final LogStore store;
    private final Durability durability;
    private final WriteAheadLog wal;
    /** Entries in the write-ahead log but not yet in the store, in t order. Guarded by this. */
    private final List<Entry> pending = new ArrayList<>();
    /** The text length of {@link #pending}. Guarded by this. */
    private long pendingChars;
    private final long maxBacklogChars;
    /** Why the last copy into the store failed, while it keeps failing; else null. */
    private volatile String copyFailure;
    private long latestT;
    private boolean closing;
    private final Thread copier;

    public WriteAheadLogStore(LogStore store, Path walDir, Durability durability) {
        this(store, walDir, durability, DEFAULT_MAX_BACKLOG_CHARS);
    }

    WriteAheadLogStore(LogStore store, Path walDir, Durability durability, long maxBacklogChars) {
        this.store = store;
        this.maxBacklogChars = maxBacklogChars;
        this.durability = durability;
        long inStore = store.latestT();
        List<Entry> missing = new ArrayList<>();
        for (Entry e : WriteAheadLog.recover(walDir)) if (e.t() > inStore) missing.add(e);
        if (!missing.isEmpty()) {
            store.append(missing);
            LOG.info("Recovered {} transactions from the write-ahead log", missing.size());
        }
        store.sync();
        this.latestT = missing.isEmpty() ? inStore : missing.get(missing.size() - 1).t();
        this.wal = new WriteAheadLog(walDir);
        this.copier = new Thread(this::copyLoop, "accrete-log-copier");
        this.copier.setDaemon(true);
        this.copier.start();
    }

    @Override public synchronized String problem() {
        String why = copyFailure;
        return why == null ? null : "copying the write-ahead log into the log store fails (" + why + "); "
                + pending.size() + " transactions wait in the write-ahead log, durable";
    }

    @Override public void append(List<Entry> entries) {
        synchronized (this) {
            if (pendingChars >= maxBacklogChars) {
                String why = copyFailure;
                // Busy, not a storage fault: nothing of this transaction was written, and the same
                // request may succeed once the store catches up (clients back off and retry a 503).
                throw Errors.error(Errors.TRANSACTOR_BUSY, "The log store is " + pending.size() + " transactions behind the write-ahead log"
                        + (why != null ? " because copying into it fails (" + why + ")" : "")
                        + "; new transactions are refused until it catches up");
            }
        }
        wal.append(entries, durability == Durability.FSYNC);
        synchronized (this) {
            boolean wasIdle = pending.isEmpty();
            pending.addAll(entries);
            for (Entry e : entries) pendingChars += e.datoms().length();
            latestT = entries.get(entries.size() - 1).t();
            // Wake the copier only to start a gathering round or to end one early: a wake-up per
            // transaction would cut every round short and copy transactions one at a time.
            if (wasIdle || pending.size() >= GATHER_ENOUGH) notifyAll();
        }
    }

    private void copyLoop() {
        try {
            copyUntilClosed();
        } catch (Error e) {
            // What it has not copied stays in the write-ahead log (close() keeps it) and is recovered at the next open.
            copyFailure = "the copier stopped: " + e;
            LOG.error("The write-ahead log copier stopped; copies resume when the database is reopened", e);
            throw e;
        }
    }

    /** Copies tried after close() before it gives up and keeps the write-ahead log instead. */
    private static final int CLOSING_ATTEMPTS = 3;

    private void copyUntilClosed() {
        int failuresWhileClosing = 0;
        long lastSync = System.nanoTime();
        long copiedThrough = -1;
        while (true) {
            List<Entry> batch;
            synchronized (this) {
                while (pending.isEmpty() && !closing) {
                    try {
                        wait(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (pending.isEmpty() && copiedThrough >= 0 && System.nanoTime() - lastSync > SYNC_INTERVAL_NANOS) break;
                }
                if (pending.isEmpty() && closing) return;
                long gatherUntil = System.nanoTime() + GATHER_NANOS;
                long left;
                while (!closing && pending.size() < GATHER_ENOUGH && (left = gatherUntil - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                batch = new ArrayList<>(pending);
            }
            try {
                if (!batch.isEmpty()) {
                    store.append(batch);
                    copiedThrough = batch.get(batch.size() - 1).t();
                    synchronized (this) {
                        pending.subList(0, batch.size()).clear();
                        for (Entry e : batch) pendingChars -= e.datoms().length();
                    }
                    copyFailure = null;
                }
                if (copiedThrough >= 0 && System.nanoTime() - lastSync > SYNC_INTERVAL_NANOS) {
                    store.sync();
                    if (storeHolds(copiedThrough)) wal.releaseThrough(copiedThrough);
                    lastSync = System.nanoTime();
                }
                if (wal.wantsNextSegment()) wal.prepareNext();
            } catch (RuntimeException e) {
                // The entries stay in the write-ahead log and in pending; try again shortly.
                copyFailure = e.getMessage() != null ? e.getMessage() : e.toString();
                if (closing && ++failuresWhileClosing >= CLOSING_ATTEMPTS) {
                    // close() keeps the segments, and the next open copies them: better than never closing.
                    LOG.error("Copying the write-ahead log into the store still fails while closing; keeping the write-ahead log for the next open: {}",
                            e.toString());
                    return;
                }
                LOG.warn("Copying the write-ahead log into the store failed; retrying: {}", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override public void replay(long afterT, Sink sink) {
        List<Entry> notCopied;
        synchronized (this) {
            notCopied = new ArrayList<>(pending);
        }
        long[] last = {afterT};
        store.replay(afterT, e -> {
            last[0] = e.t();
            sink.accept(e);
        });
        for (Entry e : notCopied) if (e.t() > last[0]) sink.accept(e);
    }

    @Override public synchronized long latestT() { return latestT; }

    @Override public void sync() {
        // Everything appended is already durable in the write-ahead log.
    }

    /** Copies what is pending into the store, forces it, and removes the write-ahead log. */
    @Override public void close() {
        synchronized (this) {
            if (closing) return;
            closing = true;
            notifyAll();
        }
        try {
            copier.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean allCopied;
        long last;
        synchronized (this) {
            allCopied = pending.isEmpty();
            last = latestT;
        }
        if (allCopied && syncAndCheck(last)) wal.close();
        else wal.closeKeepingSegments();
        store.close();
    }

    /**
     * Whether the store's latest t has reached {@code t}, checked before any write-ahead segment is
     * deleted: should the store ever acknowledge a copy it does not hold, the segments stay and are
     * recovered at the next open, instead of the only durable copy going.
     */
    private boolean syncAndCheck(long t) {
        try {
            store.sync();
        } catch (RuntimeException e) {
            LOG.error("Cannot force the store; keeping the write-ahead log: {}", e.toString());
            return false;
        }
        return storeHolds(t);
    }

    private boolean storeHolds(long t) {
        long inStore;
        try {
            inStore = store.latestT();
        } catch (RuntimeException e) {
            LOG.error("Cannot read the store's latest t; keeping the write-ahead log: {}", e.toString());
            return false;
        }
        if (inStore >= t) return true;
        LOG.error("The store holds transactions through t {} but t {} was copied into it; keeping the write-ahead log", inStore, t);
        return false;
    }
}
