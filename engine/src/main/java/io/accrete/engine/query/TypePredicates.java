package io.accrete.engine.query;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * clojure.core's type predicates, with Clojure's meaning for the values Accrete stores: the
 * usual {@code :db.attr/preds} ({@code clojure.core/string?}, {@code nat-int?}…) and handy in
 * queries too.
 */
final class TypePredicates {
    private TypePredicates() {}

    static void registerAll(Map<String, QueryFunction> m) {
        is(m, "string?", x -> x instanceof String);
        is(m, "keyword?", x -> x instanceof Keyword);
        is(m, "symbol?", x -> x instanceof Symbol);
        is(m, "ident?", x -> x instanceof Keyword || x instanceof Symbol);
        is(m, "qualified-keyword?", x -> x instanceof Keyword k && k.namespace() != null);
        is(m, "simple-keyword?", x -> x instanceof Keyword k && k.namespace() == null);
        is(m, "boolean?", x -> x instanceof Boolean);
        is(m, "number?", x -> x instanceof Number);
        // As in Clojure: int? is a fixed-size integer, integer? any integer, float? a Double or a Float.
        is(m, "int?", TypePredicates::fixedInt);
        is(m, "integer?", x -> fixedInt(x) || x instanceof BigInteger);
        is(m, "nat-int?", x -> fixedInt(x) && ((Number) x).longValue() >= 0);
        is(m, "pos-int?", x -> fixedInt(x) && ((Number) x).longValue() > 0);
        is(m, "neg-int?", x -> fixedInt(x) && ((Number) x).longValue() < 0);
        is(m, "double?", x -> x instanceof Double);
        is(m, "float?", x -> x instanceof Double || x instanceof Float);
        is(m, "decimal?", x -> x instanceof BigDecimal);
        is(m, "inst?", x -> x instanceof Date || x instanceof java.time.Instant);
        is(m, "uuid?", x -> x instanceof UUID);
        is(m, "uri?", x -> x instanceof java.net.URI);
        is(m, "bytes?", x -> x instanceof byte[]);
        is(m, "coll?", x -> x instanceof Collection || x instanceof Map);
        is(m, "vector?", x -> x instanceof List);
        is(m, "map?", x -> x instanceof Map);
        is(m, "set?", x -> x instanceof Set);
    }

    private static boolean fixedInt(Object x) {
        return x instanceof Long || x instanceof Integer || x instanceof Short || x instanceof Byte;
    }

    private static void is(Map<String, QueryFunction> m, String name, Predicate<Object> p) {
        m.put(name, a -> {
            BuiltinFunctions.arity(a, 1, 1, name);
            return p.test(a[0]);
        });
    }
}
