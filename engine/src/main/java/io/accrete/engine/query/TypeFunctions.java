package io.accrete.engine.query;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.index.EntityIds;

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
 * clojure.core's type predicates and conversions, with Clojure's meaning for the values Accrete
 * stores: the usual {@code :db.attr/preds} ({@code clojure.core/string?}, {@code nat-int?}…), and
 * {@code long}, {@code double}, {@code bigdec}… in queries. Also Datomic's own {@code tx->t} and
 * {@code t->tx}.
 */
final class TypeFunctions {
    private TypeFunctions() {}

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
        is(m, "int?", TypeFunctions::fixedInt);
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

        // Conversions: as Clojure's, a double becomes an integer by truncation.
        to(m, "long", x -> x instanceof Number n ? n instanceof Double || n instanceof Float || n instanceof BigDecimal
                ? (Object) exact(n).toBigInteger().longValueExact() : n.longValue() : fail("long", x));
        m.put("int", m.get("long"));
        to(m, "double", x -> x instanceof Number n ? n.doubleValue() : fail("double", x));
        to(m, "float", x -> x instanceof Number n ? n.floatValue() : fail("float", x));
        to(m, "bigint", x -> x instanceof BigInteger ? x : x instanceof Number n
                ? exact(n).toBigInteger() : x instanceof String s ? io.accrete.engine.data.NumberLimits.integer(s) : fail("bigint", x));
        to(m, "bigdec", x -> x instanceof BigDecimal ? x : x instanceof Number n
                ? exact(n) : x instanceof String s ? io.accrete.engine.data.NumberLimits.decimal(s) : fail("bigdec", x));
        to(m, "boolean", x -> x != null && !Boolean.FALSE.equals(x));
        to(m, "inst-ms", x -> x instanceof Date d ? d.getTime() : x instanceof java.time.Instant i ? i.toEpochMilli() : fail("inst-ms", x));
        to(m, "abs", x -> {
            if (x instanceof Long l) return Math.abs(l);
            if (x instanceof Double d) return Math.abs(d);
            if (x instanceof BigInteger b) return b.abs();
            if (x instanceof BigDecimal b) return b.abs();
            return x instanceof Number n ? (Object) Math.abs(n.doubleValue()) : fail("abs", x);
        });
        to(m, "datomic.api/tx->t", x -> x instanceof Number n ? EntityIds.toT(n.longValue()) : fail("tx->t", x));
        to(m, "datomic.api/t->tx", x -> x instanceof Number n ? EntityIds.tToTx(EntityIds.toT(n.longValue())) : fail("t->tx", x));
    }

    /** A number's exact value, refused when written out it is too long to make an integer of. */
    private static BigDecimal exact(Number n) {
        return BuiltinFunctions.Numbers.sized(n instanceof BigDecimal d ? d : new BigDecimal(n.toString()));
    }

    private static Object fail(String fn, Object x) {
        throw new IllegalArgumentException(fn + " cannot convert " + (x == null ? "nil" : x.getClass().getSimpleName()));
    }

    private static boolean fixedInt(Object x) {
        return x instanceof Long || x instanceof Integer || x instanceof Short || x instanceof Byte;
    }

    private static void is(Map<String, QueryFunction> m, String name, Predicate<Object> p) {
        BuiltinFunctions.unary(m, name, p::test);
    }

    private static void to(Map<String, QueryFunction> m, String name, java.util.function.Function<Object, Object> f) {
        BuiltinFunctions.unary(m, name, f);
    }
}
