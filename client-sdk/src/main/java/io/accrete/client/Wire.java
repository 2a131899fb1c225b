package io.accrete.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns the server's decoded transit answers into the SDK's value types, strictly. */
final class Wire {
    private Wire() {}

    static final Keyword DB_BEFORE = Keyword.of("db-before");
    static final Keyword DB_AFTER = Keyword.of("db-after");
    static final Keyword TX_DATA = Keyword.of("tx-data");
    static final Keyword TEMPIDS = Keyword.of("tempids");
    static final Keyword T = Keyword.of("t");
    static final Keyword DATA = Keyword.of("data");

    static TxReport txReport(Object o) {
        Map<?, ?> m = asMap(o);
        Map<Object, Long> tempids = new HashMap<>();
        if (m.get(TEMPIDS) instanceof Map<?, ?> ids) {
            for (Map.Entry<?, ?> e : ids.entrySet()) tempids.put(e.getKey(), asLong(e.getValue()));
        }
        return new TxReport(Db.fromDescriptor(m.get(DB_BEFORE)), Db.fromDescriptor(m.get(DB_AFTER)),
                datoms(m.get(TX_DATA)), Collections.unmodifiableMap(tempids));
    }

    static List<Datom> datoms(Object o) {
        if (o == null) return List.of();
        if (!(o instanceof Collection<?> c)) throw invalid("datoms", o);
        List<Datom> out = new ArrayList<>(c.size());
        for (Object d : c) out.add(Datom.fromWire(d));
        return Collections.unmodifiableList(out);
    }

    static LogEntry logEntry(Object o) {
        Map<?, ?> m = asMap(o);
        return new LogEntry(asLong(m.get(T)), datoms(m.get(DATA)));
    }

    @SuppressWarnings("unchecked")
    static Map<Keyword, Object> keywordMap(Object o) {
        return (Map<Keyword, Object>) asMap(o);
    }

    static Map<?, ?> asMap(Object o) {
        if (o instanceof Map<?, ?> m) return m;
        throw invalid("map", o);
    }

    static long asLong(Object o) {
        if (o instanceof Long l) return l;
        if (o instanceof Number n) return n.longValue();
        // JSON-minded servers may send ids past 2^53 as strings; accept them here too.
        if (o instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw invalid("number", o);
            }
        }
        throw invalid("number", o);
    }

    static Keyword asKeyword(Object o) {
        if (o instanceof Keyword k) return k;
        if (o instanceof String s && s.startsWith(":")) return Keyword.of(s);
        throw invalid("keyword", o);
    }

    static AccreteException invalid(String expected, Object got) {
        String shown = String.valueOf(got);
        if (shown.length() > 200) shown = shown.substring(0, 200) + "…";
        return new AccreteException(AccreteException.INVALID_RESPONSE, "expected " + expected + " from the server, got " + shown);
    }
}
