package io.accrete.client;

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

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object value, Object bound) {
        if (value instanceof Number a && bound instanceof Number b && !(a instanceof java.math.BigDecimal)
                && !(b instanceof java.math.BigDecimal)) {
            boolean whole = !(a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float);
            return whole ? Long.compare(a.longValue(), b.longValue()) : Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (value instanceof Comparable c && value.getClass().isInstance(bound)) return c.compareTo(bound);
        throw new IllegalArgumentException("cannot compare " + Edn.print(value) + " with the bound " + Edn.print(bound));
    }
}
