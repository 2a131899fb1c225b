package io.accrete.server.db;

import io.accrete.engine.db.Db;
import io.accrete.server.errors.ServerErrors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Speculative values made by {@code /with}, kept so that later reads can name them by id. Each
 * lives {@code ttlMillis} after its last use, and at most {@code maxEntries} are kept, weighing
 * together at most {@code maxBytes} (least recently used dropped first), because each one pins
 * its own index nodes and values in memory: a thousand of the largest transactions a request may
 * carry would otherwise fill any heap. A value that is gone is answered with 410
 * {@code :db.error/db-expired}.
 */
public final class WithStore {
    public record Entry(String dbName, Db db, long weight) {}

    private final long ttlMillis;
    private final int maxEntries;
    private final long maxBytes;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Long> lastUsed = new java.util.HashMap<>();
    private long totalWeight;

    public WithStore(long ttlMillis, int maxEntries, long maxBytes, LongSupplier clock) {
        this.ttlMillis = ttlMillis;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /**
     * Keeps {@code db}; {@code weight} estimates the memory it alone pins (its request's size and
     * its new datoms). The newest value is always kept, even alone over the budget.
     */
    public synchronized String put(String dbName, Db db, long weight) {
        expire();
        String id = UUID.randomUUID().toString();
        entries.put(id, new Entry(dbName, db, weight));
        lastUsed.put(id, clock.getAsLong());
        totalWeight += weight;
        while (entries.size() > 1 && (entries.size() > maxEntries || totalWeight > maxBytes)) {
            String eldest = entries.keySet().iterator().next();
            totalWeight -= entries.remove(eldest).weight();
            lastUsed.remove(eldest);
        }
        return id;
    }

    /** The value {@code id} names, which must have been made from database {@code dbName}. */
    public synchronized Entry get(String id, String dbName) {
        expire();
        Entry e = entries.get(id);
        if (e == null) {
            throw ServerErrors.error(ServerErrors.DB_EXPIRED, "The speculative database " + id
                    + " is gone (kept " + ttlMillis / 1000 + " s after last use, at most " + maxEntries + " of them and "
                    + maxBytes / (1024 * 1024) + " MiB); make it again with /with", "with", id);
        }
        // A descriptor's :db-name is what access is checked against, so it must be the value's own.
        if (!e.dbName().equals(dbName)) {
            throw ServerErrors.error(ServerErrors.INVALID_REQUEST, "The speculative database " + id + " was made from database "
                    + e.dbName() + ", not " + dbName, "with", id, "db-name", dbName);
        }
        lastUsed.put(id, clock.getAsLong());
        return e;
    }

    public synchronized int size() {
        expire();
        return entries.size();
    }

    /** The estimated memory the kept values pin, in bytes. */
    public synchronized long weight() {
        expire();
        return totalWeight;
    }

    /** Forgets the values of a deleted database. */
    public synchronized void dropDb(String dbName) {
        entries.entrySet().removeIf(en -> en.getValue().dbName().equals(dbName) && forget(en));
    }

    private void expire() {
        long now = clock.getAsLong();
        entries.entrySet().removeIf(en -> now - lastUsed.getOrDefault(en.getKey(), 0L) > ttlMillis && forget(en));
    }

    /** Accounts for an entry about to be removed; true, for removeIf. */
    private boolean forget(Map.Entry<String, Entry> en) {
        lastUsed.remove(en.getKey());
        totalWeight -= en.getValue().weight();
        return true;
    }
}
