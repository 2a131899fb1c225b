package io.accrete.engine.query;

import io.accrete.engine.data.EdnList;
import io.accrete.engine.query.QueryModel.ParsedQuery;
import io.accrete.engine.query.QueryModel.RuleDef;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Parsed queries and rule sets, keyed by their form (EDN text, or the data itself). Keys compare
 * lists strictly: {@code (f ?x)} and {@code [f ?x]} are equal as Java lists but mean different
 * things in a query, so a list's kind is part of its key.
 */
final class QueryCache {
    private QueryCache() {}

    private static final int MAX_ENTRIES = 4096;
    private static final Map<Object, ParsedQuery> QUERIES = new ConcurrentHashMap<>();
    private static final Map<Object, List<RuleDef>> RULES = new ConcurrentHashMap<>();

    static ParsedQuery query(Object form) {
        Object key = keyOf(form);
        ParsedQuery pq = QUERIES.get(key);
        if (pq != null) return pq;
        pq = QueryParser.parse(form);
        // A crude bound: a service sees a small working set of query shapes; a flood of
        // one-off queries (literals inlined instead of passed as inputs) just resets the cache.
        if (QUERIES.size() >= MAX_ENTRIES) QUERIES.clear();
        QUERIES.put(key, pq);
        return pq;
    }

    static List<RuleDef> rules(Object form) {
        Object key = keyOf(form);
        List<RuleDef> r = RULES.get(key);
        if (r != null) return r;
        r = List.copyOf(QueryParser.parseRules(form));
        if (RULES.size() >= MAX_ENTRIES) RULES.clear();
        RULES.put(key, r);
        return r;
    }

    static void clear() {
        QUERIES.clear();
        RULES.clear();
    }

    private static Object keyOf(Object form) {
        return form instanceof String ? form : new FormKey(form);
    }

    private static final class FormKey {
        private final Object form;
        private final int hash;

        FormKey(Object form) {
            this.form = form;
            this.hash = hash(form);
        }

        private static int hash(Object o) {
            if (o instanceof List<?> l) {
                int h = o instanceof EdnList ? 7 : 3;
                for (Object x : l) h = h * 31 + hash(x);
                return h;
            }
            // a regex pattern (a constant in a query given as data) has identity equality: key it by its text
            if (o instanceof Pattern p) return p.pattern().hashCode() * 31 + p.flags();
            return Objects.hashCode(o);
        }

        private static boolean same(Object a, Object b) {
            if (a instanceof List<?> la) {
                if (!(b instanceof List<?> lb) || (a instanceof EdnList) != (b instanceof EdnList) || la.size() != lb.size()) return false;
                Iterator<?> ia = la.iterator(), ib = lb.iterator();
                while (ia.hasNext()) if (!same(ia.next(), ib.next())) return false;
                return true;
            }
            if (b instanceof List<?>) return false;
            if (a instanceof Pattern pa) return b instanceof Pattern pb && pa.pattern().equals(pb.pattern()) && pa.flags() == pb.flags();
            return Objects.equals(a, b);
        }

        @Override public int hashCode() { return hash; }

        @Override public boolean equals(Object o) {
            return o instanceof FormKey k && k.hash == hash && same(form, k.form);
        }
    }
}
