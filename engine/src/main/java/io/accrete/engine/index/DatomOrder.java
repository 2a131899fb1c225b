package io.accrete.engine.index;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The sort orders of the four indexes. Values of one attribute share a type, so comparisons
 * across types only happen against the MIN/MAX sentinels used for range bounds, or when a query
 * probes with a value of another type; those order by a fixed type rank.
 */
public final class DatomOrder {
    private DatomOrder() {}

    /** Sorts before every value; only used in range bounds. */
    public static final Object V_MIN = new Object() { @Override public String toString() { return "<min>"; } };
    /** Sorts after every value; only used in range bounds. */
    public static final Object V_MAX = new Object() { @Override public String toString() { return "<max>"; } };

    public static final Comparator<Datom> EAVT = (x, y) -> {
        int c = Long.compare(x.e(), y.e());
        if (c != 0) return c;
        c = Integer.compare(x.a(), y.a());
        if (c != 0) return c;
        c = compareV(x, y);
        return c != 0 ? c : Long.compare(x.tx(), y.tx());
    };

    public static final Comparator<Datom> AEVT = (x, y) -> {
        int c = Integer.compare(x.a(), y.a());
        if (c != 0) return c;
        c = Long.compare(x.e(), y.e());
        if (c != 0) return c;
        c = compareV(x, y);
        return c != 0 ? c : Long.compare(x.tx(), y.tx());
    };

    public static final Comparator<Datom> AVET = (x, y) -> {
        int c = Integer.compare(x.a(), y.a());
        if (c != 0) return c;
        c = compareV(x, y);
        if (c != 0) return c;
        c = Long.compare(x.e(), y.e());
        return c != 0 ? c : Long.compare(x.tx(), y.tx());
    };

    public static final Comparator<Datom> VAET = (x, y) -> {
        int c = compareV(x, y);
        if (c != 0) return c;
        c = Integer.compare(x.a(), y.a());
        if (c != 0) return c;
        c = Long.compare(x.e(), y.e());
        return c != 0 ? c : Long.compare(x.tx(), y.tx());
    };

    public static Comparator<Datom> of(Index index) {
        return switch (index) {
            case EAVT -> EAVT;
            case AEVT -> AEVT;
            case AVET -> AVET;
            case VAET -> VAET;
        };
    }

    /**
     * Two datoms' values: as primitives when both are longs or both instants, by their prefixes
     * when both are strings with different prefixes, else {@link #compareValues}.
     */
    static int compareV(Datom x, Datom y) {
        byte k = x.vkind;
        if (k != Datom.OTHER && k == y.vkind) {
            if (k != Datom.STRING) return Long.compare(x.vkey, y.vkey);
            int c = Long.compareUnsigned(x.vkey, y.vkey);
            if (c != 0) return c;
        }
        return compareValues(x.v(), y.v());
    }

    /** Total order over every value type the engine stores. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compareValues(Object x, Object y) {
        if (x == y) return 0;
        if (x instanceof Long a && y instanceof Long b) return Long.compare(a, b);
        if (x instanceof String a && y instanceof String b) return a.compareTo(b);
        if (x == V_MIN || y == V_MAX) return -1;
        if (x == V_MAX || y == V_MIN) return 1;
        if (x == null) return -1;
        if (y == null) return 1;
        if (x instanceof AnyScale p) return -compareToProbe(y, p.value());
        if (y instanceof AnyScale p) return compareToProbe(x, p.value());
        int rx = rank(x), ry = rank(y);
        if (rx != ry) return Integer.compare(rx, ry);
        if (x instanceof byte[] a) return Arrays.compare(a, (byte[]) y);
        if (x instanceof List<?> a) return compareLists(a, (List<?>) y);
        if (x instanceof Date a) return Long.compare(a.getTime(), ((Date) y).getTime());
        // As in Datomic: -0.0 and 0.0 are one value (and NaN is one value), and a decimal's scale is
        // part of it (1.5M and 1.50M are two values, the one after the other); lookups that go by
        // number alone, as the peer's index calls do, probe with an AnyScale.
        if (x instanceof Double a) return compareFloating(a, (Double) y);
        if (x instanceof Float a) return compareFloating(a.doubleValue(), ((Float) y).doubleValue());
        if (x instanceof BigDecimal a) {
            int c = a.compareTo((BigDecimal) y);
            return c != 0 ? c : Integer.compare(a.scale(), ((BigDecimal) y).scale());
        }
        if (x instanceof Comparable a) return a.compareTo(y);
        return Integer.compare(System.identityHashCode(x), System.identityHashCode(y));
    }

    /** A value against an {@link AnyScale} probe: decimals by number alone, other types by rank. */
    private static int compareToProbe(Object x, BigDecimal probe) {
        if (x instanceof AnyScale p) return p.value().compareTo(probe);
        if (x instanceof BigDecimal d) return d.compareTo(probe);
        return Integer.compare(rank(x), rank(probe));
    }

    private static int compareFloating(double a, double b) {
        return a == b ? 0 : Double.compare(a, b);   // == holds for -0.0 and 0.0; Double.compare puts NaN last, equal to itself
    }

    private static int compareLists(List<?> a, List<?> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compareValues(a.get(i), b.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int rank(Object o) {
        if (o instanceof Long) return 1;
        if (o instanceof Double) return 2;
        if (o instanceof Float) return 3;
        if (o instanceof BigInteger) return 4;
        if (o instanceof BigDecimal) return 5;
        if (o instanceof String) return 6;
        if (o instanceof Keyword) return 7;
        if (o instanceof Boolean) return 8;
        if (o instanceof Date) return 9;
        if (o instanceof UUID) return 10;
        if (o instanceof Symbol) return 11;
        if (o instanceof URI) return 12;
        if (o instanceof byte[]) return 13;
        if (o instanceof List) return 14;
        return 15;
    }

    /** Value equality as the indexes see it (byte arrays by content, -0.0 equal to 0.0, 1.0M not equal to 1.00M). */
    public static boolean sameValue(Object x, Object y) {
        return compareValues(x, y) == 0;
    }
}
