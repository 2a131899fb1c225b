package io.accrete.server.wire;

import com.cognitect.transit.Ratio;
import io.accrete.engine.error.Errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Normalises what transit-java hands back into the engine's plain value types: transit's
 * {@code Character} and {@code Ratio} have no place in a database value, and its collections
 * are made unmodifiable like the EDN reader's.
 */
final class Plain {
    private Plain() {}

    static Object of(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(of(e.getKey()), of(e.getValue()));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof io.accrete.engine.data.EdnList l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(of(o));
            return io.accrete.engine.data.EdnList.copyOf(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(of(o));
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object o : s) out.add(of(o));
            return Collections.unmodifiableSet(out);
        }
        if (v instanceof Character c) return String.valueOf(c);
        if (v instanceof Ratio) throw Errors.error(Errors.PARSE, "Ratios are not supported");
        if (v instanceof Integer i) return i.longValue();
        return v;
    }
}
