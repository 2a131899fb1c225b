package io.accrete.engine.db;

import io.accrete.engine.index.Datom;
import io.accrete.engine.index.DatomOrder;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterators that turn a raw index slice into what a database view shows: equality filters on
 * components the slice could not bound, the tx window of as-of/since views, and for as-of the
 * collapse of each (e, a, v) history group into its state at the as-of point.
 */
final class DatomScan {
    private DatomScan() {}

    static final long ANY_E = -1;
    static final int ANY_A = -1;

    /** Datoms from {@code source} matching the bound components and visible in the tx window. */
    static Iterator<Datom> filtered(Iterator<Datom> source, long e, int a, Object v, long minT, long maxT) {
        boolean needsFilter = e != ANY_E || a != ANY_A || v != null || minT >= 0 || maxT < Long.MAX_VALUE;
        if (!needsFilter) return source;
        return new Iterator<>() {
            Datom next = advance();

            private Datom advance() {
                while (source.hasNext()) {
                    Datom d = source.next();
                    if (e != ANY_E && d.e() != e) continue;
                    if (a != ANY_A && d.a() != a) continue;
                    if (v != null && !DatomOrder.sameValue(v, d.v())) continue;
                    long t = d.t();
                    if (t <= minT || t > maxT) continue;
                    return d;
                }
                return null;
            }

            @Override public boolean hasNext() { return next != null; }

            @Override public Datom next() {
                if (next == null) throw new NoSuchElementException();
                Datom d = next;
                next = advance();
                return d;
            }
        };
    }

    /**
     * The as-of view of a history slice: within each (e, a, v) group (contiguous and in tx order
     * in every index), the last datom at or before {@code asOfT} decides; an assertion is shown,
     * a retraction hides the fact.
     */
    static Iterator<Datom> asOf(Iterator<Datom> history, long asOfT) {
        return new Iterator<>() {
            Datom pending = history.hasNext() ? history.next() : null;
            Datom next = advance();

            private Datom advance() {
                while (pending != null) {
                    Datom group = pending;
                    Datom last = null;
                    while (pending != null && pending.e() == group.e() && pending.a() == group.a()
                            && DatomOrder.sameValue(pending.v(), group.v())) {
                        if (pending.t() <= asOfT) last = pending;
                        pending = history.hasNext() ? history.next() : null;
                    }
                    if (last != null && last.added()) return last;
                }
                return null;
            }

            @Override public boolean hasNext() { return next != null; }

            @Override public Datom next() {
                if (next == null) throw new NoSuchElementException();
                Datom d = next;
                next = advance();
                return d;
            }
        };
    }

    /** The sorted union of two sorted iterators (current and retracted facts are disjoint). */
    static Iterator<Datom> merge(Iterator<Datom> a, Iterator<Datom> b, java.util.Comparator<Datom> cmp) {
        if (!b.hasNext()) return a;
        if (!a.hasNext()) return b;
        return new Iterator<>() {
            Datom x = a.next(), y = b.next();

            @Override public boolean hasNext() { return x != null || y != null; }

            @Override public Datom next() {
                Datom out;
                if (y == null || (x != null && cmp.compare(x, y) <= 0)) {
                    out = x;
                    x = a.hasNext() ? a.next() : null;
                } else {
                    out = y;
                    y = b.hasNext() ? b.next() : null;
                }
                if (out == null) throw new NoSuchElementException();
                return out;
            }
        };
    }
}
