package io.accrete.engine.index;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.EdnPrintable;

import java.util.Date;
import java.util.Objects;

/**
 * One fact: entity {@code e} has value {@code v} for attribute {@code a}, asserted
 * ({@code added}) or retracted in transaction {@code tx}. The attribute is its entity id, which
 * always lives in the {@code :db.part/db} partition and so fits an int.
 *
 * <p>A long or instant value is also kept as a primitive ({@link #vkey}), so that the index
 * comparators order such values without loading the boxed value: those loads are cache misses,
 * and they were the largest part of inserting {@code :db/txInstant} datoms into AVET
 * (docs/benchmarks.md, stops 15 and 16). A string keeps its first eight characters the same way
 * when they are all Latin-1, packed so that unsigned order is the strings' order on them; the
 * comparator loads the strings only when those prefixes are equal. Equality and hashing are over
 * the five components only, as a record's would be.
 */
public final class Datom implements EdnPrintable {
    /** {@link #vkind} of a value compared through {@link DatomOrder#compareValues}. */
    static final byte OTHER = 0;
    static final byte LONG = 1;
    static final byte INSTANT = 2;
    /** A string whose first eight characters are Latin-1; {@link #vkey} holds them, one per byte. */
    static final byte STRING = 3;

    private final long e;
    private final int a;
    private final Object v;
    private final long tx;
    private final boolean added;
    /** The value as a long for {@link #LONG} and {@link #INSTANT}, a prefix for {@link #STRING}. */
    final long vkey;
    final byte vkind;

    public Datom(long e, int a, Object v, long tx, boolean added) {
        this.e = e;
        this.a = a;
        this.v = v;
        this.tx = tx;
        this.added = added;
        if (v instanceof Long l) {
            vkind = LONG;
            vkey = l;
        } else if (v != null && v.getClass() == Date.class) {
            // Exactly java.util.Date: a subclass may define getTime() its own way.
            vkind = INSTANT;
            vkey = ((Date) v).getTime();
        } else if (v instanceof String str && latin1Prefix(str)) {
            vkind = STRING;
            vkey = prefix(str);
        } else {
            vkind = OTHER;
            vkey = 0;
        }
    }

    private static boolean latin1Prefix(String s) {
        for (int i = 0, n = Math.min(8, s.length()); i < n; i++) if (s.charAt(i) > 0xFF) return false;
        return true;
    }

    /**
     * The first eight characters, one byte each, the first in the highest byte and zeros past the
     * end: unsigned order of two prefixes is the strings' order, except that equal prefixes
     * (a shorter string padded with zeros, a string of NULs) decide nothing.
     */
    private static long prefix(String s) {
        long k = 0;
        for (int i = 0; i < 8; i++) k = k << 8 | (i < s.length() ? s.charAt(i) : 0);
        return k;
    }

    public long e() { return e; }
    public int a() { return a; }
    public Object v() { return v; }
    public long tx() { return tx; }
    public boolean added() { return added; }

    /** The basis t of the transaction that made this datom. */
    public long t() { return EntityIds.txToT(tx); }

    @Override public boolean equals(Object o) {
        return o instanceof Datom d && e == d.e && a == d.a && tx == d.tx && added == d.added && Objects.equals(v, d.v);
    }

    @Override public int hashCode() {
        int h = Long.hashCode(e);
        h = 31 * h + a;
        h = 31 * h + Objects.hashCode(v);
        h = 31 * h + Long.hashCode(tx);
        return 31 * h + Boolean.hashCode(added);
    }

    @Override public void printEdn(StringBuilder out) {
        out.append('[').append(e).append(' ').append(a).append(' ');
        Edn.print(v, out);
        out.append(' ').append(tx).append(' ').append(added).append(']');
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        printEdn(sb);
        return sb.toString();
    }
}
