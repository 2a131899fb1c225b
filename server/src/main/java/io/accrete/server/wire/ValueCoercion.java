package io.accrete.server.wire;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.schema.ValueType;

import io.accrete.engine.data.NumberLimits;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * Turns a JSON (or query-string) scalar into the Java type an attribute of a given type stores.
 * Only formats that cannot carry the type themselves are converted; when a value does not fit
 * it is returned unchanged so that the engine rejects it with
 * {@code :db.error/wrong-type-for-attribute}, exactly as for EDN.
 */
public final class ValueCoercion {
    private ValueCoercion() {}

    public static Object coerce(ValueType type, Object v) {
        if (v == null || type == null) return v;
        try {
            return switch (type) {
                case STRING, BOOLEAN, TUPLE, REF -> v;
                case LONG -> v instanceof String s && s.matches("-?\\d{1,19}") ? Long.parseLong(s) : v;
                case DOUBLE -> v instanceof Number n ? fitted(n, false) : nonFinite(v);
                case FLOAT -> v instanceof Number n ? fitted(n, true) : nonFinite(v) instanceof Double d ? (Object) d.floatValue() : v;
                case BIGINT -> bigint(v);
                case BIGDEC -> bigdec(v);
                case INSTANT -> instant(v);
                case UUID_ -> v instanceof String s && s.length() == 36 ? UUID.fromString(s) : v;
                case KEYWORD -> v instanceof String s && !s.isEmpty() && !s.equals(":") ? Keyword.of(s) : v;
                case SYMBOL -> v instanceof String s && !s.isEmpty() ? Symbol.of(s) : v;
                case URI_ -> v instanceof String s ? new URI(s) : v;
                case BYTES -> v instanceof String s ? Base64.getDecoder().decode(s) : v;
            };
        } catch (IllegalArgumentException | ArithmeticException | URISyntaxException | DateTimeParseException e) {
            return v;
        }
    }

    /**
     * {@code n} as a double (or float) when it fits; a finite number too large for the type (JSON's
     * 1e400) stays as it is, for the type check to refuse, rather than becoming Infinity.
     */
    private static Object fitted(Number n, boolean asFloat) {
        boolean infinite = n instanceof Double d && d.isInfinite() || n instanceof Float f && f.isInfinite();
        if (asFloat) return Float.isInfinite(n.floatValue()) && !infinite ? n : (Object) n.floatValue();
        return Double.isInfinite(n.doubleValue()) && !infinite ? n : (Object) n.doubleValue();
    }

    /** What the JSON writer puts in strings because JSON numbers cannot hold them, and only that. */
    private static Object nonFinite(Object v) {
        return switch (v instanceof String s ? s : "") {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> v;
        };
    }

    private static Object bigint(Object v) {
        if (v instanceof Long l) return BigInteger.valueOf(l);
        if (v instanceof BigInteger) return v;
        if (v instanceof BigDecimal d) return NumberLimits.checked(d).toBigIntegerExact();
        if (v instanceof Double d && d == 0) return BigInteger.ZERO;   // JSON's -0.0, read as a double to keep its sign
        if (v instanceof String s && s.length() <= 1000) return NumberLimits.integer(s);
        return v;
    }

    private static Object bigdec(Object v) {
        if (v instanceof Long l) return BigDecimal.valueOf(l);
        if (v instanceof BigInteger b) return new BigDecimal(b);
        if (v instanceof BigDecimal d) return NumberLimits.checked(d);
        if (v instanceof Double d) return BigDecimal.valueOf(d);
        if (v instanceof String s && s.length() <= 1000) return NumberLimits.decimal(s);
        return v;
    }

    /** Epoch milliseconds, or an ISO-8601 / RFC 3339 text as EDN's {@code #inst} reads it (UTC when no offset is given). */
    public static Object instant(Object v) {
        if (v instanceof Long l) return new Date(l);
        if (!(v instanceof String s)) return v;
        try {
            return io.accrete.engine.data.Edn.readInstant(s);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return v;   // not an instant: the engine refuses it with :db.error/wrong-type-for-attribute
        }
    }
}
