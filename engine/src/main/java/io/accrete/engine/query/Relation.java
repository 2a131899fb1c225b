package io.accrete.engine.query;

import io.accrete.engine.data.Symbol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set of tuples over named variables, the unit of set-at-a-time evaluation. Rows are plain
 * arrays in column order. {@code distinct} records that no two rows are equal, which lets the
 * final projection skip a hash set when it keeps every column.
 */
final class Relation {
    final Symbol[] vars;
    final List<Object[]> rows;
    boolean distinct;
    /**
     * For a distinct relation, variables whose values already tell rows apart (e.g. the entity
     * of a cardinality-one pattern); null means all of them. Lets a projection that keeps them
     * skip the hash set.
     */
    Symbol[] key;

    Relation(Symbol[] vars, List<Object[]> rows, boolean distinct) {
        this.vars = vars;
        this.rows = rows;
        this.distinct = distinct;
    }

    /** The relation with one empty row: the identity of join. */
    static Relation unit() {
        List<Object[]> rows = new ArrayList<>(1);
        rows.add(new Object[0]);
        return new Relation(new Symbol[0], rows, true);
    }

    int size() { return rows.size(); }

    int indexOf(Symbol v) {
        for (int i = 0; i < vars.length; i++) if (vars[i] == v) return i;
        return -1;
    }

    boolean has(Symbol v) { return indexOf(v) >= 0; }

    int[] indexesOf(List<Symbol> vs) {
        int[] out = new int[vs.size()];
        for (int i = 0; i < out.length; i++) out[i] = indexOf(vs.get(i));
        return out;
    }

    /**
     * A hash key over some columns; one column keys by the value itself. Numbers that Clojure's =
     * calls equal (1 and 1N) key alike, so that joins unify them as Datomic does.
     */
    static Object key(Object[] row, int[] cols) {
        if (cols.length == 1) return part(row[cols[0]]);
        Object[] k = new Object[cols.length];
        for (int i = 0; i < cols.length; i++) k[i] = part(row[cols[i]]);
        return new Key(k);
    }

    private static Object part(Object v) {
        return v instanceof Number && !(v instanceof Long) && !(v instanceof Double) ? BuiltinFunctions.Numbers.equalityKey(v) : v;
    }

    record Key(Object[] parts) {
        @Override public boolean equals(Object o) { return o instanceof Key k && Arrays.equals(parts, k.parts); }
        @Override public int hashCode() { return Arrays.hashCode(parts); }
    }

    Relation withKey(Symbol[] k) {
        this.key = k;
        return this;
    }

    private Symbol[] keyVars() { return key != null ? key : vars; }

    /** Distinct rows of the given columns, in that order. */
    Relation project(List<Symbol> keep, Deadline deadline) {
        int[] cols = indexesOf(keep);
        Symbol[] vs = keep.toArray(new Symbol[0]);
        boolean all = distinct && keep.containsAll(Arrays.asList(keyVars()));
        if (all && Arrays.equals(vs, vars)) return this;
        List<Object[]> out = new ArrayList<>(all ? rows.size() : Math.min(rows.size(), 1024));
        Set<Object> seen = all ? null : new HashSet<>();
        int n = 0;
        for (Object[] r : rows) {
            if ((++n & 4095) == 0) deadline.check();
            Object[] p = new Object[cols.length];
            for (int i = 0; i < cols.length; i++) p[i] = r[cols[i]];
            if (seen == null || seen.add(cols.length == 1 ? p[0] : new Key(p))) out.add(p);
        }
        Relation r = new Relation(vs, out, true);
        if (all && key != null) r.key = key;
        return r;
    }

    /** Natural join; the smaller side is hashed. A cartesian product when no variable is shared. */
    static Relation join(Relation a, Relation b, Deadline deadline) {
        List<Symbol> shared = new ArrayList<>();
        for (Symbol v : a.vars) if (b.has(v)) shared.add(v);
        List<Symbol> outVars = new ArrayList<>(Arrays.asList(a.vars));
        List<Integer> bExtra = new ArrayList<>();
        for (int i = 0; i < b.vars.length; i++) {
            if (!a.has(b.vars[i])) { outVars.add(b.vars[i]); bExtra.add(i); }
        }
        Symbol[] vs = outVars.toArray(new Symbol[0]);
        Symbol[] joinKey = null;
        if (a.distinct && b.distinct && (a.key != null || b.key != null)) {
            Set<Symbol> k = new java.util.LinkedHashSet<>(Arrays.asList(a.keyVars()));
            k.addAll(Arrays.asList(b.keyVars()));
            joinKey = k.toArray(new Symbol[0]);
        }
        int[] bx = bExtra.stream().mapToInt(Integer::intValue).toArray();
        List<Object[]> out = new ArrayList<>();
        boolean distinct = a.distinct && b.distinct;
        if (a.rows.isEmpty() || b.rows.isEmpty()) return new Relation(vs, out, true);
        if (shared.isEmpty()) {
            int n = 0;
            for (Object[] ra : a.rows) {
                for (Object[] rb : b.rows) {
                    if ((++n & 4095) == 0) deadline.check();
                    out.add(concat(ra, rb, bx));
                }
            }
            return new Relation(vs, out, distinct).withKey(joinKey);
        }
        int[] ak = a.indexesOf(shared), bk = b.indexesOf(shared);
        boolean hashA = a.rows.size() <= b.rows.size();
        Relation build = hashA ? a : b, probe = hashA ? b : a;
        int[] buildK = hashA ? ak : bk, probeK = hashA ? bk : ak;
        Map<Object, Object> table = index(build, buildK);
        int n = 0;
        for (Object[] rp : probe.rows) {
            if ((++n & 4095) == 0) deadline.check();
            Object hit = table.get(key(rp, probeK));
            if (hit == null) continue;
            if (hit instanceof Object[] rb) {
                out.add(hashA ? concat(rb, rp, bx) : concat(rp, rb, bx));
            } else {
                @SuppressWarnings("unchecked") List<Object[]> many = (List<Object[]>) hit;
                for (Object[] rb : many) out.add(hashA ? concat(rb, rp, bx) : concat(rp, rb, bx));
            }
        }
        return new Relation(vs, out, distinct).withKey(joinKey);
    }

    /** Rows of {@code a} with no match in {@code b} on the shared variables. */
    static Relation antiJoin(Relation a, Relation b, List<Symbol> on) {
        int[] ak = a.indexesOf(on), bk = b.indexesOf(on);
        Set<Object> keys = new HashSet<>();
        for (Object[] r : b.rows) keys.add(key(r, bk));
        List<Object[]> out = new ArrayList<>();
        for (Object[] r : a.rows) if (!keys.contains(key(r, ak))) out.add(r);
        return new Relation(a.vars, out, a.distinct).withKey(a.key);
    }

    /**
     * Key to the row with that key, or to a list of rows when several share it; most joins are on
     * unique keys, so this saves a list per key.
     */
    static Map<Object, Object> index(Relation r, int[] cols) {
        Map<Object, Object> table = new HashMap<>(Math.max(16, r.rows.size() * 2));
        for (Object[] row : r.rows) {
            Object k = key(row, cols);
            Object prior = table.putIfAbsent(k, row);
            if (prior == null) continue;
            if (prior instanceof Object[] first) {
                List<Object[]> l = new ArrayList<>(4);
                l.add(first);
                l.add(row);
                table.put(k, l);
            } else {
                @SuppressWarnings("unchecked") List<Object[]> l = (List<Object[]>) prior;
                l.add(row);
            }
        }
        return table;
    }

    private static Object[] concat(Object[] a, Object[] b, int[] bCols) {
        Object[] r = Arrays.copyOf(a, a.length + bCols.length);
        for (int i = 0; i < bCols.length; i++) r[a.length + i] = b[bCols[i]];
        return r;
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder(Arrays.toString(vars)).append(' ');
        int n = 0;
        for (Object[] r : rows) {
            if (n++ > 10) { sb.append("…"); break; }
            sb.append(Arrays.toString(r));
        }
        return sb.toString();
    }
}
