package io.accrete.client;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest t this client knows of for each database (from its own transactions, the server's
 * basis cookie and every descriptor it was handed). Sent as {@code X-Basis-T} on reads, it makes
 * whichever node answers wait until it has that t: read-your-writes behind a load balancer.
 * Only ever moves forward.
 */
final class BasisTracker {
    private final ConcurrentHashMap<String, AtomicLong> latest = new ConcurrentHashMap<>();

    Long get(String db) {
        AtomicLong t = latest.get(db);
        return t == null ? null : t.get();
    }

    void advance(String db, long t) {
        if (db == null) return;
        AtomicLong cur = latest.computeIfAbsent(db, k -> new AtomicLong(Long.MIN_VALUE));
        cur.accumulateAndGet(t, Math::max);
    }

    void forget(String db) {
        latest.remove(db);
        ids.remove(db);
    }

    /** The identity of the database the remembered t belongs to, as the server last named it, or null. */
    String id(String db) { return db == null ? null : ids.get(db); }

    /**
     * The server names the database's identity: when it is not the one the remembered t belongs to,
     * the database was deleted and made again (or the server's data replaced), and that t means
     * nothing in it; it is forgotten. Returns whether it was.
     */
    boolean observe(String db, String id) {
        if (db == null || id == null) return false;
        String before = ids.put(db, id);
        if (before == null || before.equals(id)) return false;
        latest.remove(db);
        return true;
    }

    private final ConcurrentHashMap<String, String> ids = new ConcurrentHashMap<>();
}
