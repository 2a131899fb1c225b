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

    void forget(String db) { latest.remove(db); }
}
