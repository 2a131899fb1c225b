package io.accrete.engine.db;

import io.accrete.engine.index.DatomOrder;
import io.accrete.engine.schema.ValueType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * A number given to an index lookup ({@code datoms}, {@code indexRange}, a lookup ref) as the
 * attribute's own type holds the same value: Datomic compares numbers there by value, so 1 finds
 * 1.0 in a double attribute, and 25.5 starts a range of longs at 26. Transactions and query
 * patterns keep their own, stricter rules.
 */
final class NumericKeys {
    private NumericKeys() {}

    /** Matches no value of any attribute: a lookup of 2.5 among longs. */
    static final Object NOTHING = new Object();

    /**
     * {@code v} as a value of {@code type}: itself when it already is one or is no number; for a
     * lookup ({@code roundUp} false) {@link #NOTHING} when the type holds no equal value; for a
     * range bound ({@code roundUp} true) the least value of the type not below it.
     */
    static Object asType(ValueType type, Object v, boolean roundUp) {
        if (!(v instanceof Number n) || type.accept(v) != null) return v;
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
}
