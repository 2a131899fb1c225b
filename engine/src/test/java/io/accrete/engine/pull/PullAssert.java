package io.accrete.engine.pull;

import io.accrete.engine.data.Edn;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compares pull results with expected EDN. Vectors of maps are compared as sets: their order is
 * entity-id order, and ids depend on how the transactor numbered the fixture, which the
 * documentation examples do not fix. Vectors of scalars keep their (value) order.
 */
final class PullAssert {
    private PullAssert() {}

    static void assertPull(Object expected, Object actual) {
        assertEquals(normalize(expected), normalize(actual), () -> "expected " + Edn.print(expected) + "\n but got " + Edn.print(actual));
    }

    static Object normalize(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> en : m.entrySet()) out.put(en.getKey(), normalize(en.getValue()));
            return out;
        }
        if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?>) {
            Set<Object> out = new HashSet<>();
            for (Object o : l) out.add(normalize(o));
            return out;
        }
        return v;
    }
}
