package io.accrete.server.http.endpoints;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;

import java.util.List;
import java.util.Map;

/** Just enough of a query's shape to know whether it expects a database first. */
final class QueryShape {
    private static final Keyword IN = Keyword.of("in");

    private QueryShape() {}

    static boolean firstInIsSource(Object query) {
        Object first = null;
        boolean hasIn = false;
        if (query instanceof Map<?, ?> m) {
            Object in = m.get(IN);
            hasIn = in != null;
            if (in instanceof List<?> l && !l.isEmpty()) first = l.get(0);
        } else if (query instanceof List<?> l) {
            int i = l.indexOf(IN);
            hasIn = i >= 0;
            if (hasIn && i + 1 < l.size()) first = l.get(i + 1);
        }
        if (!hasIn) return true;
        return first instanceof Symbol s && s.fullName().startsWith("$");
    }
}
