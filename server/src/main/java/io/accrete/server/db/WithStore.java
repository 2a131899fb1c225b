package io.accrete.server.db;

import io.accrete.engine.db.Db;
import io.accrete.server.errors.ServerErrors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Speculative values made by {@code /with}, kept so that later reads can name them by id. Each
 * lives {@code ttlMillis} after its last use, and at most {@code maxEntries} are kept (least
 * recently used dropped first), because each one pins its own index nodes in memory. A value that
 * is gone is answered with 410 {@code :db.error/db-expired}.
 */
public final class WithStore {
    public record Entry(String dbName, Db db) {}

    private final long ttlMillis;
    private final int maxEntries;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Long> lastUsed = new java.util.HashMap<>();

    public WithStore(long ttlMillis, int maxEntries, LongSupplier clock) {
        this.ttlMillis = ttlMillis;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    public synchronized String put(String dbName, Db db) {
        expire();
        String id = UUID.randomUUID().toString();
        entries.put(id, new Entry(dbName, db));
        lastUsed.put(id, clock.getAsLong());
        while (entries.size() > maxEntries) {
            String eldest = entries.keySet().iterator().next();
            entries.remove(eldest);
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
                    + " is gone (kept " + ttlMillis / 1000 + " s after last use, at most " + maxEntries + "); make it again with /with", "with", id);
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

    /** Forgets the values of a deleted database. */
    public synchronized void dropDb(String dbName) {
        entries.entrySet().removeIf(en -> {
            boolean drop = en.getValue().dbName().equals(dbName);
            if (drop) lastUsed.remove(en.getKey());
            return drop;
        });
    }

    private void expire() {
        long now = clock.getAsLong();
        entries.keySet().removeIf(id -> {
            boolean old = now - lastUsed.getOrDefault(id, 0L) > ttlMillis;
            if (old) lastUsed.remove(id);
            return old;
        });
    }
}
