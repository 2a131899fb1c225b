package io.accrete.server.db;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.index.EntityIds;
import io.accrete.server.errors.ServerErrors;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A database value as a client names it: {@code {:db-name "orders" :basis-t 1042 :next-t 1043}},
 * optionally with {@code :as-of t}, {@code :since t}, {@code :history true}, or {@code :with id}
 * for a speculative value made by {@code /with}. It is what {@code /db}, {@code /as-of/{t}} and
 * reports hand out and what read endpoints accept back. As in Datomic, {@code :as-of} and
 * {@code :since} may also be an instant (in JSON an ISO-8601 string): the latest transaction at or
 * before it, which the resolver finds once it has the database ({@link #asOfInstant}).
 */
public record DbDescriptor(String dbName, Long basisT, Long nextT, Long asOf, Long since, boolean history, String withId,
                           Date asOfInstant, Date sinceInstant) {
    /** As Datomic, :as-of and :since also take a transaction's entity id; they are kept as t. */
    public DbDescriptor {
        if (asOf != null) asOf = EntityIds.toT(asOf);
        if (since != null) since = EntityIds.toT(since);
    }

    public DbDescriptor(String dbName, Long basisT, Long nextT, Long asOf, Long since, boolean history, String withId) {
        this(dbName, basisT, nextT, asOf, since, history, withId, null, null);
    }

    public static final Keyword DB_NAME = Keyword.of("db-name");
    public static final Keyword BASIS_T = Keyword.of("basis-t");
    public static final Keyword NEXT_T = Keyword.of("next-t");
    public static final Keyword AS_OF = Keyword.of("as-of");
    public static final Keyword SINCE = Keyword.of("since");
    public static final Keyword HISTORY = Keyword.of("history");
    public static final Keyword WITH = Keyword.of("with");

    public static DbDescriptor of(String name, Db db) {
        return new DbDescriptor(name, db.basisT(), db.nextT(), db.asOfT(), db.sinceT(), db.isHistory(), null);
    }

    public DbDescriptor withId(String id) { return new DbDescriptor(dbName, basisT, nextT, asOf, since, history, id, asOfInstant, sinceInstant); }
    public DbDescriptor asOf(long t) { return new DbDescriptor(dbName, basisT, nextT, t, since, history, withId, null, sinceInstant); }
    public DbDescriptor since(long t) { return new DbDescriptor(dbName, basisT, nextT, asOf, t, history, withId, asOfInstant, null); }
    public DbDescriptor history(boolean h) { return new DbDescriptor(dbName, basisT, nextT, asOf, since, h, withId, asOfInstant, sinceInstant); }

    public boolean isFiltered() { return asOf != null || since != null || asOfInstant != null || sinceInstant != null || history; }

    /** The as-of point as a t in {@code db}: given as a t, or found from the instant. */
    public Long asOfT(Db db) { return asOf != null ? asOf : asOfInstant != null ? db.tAt(asOfInstant) : null; }

    /** The since point as a t in {@code db}. */
    public Long sinceT(Db db) { return since != null ? since : sinceInstant != null ? db.tAt(sinceInstant) : null; }

    public static boolean isDescriptor(Object o) {
        return o instanceof Map<?, ?> m && m.containsKey(DB_NAME);
    }

    /** Reads a descriptor map as EDN, transit or JSON gave it (t may be a string in JSON). */
    public static DbDescriptor parse(Object o) {
        if (!(o instanceof Map<?, ?> m) || !(m.get(DB_NAME) instanceof String name)) {
            throw ServerErrors.error(ServerErrors.INVALID_REQUEST, "A database is a map with a string :db-name", "db", o);
        }
        Object h = m.get(HISTORY);
        if (h != null && !(h instanceof Boolean)) throw ServerErrors.invalid(":history in a database descriptor is true or false");
        Object w = m.get(WITH);
        if (w != null && !(w instanceof String)) throw ServerErrors.invalid(":with in a database descriptor is a string");
        Date asOfAt = instant(m, AS_OF), sinceAt = instant(m, SINCE);
        return new DbDescriptor(name, t(m, BASIS_T), t(m, NEXT_T), asOfAt == null ? t(m, AS_OF) : null, sinceAt == null ? t(m, SINCE) : null,
                Boolean.TRUE.equals(h), (String) w, asOfAt, sinceAt);
    }

    /** An instant given for {@code k}: a date (EDN, transit) or an ISO-8601 string (JSON); else null. */
    private static Date instant(Map<?, ?> m, Keyword k) {
        Object v = m.get(k);
        if (v instanceof Date d) return d;
        if (v instanceof String s && !s.matches("\\d{1,18}")) return parseInstant(s, k);
        return null;
    }

    /** An instant as EDN's {@code #inst} reads it (RFC 3339: a bare date is UTC midnight, no offset is UTC). */
    public static Date parseInstant(String s, Object what) {
        try {
            return io.accrete.engine.data.Edn.readInstant(s);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ServerErrors.error(ServerErrors.INVALID_REQUEST, what + " is a t, a transaction id or an instant (ISO-8601, e.g. 2026-01-31T12:00:00Z)",
                    "value", s);
        }
    }

    private static Long t(Map<?, ?> m, Keyword k) {
        Object v = m.get(k);
        if (v == null) return null;
        if (v instanceof Long l && l >= 0) return l;
        if (v instanceof String s && s.matches("\\d{1,18}")) return Long.parseLong(s);
        throw ServerErrors.error(ServerErrors.INVALID_REQUEST, k + " in a database descriptor is a t (a non-negative integer)"
                + (k == AS_OF || k == SINCE ? " or an instant" : ""), "value", v);
    }

    public Map<Keyword, Object> toMap() {
        Map<Keyword, Object> m = new LinkedHashMap<>();
        m.put(DB_NAME, dbName);
        if (basisT != null) m.put(BASIS_T, basisT);
        if (nextT != null) m.put(NEXT_T, nextT);
        if (asOf != null) m.put(AS_OF, asOf);
        else if (asOfInstant != null) m.put(AS_OF, asOfInstant);
        if (since != null) m.put(SINCE, since);
        else if (sinceInstant != null) m.put(SINCE, sinceInstant);
        if (history) m.put(HISTORY, true);
        if (withId != null) m.put(WITH, withId);
        return m;
    }
}
