package io.accrete.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** PersistentSortedSet against java.util.TreeSet. Narrow nodes make small sets several levels deep. */
class PersistentSortedSetProperties {
    private static final Comparator<Integer> CMP = Comparator.naturalOrder();

    record Change(boolean add, int value) {}

    /** Changes applied to version number base (taken modulo the versions so far), one by one or in a transient. */
    record Edit(int base, boolean viaTransient, List<Change> changes) {}

    record Version(PersistentSortedSet<Integer> set, TreeSet<Integer> model) {}

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Change> change = Combinators.combine(
                Arbitraries.frequency(Tuple.of(3, true), Tuple.of(2, false)),
                Arbitraries.integers().between(0, 400)).as(Change::new);
        // Mostly edit the newest version, sometimes branch off an old one.
        Arbitrary<Integer> base = Arbitraries.frequency(Tuple.of(4, -1), Tuple.of(1, 0))
                .flatMap(b -> b < 0 ? Arbitraries.just(-1) : Arbitraries.integers().between(0, 1000));
        Arbitrary<Edit> edit = Combinators.combine(base, Arbitraries.of(true, false), change.list().ofMaxSize(80))
                .as(Edit::new);
        return edit.list().ofMaxSize(25);
    }

    @Property
    void editsMatchTreeSetAndOldVersionsStayUnchanged(@ForAll("edits") List<Edit> edits,
                                                     @ForAll @IntRange(min = 4, max = 7) int leafMax,
                                                     @ForAll @IntRange(min = 4, max = 7) int branchMax) {
        List<Version> versions = new ArrayList<>();
        versions.add(new Version(PersistentSortedSet.empty(CMP, leafMax, branchMax), new TreeSet<>()));
        for (Edit edit : edits) {
            Version from = edit.base() < 0 ? versions.get(versions.size() - 1)
                    : versions.get(edit.base() % versions.size());
            TreeSet<Integer> model = new TreeSet<>(from.model());
            PersistentSortedSet<Integer> set = from.set();
            if (edit.viaTransient()) {
                PersistentSortedSet.Transient<Integer> t = set.asTransient();
                for (Change c : edit.changes()) {
                    boolean changed = c.add() ? t.add(c.value()) : t.remove(c.value());
                    assertEquals(c.add() ? model.add(c.value()) : model.remove(c.value()), changed, c.toString());
                    assertEquals(model.size(), t.size());
                }
                set = t.persistent();
            } else {
                for (Change c : edit.changes()) {
                    PersistentSortedSet<Integer> next = c.add() ? set.with(c.value()) : set.without(c.value());
                    boolean changed = c.add() ? model.add(c.value()) : model.remove(c.value());
                    if (!changed) assertSame(set, next, c.toString());
                    set = next;
                }
            }
            assertSameElements(model, set);
            versions.add(new Version(set, model));
        }
        for (Version v : versions) assertSameElements(v.model(), v.set());
    }

    @Property(tries = 30)
    void largeBatchesBuildDeepTrees(@ForAll @Size(min = 2000, max = 6000) List<@IntRange(max = 20000) Integer> values,
                                    @ForAll @IntRange(min = 4, max = 8) int width) {
        PersistentSortedSet<Integer> empty = PersistentSortedSet.empty(CMP, width, width);
        PersistentSortedSet.Transient<Integer> t = empty.asTransient();
        PersistentSortedSet<Integer> oneByOne = empty;
        TreeSet<Integer> model = new TreeSet<>();
        for (Integer v : values) {
            assertEquals(model.add(v), t.add(v));
            oneByOne = oneByOne.with(v);
        }
        PersistentSortedSet<Integer> batched = t.persistent();
        assertTrue(batched.height() >= 3, "height " + batched.height());
        assertSameElements(model, batched);
        assertSameElements(model, oneByOne);

        // Remove every other value, half through a transient and half one by one, from the same base.
        TreeSet<Integer> smaller = new TreeSet<>(model);
        PersistentSortedSet.Transient<Integer> r = batched.asTransient();
        PersistentSortedSet<Integer> removedOneByOne = batched;
        for (Integer v : values) {
            if (v % 2 == 0) {
                assertEquals(smaller.remove(v), r.remove(v));
                removedOneByOne = removedOneByOne.without(v);
            }
        }
        assertSameElements(smaller, r.persistent());
        assertSameElements(smaller, removedOneByOne);
        assertSameElements(model, batched);

        PersistentSortedSet.Transient<Integer> all = batched.asTransient();
        for (Integer v : values) all.remove(v);
        PersistentSortedSet<Integer> none = all.persistent();
        assertSameElements(new TreeSet<>(), none);
        assertSameElements(model, batched);
    }

    @Property
    void slicesAndCountsMatchTreeSet(@ForAll @Size(max = 400) Set<@IntRange(max = 1000) Integer> elements,
                                     @ForAll @IntRange(min = -5, max = 1005) int from,
                                     @ForAll @IntRange(min = -5, max = 1005) int to,
                                     @ForAll boolean fromUnbounded, @ForAll boolean toUnbounded,
                                     @ForAll boolean bulk,
                                     @ForAll @IntRange(min = 4, max = 6) int width) {
        TreeSet<Integer> model = new TreeSet<>(elements);
        PersistentSortedSet<Integer> set;
        if (bulk) {
            set = PersistentSortedSet.fromSorted(model.toArray(new Integer[0]), 0, model.size(), CMP, width, width);
        } else {
            PersistentSortedSet.Transient<Integer> t = PersistentSortedSet.empty(CMP, width, width).asTransient();
            elements.forEach(t::add);
            set = t.persistent();
        }
        Integer lo = fromUnbounded ? null : from;
        Integer hi = toUnbounded ? null : to;

        List<Integer> ascending = new ArrayList<>(ascendingRange(model, lo, hi));
        assertEquals(ascending, drain(set.slice(lo, hi)));
        assertEquals(ascending.size(), set.count(lo, hi));

        // rslice(a, b) walks down from a to b, so it yields ascendingRange(b, a) reversed.
        List<Integer> descending = new ArrayList<>(ascending);
        Collections.reverse(descending);
        assertEquals(descending, drain(set.rslice(hi, lo)));
        List<Integer> swapped = new ArrayList<>(ascendingRange(model, hi, lo));
        Collections.reverse(swapped);
        assertEquals(swapped, drain(set.rslice(lo, hi)));
        assertEquals(new ArrayList<>(ascendingRange(model, hi, lo)), drain(set.slice(hi, lo)));
        assertEquals(swapped.size(), set.count(hi, lo));

        assertEquals(model.contains(from), set.contains(from));
        assertEquals(model.contains(from) ? (Integer) from : null, set.get(from));
    }

    @Property(tries = 200)
    void fromSortedMatchesTreeSet(@ForAll @Size(max = 3000) Set<Integer> elements,
                                  @ForAll @IntRange(max = 10) int dropFront, @ForAll @IntRange(max = 10) int dropBack,
                                  @ForAll @IntRange(min = 4, max = 130) int width) {
        Integer[] sorted = new TreeSet<>(elements).toArray(new Integer[0]);
        int from = Math.min(dropFront, sorted.length);
        int to = Math.max(from, sorted.length - dropBack);
        TreeSet<Integer> model = new TreeSet<>(List.of(sorted).subList(from, to));
        PersistentSortedSet<Integer> set = PersistentSortedSet.fromSorted(sorted, from, to, CMP, width, width);
        assertSameElements(model, set);
        // Editing a bulk built tree must keep it balanced as well.
        PersistentSortedSet<Integer> edited = set;
        for (int i = from; i < to; i += 3) {
            edited = edited.without(sorted[i]);
            model.remove(sorted[i]);
        }
        assertSameElements(model, edited);
    }

    private static NavigableSet<Integer> ascendingRange(TreeSet<Integer> model, Integer lo, Integer hi) {
        if (lo != null && hi != null && lo > hi) return new TreeSet<>();
        NavigableSet<Integer> s = model;
        if (lo != null) s = s.tailSet(lo, true);
        if (hi != null) s = s.headSet(hi, true);
        return s;
    }

    static <T> List<T> drain(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        while (it.hasNext()) out.add(it.next());
        return out;
    }

    static void assertSameElements(TreeSet<Integer> model, PersistentSortedSet<Integer> set) {
        set.checkInvariants();
        assertEquals(model.size(), set.size());
        assertEquals(model.isEmpty(), set.isEmpty());
        assertEquals(new ArrayList<>(model), drain(set.iterator()));
        assertEquals(new ArrayList<>(model.descendingSet()), drain(set.rslice(null, null)));
        assertEquals(model.size(), set.count(null, null));
        if (!model.isEmpty()) {
            assertEquals(model.first(), set.first());
            assertEquals(model.last(), set.last());
        }
    }
}
