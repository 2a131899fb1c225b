package io.accrete.client;

import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A database value, as the server describes it: {@code {:db-name "orders" :basis-t 1042}},
 * optionally with {@code :as-of t}, {@code :since t} or {@code :history true}. It is a
 * descriptor, not a copy of the data: passing it to {@link Connection#q}, {@link Connection#pull}
 * and the other reads asks the server for exactly this value, so reads through the same {@code Db}
 * are stable however many transactions happen in between. Immutable and cheap; {@link #asOf},
 * {@link #since} and {@link #history} make new descriptors without a round trip.
 */
public final class Db {
    static final Keyword DB_NAME = Keyword.of("db-name");
    static final Keyword BASIS_T = Keyword.of("basis-t");
    static final Keyword NEXT_T = Keyword.of("next-t");
    static final Keyword AS_OF = Keyword.of("as-of");
    static final Keyword SINCE = Keyword.of("since");
    static final Keyword HISTORY = Keyword.of("history");
    /** The id of a speculative value made by {@code Connection.with}. */
    static final Keyword WITH = Keyword.of("with");

    private final Map<Keyword, Object> descriptor;

    private Db(Map<Keyword, Object> descriptor) {
        this.descriptor = Collections.unmodifiableMap(descriptor);
    }

    /** A Db from a descriptor the server handed out (extra keys it adds travel back unchanged). */
    static Db fromDescriptor(Object value) {
        if (!(value instanceof Map<?, ?> m) || !(m.get(DB_NAME) instanceof String)
                || (m.get(BASIS_T) != null && !(m.get(BASIS_T) instanceof Number))) {
            throw new AccreteException(AccreteException.INVALID_RESPONSE, "not a db descriptor: " + value);
        }
        Map<Keyword, Object> d = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getKey() instanceof Keyword k) d.put(k, e.getValue());
        }
        return new Db(d);
    }

    public String name() { return (String) descriptor.get(DB_NAME); }

    /**
     * The t of the latest transaction in this value (before any as-of or since filter); -1 in the
     * rare descriptor that has none (the value before a replayed event's first transaction).
     */
    public long basisT() {
        Object t = descriptor.get(BASIS_T);
        return t == null ? -1 : ((Number) t).longValue();
    }

    /** The as-of point, or null when the value is not filtered by as-of. */
    public Long asOfT() { return longOrNull(descriptor.get(AS_OF)); }

    /** The since point, or null when the value is not filtered by since. */
    public Long sinceT() { return longOrNull(descriptor.get(SINCE)); }

    public boolean isHistory() { return Boolean.TRUE.equals(descriptor.get(HISTORY)); }

    /** This value as of t: only transactions with t' ≤ t. */
    public Db asOf(long t) { return with(AS_OF, t); }

    /** This value since t: only transactions with t' > t. */
    public Db since(long t) { return with(SINCE, t); }

    /**
     * This value as of an instant, as Datomic's as-of with a date: the transactions whose
     * {@code :db/txInstant} is at or before it. The server finds their t; {@link #asOfT} is null here.
     */
    public Db asOf(Instant instant) { return with(AS_OF, Date.from(instant)); }

    /** This value since an instant: only transactions whose {@code :db/txInstant} is after it. */
    public Db since(Instant instant) { return with(SINCE, Date.from(instant)); }

    /** Every assertion and retraction, not just the current facts. */
    public Db history() { return with(HISTORY, true); }

    /** The descriptor as sent to the server. */
    public Map<Keyword, Object> descriptor() { return descriptor; }

    private Db with(Keyword key, Object value) {
        Map<Keyword, Object> d = new LinkedHashMap<>(descriptor);
        d.put(key, value);
        return new Db(d);
    }

    private static Long longOrNull(Object o) { return o instanceof Number n ? n.longValue() : null; }

    @Override public boolean equals(Object o) { return o instanceof Db d && d.descriptor.equals(descriptor); }
    @Override public int hashCode() { return Objects.hash(descriptor); }
    @Override public String toString() { return Edn.print(descriptor); }
}
