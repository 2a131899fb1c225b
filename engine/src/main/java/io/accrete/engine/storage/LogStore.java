package io.accrete.engine.storage;

import java.util.List;

/**
 * The durable, append-only transaction log: the truth every index is derived from. One
 * implementation per store (embedded H2 now, PostgreSQL when several nodes share a database).
 * Entries are whole transactions, already encoded by {@link LogCodec}.
 */
public interface LogStore extends AutoCloseable {

    /** One committed transaction as stored. */
    record Entry(long t, String datoms) {}

    /** Receives entries in t order during {@link #replay}. */
    interface Sink { void accept(Entry entry); }

    /**
     * Appends the entries (in t order) in one storage transaction, durable when this returns:
     * committed and, unless durability is relaxed, forced to the device.
     */
    void append(List<Entry> entries);

    /** Feeds every entry with t greater than {@code afterT} to the sink, in t order. */
    void replay(long afterT, Sink sink);

    /** Forces everything appended so far to the device. */
    void sync();

    /** The latest t in the log, or -1 when it is empty. */
    long latestT();

    /** Why the store is failing to keep up (e.g. copies into it failing), or null when it is well. */
    default String problem() { return null; }

    @Override void close();
}
