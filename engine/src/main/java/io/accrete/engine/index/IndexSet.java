package io.accrete.engine.index;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The four sort orders of one set of datoms. VAET holds only datoms of ref attributes, as in
 * Datomic; the caller says which datoms those are.
 */
public record IndexSet(PersistentSortedSet<Datom> eavt, PersistentSortedSet<Datom> aevt,
                       PersistentSortedSet<Datom> avet, PersistentSortedSet<Datom> vaet) {

    public static IndexSet empty() {
        return new IndexSet(PersistentSortedSet.empty(DatomOrder.EAVT), PersistentSortedSet.empty(DatomOrder.AEVT),
                PersistentSortedSet.empty(DatomOrder.AVET), PersistentSortedSet.empty(DatomOrder.VAET));
    }

    public PersistentSortedSet<Datom> get(Index index) {
        return switch (index) {
            case EAVT -> eavt;
            case AEVT -> aevt;
            case AVET -> avet;
            case VAET -> vaet;
        };
    }

    public int size() { return eavt.size(); }

    /** Predicate telling which attribute ids are refs, for VAET membership. */
    public interface RefTest { boolean isRef(int attributeId); }

    /** Builds all four orders from datoms in any order. */
    public static IndexSet build(Collection<Datom> datoms, RefTest refs) {
        Datom[] sorted = datoms.toArray(new Datom[0]);
        java.util.Arrays.parallelSort(sorted, DatomOrder.EAVT);
        return buildFromEavtSorted(sorted, refs);
    }

    /**
     * Builds all four orders from distinct datoms already in EAVT order (reopening a database).
     * AEVT is EAVT stably bucketed by attribute, in linear time; AVET then only needs each
     * attribute's run stably sorted by value, since the run is already in entity order.
     */
    public static IndexSet buildFromEavtSorted(Datom[] eavtSorted, RefTest refs) {
        int n = eavtSorted.length;
        PersistentSortedSet<Datom> eavt = PersistentSortedSet.fromSorted(eavtSorted, 0, n, DatomOrder.EAVT);
        int maxA = 0;
        for (Datom d : eavtSorted) maxA = Math.max(maxA, d.a());
        int[] start = new int[maxA + 2];
        for (Datom d : eavtSorted) start[d.a() + 1]++;
        for (int i = 1; i < start.length; i++) start[i] += start[i - 1];
        Datom[] sorted = new Datom[n];
        int[] next = start.clone();
        for (Datom d : eavtSorted) sorted[next[d.a()]++] = d;
        PersistentSortedSet<Datom> aevt = PersistentSortedSet.fromSorted(sorted, 0, n, DatomOrder.AEVT);
        java.util.Comparator<Datom> byValue = (x, y) -> DatomOrder.compareValues(x.v(), y.v());
        for (int a = 0; a <= maxA; a++) {
            if (start[a + 1] - start[a] > 1) java.util.Arrays.parallelSort(sorted, start[a], start[a + 1], byValue);
        }
        PersistentSortedSet<Datom> avet = PersistentSortedSet.fromSorted(sorted, 0, n, DatomOrder.AVET);
        int refCount = 0;
        for (Datom d : eavtSorted) if (refs.isRef(d.a())) sorted[refCount++] = d;
        java.util.Arrays.parallelSort(sorted, 0, refCount, DatomOrder.VAET);
        PersistentSortedSet<Datom> vaet = PersistentSortedSet.fromSorted(sorted, 0, refCount, DatomOrder.VAET);
        return new IndexSet(eavt, aevt, avet, vaet);
    }

    /** A batch of edits made in place on nodes this batch owns; {@link #done()} freezes it. */
    public Editor edit(RefTest refs) { return new Editor(this, refs); }

    public static final class Editor {
        private final PersistentSortedSet.Transient<Datom> eavt, aevt, avet, vaet;
        private final RefTest refs;

        private Editor(IndexSet from, RefTest refs) {
            this.eavt = from.eavt.asTransient();
            this.aevt = from.aevt.asTransient();
            this.avet = from.avet.asTransient();
            this.vaet = from.vaet.asTransient();
            this.refs = refs;
        }

        public void add(Datom d) {
            if (!eavt.add(d)) return;
            aevt.add(d);
            avet.add(d);
            if (refs.isRef(d.a())) vaet.add(d);
        }

        /**
         * Adds many datoms, each index taking them in its own order: consecutive additions then
         * land in the same or neighbouring leaves, which are already in cache (and, after the
         * first, owned), instead of each walking a cold path of a large tree.
         */
        public void addAll(List<Datom> datoms) {
            if (datoms.size() < 2) {
                for (Datom d : datoms) add(d);
                return;
            }
            Datom[] ds = datoms.toArray(new Datom[0]);
            addSorted(eavt, ds, ds.length, DatomOrder.EAVT);
            addSorted(aevt, ds, ds.length, DatomOrder.AEVT);
            addSorted(avet, ds, ds.length, DatomOrder.AVET);
            int refCount = 0;
            for (Datom d : ds) if (refs.isRef(d.a())) ds[refCount++] = d;
            addSorted(vaet, ds, refCount, DatomOrder.VAET);
        }

        private static void addSorted(PersistentSortedSet.Transient<Datom> index, Datom[] ds, int n, Comparator<Datom> order) {
            Arrays.sort(ds, 0, n, order);
            for (int i = 0; i < n; i++) index.add(ds[i]);
        }

        public void remove(Datom d) {
            if (!eavt.remove(d)) return;
            aevt.remove(d);
            avet.remove(d);
            if (refs.isRef(d.a())) vaet.remove(d);
        }

        public IndexSet done() {
            return new IndexSet(eavt.persistent(), aevt.persistent(), avet.persistent(), vaet.persistent());
        }
    }
}
