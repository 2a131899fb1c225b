package io.accrete.engine.db;

import io.accrete.engine.index.AnyScale;
import io.accrete.engine.index.DatomOrder;
import io.accrete.engine.schema.ValueType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * A number given to an index lookup ({@code datoms}, {@code indexRange}, a lookup ref) as the
 * attribute's own type holds the same value: Datomic compares numbers there by value, so 1 finds
 * 1.0 in a double attribute, 1.5M finds 1.50M, and 25.5 starts a range of longs at 26. NaN, which
 * the peer compares equal to every number, finds every value and starts a range at its beginning.
 * Transactions and query patterns keep their own, stricter rules.
 */
final class NumericKeys {
    private NumericKeys() {}

    /** Matches no value of any attribute: a lookup of 2.5 among longs. */
    static final Object NOTHING = new Object();
    /** Matches every value of the attribute: a lookup of NaN among numbers. */
    static final Object ANY = new Object();

    /**
     * {@code v} as a value of {@code type}: itself when it already is one or is no number; for a
     * lookup ({@code roundUp} false) {@link #NOTHING} when the type holds no equal value; for a
     * range bound ({@code roundUp} true) the least value of the type not below it. A decimal
     * attribute gets an {@link AnyScale} probe; NaN for a numeric one {@link #ANY} for a lookup, and
     * for a bound a place before every value (so a range from NaN has no start, one to NaN is empty).
     */
    static Object asType(ValueType type, Object v, boolean roundUp) {
        if (!(v instanceof Number n)) return v;
        if ((v instanceof Double d && d.isNaN() || v instanceof Float f && f.isNaN()) && isNumeric(type)) return roundUp ? DatomOrder.V_MIN : ANY;
        if (type == ValueType.BIGDEC) return decimal(n, roundUp);
        Object same = type.accept(v);
        if (same != null) return same;
        switch (type) {
            case DOUBLE: return n.doubleValue();
            // As the peer: a float attribute finds only a number a float holds exactly (0.1 finds nothing).
            case FLOAT: return roundUp || n.floatValue() == n.doubleValue() ? (Object) n.floatValue() : NOTHING;
            case LONG, BIGINT: {
                if (n instanceof Double || n instanceof Float) {
                    double d = n.doubleValue();
                    if (Double.isNaN(d)) return NOTHING;
                    if (Double.isInfinite(d)) return !roundUp ? NOTHING : d > 0 ? DatomOrder.V_MAX : DatomOrder.V_MIN;
                }
                BigDecimal exact = n instanceof BigDecimal b ? b : n instanceof BigInteger i ? new BigDecimal(i) : new BigDecimal(n.toString());
                BigInteger whole;
                if (exact.stripTrailingZeros().scale() <= 0) whole = exact.toBigIntegerExact();
                else if (roundUp) whole = exact.setScale(0, RoundingMode.CEILING).toBigIntegerExact();
                else return NOTHING;
                if (type == ValueType.BIGINT) return whole;
                if (whole.bitLength() < 64) return whole.longValue();
                return !roundUp ? NOTHING : whole.signum() > 0 ? DatomOrder.V_MAX : DatomOrder.V_MIN;
            }
            default: return v;
        }
    }

    private static boolean isNumeric(ValueType type) {
        return switch (type) {
            case LONG, DOUBLE, FLOAT, BIGINT, BIGDEC -> true;
            default -> false;
        };
    }

    /** Any number as a probe for a decimal attribute; a double by its shortest decimal text (0.1 finds 0.1M). */
    private static Object decimal(Number n, boolean roundUp) {
        if (n instanceof BigDecimal d) return new AnyScale(d);
        if (n instanceof BigInteger i) return new AnyScale(new BigDecimal(i));
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) return new AnyScale(BigDecimal.valueOf(n.longValue()));
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isInfinite(d)) return !roundUp ? NOTHING : d > 0 ? DatomOrder.V_MAX : DatomOrder.V_MIN;
            return new AnyScale(new BigDecimal(n.toString()));
        }
        return n;
    }
}
