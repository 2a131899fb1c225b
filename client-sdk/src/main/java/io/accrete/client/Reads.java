package io.accrete.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side of a {@link Connection}: every request here is idempotent, so the transport may
 * retry it on another server, and each carries the database's latest known basis-t.
 */
final class Reads {
    private static final Keyword QUERY = Keyword.of("query");
    private static final Keyword ARGS = Keyword.of("args");
    private static final Keyword TIMEOUT_MS = Keyword.of("timeout-ms");
    private static final Keyword OFFSET = Keyword.of("offset");
    private static final Keyword LIMIT = Keyword.of("limit");
    private static final Keyword SELECTOR = Keyword.of("selector");
    private static final Keyword EID = Keyword.of("eid");
    private static final Keyword EIDS = Keyword.of("eids");
    private static final Keyword DB = Keyword.of("db");

    private final String name;
    private final Transport transport;
    private final int pageSize;

    Reads(String name, Transport transport, int pageSize) {
        this.name = name;
        this.transport = transport;
        this.pageSize = pageSize;
    }

    Db descriptor(String route, Duration timeout) {
        String path = Paths.of(name, route) + (timeout == null ? "" : Paths.query("timeout-ms", timeout.toMillis()));
        Db db = Db.fromDescriptor(transport.call(Request.get(path, name, null, httpTimeout(timeout))));
        transport.basis().advance(name, db.basisT());
        return db;
    }

    Object q(Object query, Db db, Object[] args, Duration timeout) {
        return q(Query.of(query, db, args).timeout(timeout));
    }

    Object q(Query query) {
        Map<Keyword, Object> body = new LinkedHashMap<>();
        body.put(QUERY, code(query.query));
        body.put(ARGS, query.inputs);
        if (query.timeout != null) body.put(TIMEOUT_MS, query.timeout.toMillis());
        if (query.offset != null) body.put(OFFSET, query.offset);
        if (query.limit != null) body.put(LIMIT, query.limit);
        return post("/q", body, query.timeout);
    }

    Map<Keyword, Object> pull(Db db, Object selector, Object eid) {
        Map<Keyword, Object> body = new LinkedHashMap<>();
        body.put(SELECTOR, code(selector));
        body.put(EID, eid);
        body.put(DB, db);
        Object r = post("/pull", body, null);
        return r == null ? null : Wire.keywordMap(r);
    }

    @SuppressWarnings("unchecked")
    List<Map<Keyword, Object>> pullMany(Db db, Object selector, List<?> eids) {
        Map<Keyword, Object> body = new LinkedHashMap<>();
        body.put(SELECTOR, code(selector));
        body.put(EIDS, eids);
        body.put(DB, db);
        Object r = post("/pull", body, null);
        if (!(r instanceof List<?> l)) throw Wire.invalid("a list of pulled entities", r);
        return (List<Map<Keyword, Object>>) l;
    }

    Map<Keyword, Object> entity(Db db, Object eid) {
        String id = eid instanceof Number n ? Long.toString(n.longValue()) : param(eid);
        String dbName = nameOf(db);
        Object r = transport.call(Request.get(Paths.of(dbName, "/entity/" + Paths.segment(id)) + dbParams(db),
                dbName, null, null));
        return r == null ? null : Wire.keywordMap(r);
    }

    Iterable<Datom> datoms(Db db, Keyword index, Object[] components) {
        if (components.length > 4) throw AccreteException.invalidRequest("at most 4 components (e a v tx)");
        List<String> names = componentNames(index);
        return new Paged<>((last, offset, limit) -> {
            List<Object> params = new ArrayList<>(List.of("index", index.name()));
            for (int i = 0; i < components.length; i++) {
                params.add(names.get(i));
                params.add(param(components[i]));
            }
            params.addAll(List.of("offset", offset, "limit", limit));
            return datomPage(nameOf(db), Paths.of(nameOf(db), "/datoms") + Paths.query(params.toArray()) + dbParams(db, true));
        }, pageSize);
    }

    /** AVET datoms of {@code attr} in [start, end), a page at a time from the server's {@code /index-range}, which seeks to start. */
    Iterable<Datom> indexRange(Db db, Keyword attr, Object start, Object end) {
        if (attr == null) throw AccreteException.invalidRequest("indexRange needs an attribute");
        return new Paged<>((last, offset, limit) -> {
            List<Object> params = new ArrayList<>(List.of("a", param(attr)));
            if (start != null) params.addAll(List.of("start", param(start)));
            if (end != null) params.addAll(List.of("end", param(end)));
            params.addAll(List.of("offset", offset, "limit", limit));
            return datomPage(nameOf(db), Paths.of(nameOf(db), "/index-range") + Paths.query(params.toArray()) + dbParams(db, true));
        }, pageSize);
    }

    Iterable<LogEntry> txRange(Long start, Long end) {
        return new Paged<LogEntry>((last, offset, limit) -> {
            // Resume from the t after the last one seen rather than an offset: the log only grows at its end.
            Long from = last == null ? start : Long.valueOf(last.t() + 1);
            Object r = transport.call(Request.get(Paths.of(name, "/tx-range")
                    + Paths.query("start", from, "end", end, "limit", limit), name, null, null));
            if (r instanceof Map<?, ?> m && m.get(Keyword.of("transactions")) != null) r = m.get(Keyword.of("transactions"));
            if (!(r instanceof Collection<?> c)) throw Wire.invalid("a list of transactions", r);
            List<LogEntry> out = new ArrayList<>(c.size());
            for (Object o : c) out.add(Wire.logEntry(o));
            return out;
        }, pageSize);
    }

    private List<Datom> datomPage(String dbName, String path) {
        Object r = transport.call(Request.get(path, dbName, null, null));
        if (r instanceof Map<?, ?> m && m.get(Keyword.of("datoms")) != null) r = m.get(Keyword.of("datoms"));
        return Wire.datoms(r);
    }

    private Object post(String route, Map<Keyword, Object> body, Duration timeout) {
        return transport.call(Request.post(Paths.of(name, route), body, name, null, httpTimeout(timeout), false));
    }

    /** A query or selector: data, or EDN text that the server reads (transit carries it as a string). */
    private static Object code(Object form) {
        if (form == null) throw AccreteException.invalidRequest("a query or selector is required");
        return form;
    }

    /** A component of a datoms lookup as a URL parameter: numbers as digits, anything else as EDN. */
    private static String param(Object o) {
        if (o instanceof Number n && !(o instanceof Double)) return n.toString();
        try {
            return Edn.print(o);
        } catch (IllegalArgumentException e) {
            throw AccreteException.invalidRequest("a datoms component cannot be sent: " + e.getMessage());
        }
    }

    /** The database a value belongs to, which the GET routes name in their path (q and pull send the whole value). */
    private String nameOf(Db db) {
        return db == null || db.name() == null ? name : db.name();
    }

    private static String dbParams(Db db) { return dbParams(db, false); }

    /** The db value as URL parameters (its filters and speculative id), for the GET routes that cannot take a body. */
    private static String dbParams(Db db, boolean append) {
        if (db == null) return "";
        String q = Paths.query("basis-t", db.basisT() < 0 ? null : db.basisT(), "as-of", point(db.descriptor().get(Db.AS_OF)),
                "since", point(db.descriptor().get(Db.SINCE)),
                "history", db.isHistory() ? "true" : null, "with", db.descriptor().get(Db.WITH));
        return append && !q.isEmpty() ? "&" + q.substring(1) : q;
    }

    /** An as-of or since point as a URL parameter: a t, or an instant in ISO-8601. */
    private static Object point(Object p) {
        return p instanceof java.util.Date d ? d.toInstant().toString() : p;
    }

    private static List<String> componentNames(Keyword index) {
        return switch (index.name()) {
            case "eavt" -> List.of("e", "a", "v", "tx");
            case "aevt" -> List.of("a", "e", "v", "tx");
            case "avet" -> List.of("a", "v", "e", "tx");
            case "vaet" -> List.of("v", "a", "e", "tx");
            default -> throw AccreteException.invalidRequest("unknown index " + index + " (use :eavt, :aevt, :avet or :vaet)");
        };
    }

    static void checkTimeout(Duration timeout) {
        if (timeout != null && timeout.isNegative()) throw AccreteException.invalidRequest("a timeout cannot be negative: " + timeout);
    }

    /** Lets the server's own timeout answer (with its category) arrive before ours fires. */
    static Duration httpTimeout(Duration serverTimeout) {
        checkTimeout(serverTimeout);
        return serverTimeout == null ? null : serverTimeout.plus(serverTimeout.dividedBy(10)).plusMillis(100);
    }
}
