package io.accrete.engine.query;

import io.accrete.engine.data.Edn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Offset and limit over a result. Sets have no order, so pages are cut from the tuples sorted
 * by value (element by element, in the index order of values): the same query on the same
 * database gives the same pages.
 */
final class Paging {
    private Paging() {}

    static List<List<Object>> page(List<List<Object>> tuples, QueryOptions o) {
        int offset = o.offset() == null ? 0 : Math.max(0, o.offset());
        int limit = o.limit() == null || o.limit() < 0 ? Integer.MAX_VALUE : o.limit();
        if (offset >= tuples.size() || limit == 0) return List.of();
        List<List<Object>> sorted = new ArrayList<>(tuples);
        sorted.sort(Paging::compareTuples);
        int end = (int) Math.min((long) offset + limit, sorted.size());
        return sorted.subList(offset, end);
    }

    static int compareTuples(List<Object> a, List<Object> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compareValue(a.get(i), b.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareValue(Object x, Object y) {
        if (x instanceof Map || y instanceof Map || x instanceof Collection<?> && !(x instanceof List)
                || y instanceof Collection<?> && !(y instanceof List)) {
            return Edn.print(x).compareTo(Edn.print(y));
        }
        return BuiltinFunctions.compare(x, y);
    }
}
