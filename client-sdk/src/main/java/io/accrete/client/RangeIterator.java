package io.accrete.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** Cuts [start, end) out of datoms sorted by value; values of one attribute share a type. */
final class RangeIterator implements Iterator<Datom> {
    private final Iterator<Datom> source;
    private final Object start;
    private final Object end;
    private Datom next;
    private boolean done;

    RangeIterator(Iterator<Datom> source, Object start, Object end) {
        this.source = source;
        this.start = start;
        this.end = end;
    }

    @Override public boolean hasNext() {
        while (next == null && !done) {
            if (!source.hasNext()) {
                done = true;
                break;
            }
            Datom d = source.next();
            if (end != null && compare(d.v(), end) >= 0) {
                done = true;
            } else if (start == null || compare(d.v(), start) >= 0) {
                next = d;
            }
        }
        return next != null;
    }

    @Override public Datom next() {
        if (!hasNext()) throw new NoSuchElementException();
        Datom d = next;
        next = null;
        return d;
    }

    /**
     * A value against a bound of the attribute's type: numbers by their exact values (a bigint
     * past the range of a long, a double against a long), instants as Date or Instant.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object value, Object bound) {
        if (value instanceof Number a && bound instanceof Number b) {
            BigDecimal x = exact(a), y = exact(b);
            return x != null && y != null ? x.compareTo(y) : Double.compare(a.doubleValue(), b.doubleValue());
        }
        Instant vi = instant(value), bi = instant(bound);
        if (vi != null && bi != null) return vi.compareTo(bi);
        if (value instanceof Comparable c && value.getClass().isInstance(bound)) return c.compareTo(bound);
        throw AccreteException.invalidRequest("cannot compare " + Edn.print(value) + " with the bound " + Edn.print(bound));
    }

    /** The exact value of a number; null for NaN and the infinities, which only doubles compare. */
    private static BigDecimal exact(Number n) {
        if (n instanceof BigDecimal d) return d;
        if (n instanceof BigInteger i) return new BigDecimal(i);
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? new BigDecimal(d) : null;
        }
        return BigDecimal.valueOf(n.longValue());
    }

    private static Instant instant(Object o) {
        if (o instanceof Date d) return d.toInstant();
        if (o instanceof Instant i) return i;
        return null;
    }
}
