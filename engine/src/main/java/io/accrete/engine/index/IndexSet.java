package io.accrete.engine.index;

import java.util.Collection;

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

    /** Builds all four orders from datoms in any order (used when reopening from the log). */
    public static IndexSet build(Collection<Datom> datoms, RefTest refs) {
        Datom[] all = datoms.toArray(new Datom[0]);
        Datom[] sorted = all.clone();
        java.util.Arrays.parallelSort(sorted, DatomOrder.EAVT);
        PersistentSortedSet<Datom> eavt = PersistentSortedSet.fromSorted(sorted, 0, sorted.length, DatomOrder.EAVT);
        java.util.Arrays.parallelSort(sorted, DatomOrder.AEVT);
        PersistentSortedSet<Datom> aevt = PersistentSortedSet.fromSorted(sorted, 0, sorted.length, DatomOrder.AEVT);
        java.util.Arrays.parallelSort(sorted, DatomOrder.AVET);
        PersistentSortedSet<Datom> avet = PersistentSortedSet.fromSorted(sorted, 0, sorted.length, DatomOrder.AVET);
        int n = 0;
        for (Datom d : all) if (refs.isRef(d.a())) sorted[n++] = d;
        java.util.Arrays.parallelSort(sorted, 0, n, DatomOrder.VAET);
        PersistentSortedSet<Datom> vaet = PersistentSortedSet.fromSorted(sorted, 0, n, DatomOrder.VAET);
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
