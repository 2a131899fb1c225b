package io.accrete.engine.index;

import static io.accrete.engine.index.PersistentSortedSetProperties.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PersistentSortedSetTest {

    /** Shaped like a datom index entry: probes put MIN/MAX sentinels in the trailing component. */
    record Entry(long e, long a, String payload) {
        static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::e).thenComparingLong(Entry::a);

        static Entry probe(long e, long a) {
            return new Entry(e, a, null);
        }
    }

    @Test
    void emptySet() {
        PersistentSortedSet<Long> s = PersistentSortedSet.empty(Comparator.naturalOrder());
        assertEquals(0, s.size());
        assertTrue(s.isEmpty());
        assertFalse(s.iterator().hasNext());
        assertFalse(s.slice(1L, 5L).hasNext());
        assertFalse(s.rslice(null, null).hasNext());
        assertEquals(0, s.count(null, null));
        assertNull(s.get(3L));
        assertSame(s, s.without(3L));
        assertThrows(NoSuchElementException.class, s::first);
        assertThrows(NoSuchElementException.class, () -> s.iterator().next());
        s.checkInvariants();
    }

    @Test
    void withAndWithoutReturnThisWhenNothingChanges() {
        PersistentSortedSet<Long> s = PersistentSortedSet.<Long>empty(Comparator.naturalOrder()).with(1L).with(2L);
        assertSame(s, s.with(2L));
        assertSame(s, s.without(3L));
        PersistentSortedSet<Long> one = s.without(2L);
        assertEquals(List.of(1L), drain(one.iterator()));
        assertEquals(List.of(1L, 2L), drain(s.iterator()));
        assertTrue(one.without(1L).isEmpty());
    }

    @Test
    void getReturnsTheStoredElementForAnEqualProbe() {
        Entry stored = new Entry(7, 3, "stored");
        PersistentSortedSet<Entry> s = PersistentSortedSet.empty(Entry.ORDER).with(stored).with(new Entry(7, 4, "x"));
        assertSame(stored, s.get(Entry.probe(7, 3)));
        assertNull(s.get(Entry.probe(7, 5)));
        assertTrue(s.contains(Entry.probe(7, 4)));
        assertSame(s, s.with(new Entry(7, 3, "other payload, same key")));
    }

    @Test
    void sentinelBoundsSelectOneEntity() {
        PersistentSortedSet.Transient<Entry> t = PersistentSortedSet.empty(Entry.ORDER, 4, 4).asTransient();
        for (long e = 0; e < 50; e++) {
            for (long a = 10; a < 15; a++) t.add(new Entry(e, a, e + "/" + a));
        }
        PersistentSortedSet<Entry> s = t.persistent();
        Entry lo = Entry.probe(20, Long.MIN_VALUE);
        Entry hi = Entry.probe(20, Long.MAX_VALUE);
        List<Entry> entity = drain(s.slice(lo, hi));
        assertEquals(5, entity.size());
        assertTrue(entity.stream().allMatch(x -> x.e() == 20));
        assertEquals(5, s.count(lo, hi));
        List<Entry> reversed = drain(s.rslice(hi, lo));
        Collections.reverse(reversed);
        assertEquals(entity, reversed);
        // Open ranges and ranges between entries.
        assertEquals(100, s.count(null, Entry.probe(19, Long.MAX_VALUE)));
        assertEquals(0, s.count(Entry.probe(20, 15), Entry.probe(20, 99)));
        assertFalse(s.slice(hi, lo).hasNext());
        assertFalse(s.rslice(lo, hi).hasNext());
    }

    @Test
    void transientCannotBeUsedAfterPersistent() {
        PersistentSortedSet.Transient<Long> t = PersistentSortedSet.<Long>empty(Comparator.naturalOrder()).asTransient();
        assertTrue(t.add(1L));
        assertFalse(t.add(1L));
        assertFalse(t.remove(2L));
        assertEquals(1, t.size());
        PersistentSortedSet<Long> s = t.persistent();
        assertEquals(List.of(1L), drain(s.iterator()));
        assertThrows(IllegalStateException.class, () -> t.add(2L));
        assertThrows(IllegalStateException.class, () -> t.remove(1L));
        assertThrows(IllegalStateException.class, t::size);
        assertThrows(IllegalStateException.class, t::persistent);
        assertEquals(List.of(1L), drain(s.iterator()));
    }

    @Test
    void transientLeavesItsSourceAndEarlierResultsAlone() {
        PersistentSortedSet<Long> base = PersistentSortedSet.fromSorted(
                LongStream.range(0, 1000).boxed().toArray(Long[]::new), 0, 1000, Comparator.naturalOrder(), 4, 4);
        PersistentSortedSet.Transient<Long> t = base.asTransient();
        for (long i = 0; i < 1000; i += 2) t.remove(i);
        PersistentSortedSet<Long> odd = t.persistent();
        PersistentSortedSet.Transient<Long> t2 = odd.asTransient();
        for (long i = 1000; i < 1500; i++) t2.add(i);
        PersistentSortedSet<Long> more = t2.persistent();

        assertEquals(LongStream.range(0, 1000).boxed().toList(), drain(base.iterator()));
        assertEquals(LongStream.range(0, 500).map(i -> 2 * i + 1).boxed().toList(), drain(odd.iterator()));
        assertEquals(1000, more.size());
        base.checkInvariants();
        odd.checkInvariants();
        more.checkInvariants();
    }

    @Test
    void removingEverythingCollapsesADeepTree() {
        PersistentSortedSet<Long> s = PersistentSortedSet.empty(Comparator.naturalOrder(), 4, 4);
        List<Long> values = new ArrayList<>(LongStream.range(0, 2000).boxed().toList());
        Collections.shuffle(values, new Random(7));
        for (Long v : values) s = s.with(v);
        assertTrue(s.height() >= 5, "height " + s.height());
        s.checkInvariants();
        Collections.shuffle(values, new Random(8));
        for (int i = 0; i < values.size(); i++) {
            s = s.without(values.get(i));
            if (i % 97 == 0) s.checkInvariants();
        }
        assertTrue(s.isEmpty());
        assertEquals(1, s.height());
        s.checkInvariants();
    }

    @Test
    void iteratorEndsWithNoSuchElement() {
        PersistentSortedSet<Long> s = PersistentSortedSet.<Long>empty(Comparator.naturalOrder()).with(1L);
        Iterator<Long> it = s.slice(0L, 5L);
        assertEquals(1L, it.next());
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void rejectsNullsUnsortedInputAndNarrowNodes() {
        Comparator<Long> cmp = Comparator.naturalOrder();
        assertThrows(NullPointerException.class, () -> PersistentSortedSet.empty(cmp).with(null));
        assertThrows(IllegalArgumentException.class,
                () -> PersistentSortedSet.fromSorted(new Long[] {1L, 3L, 2L}, 0, 3, cmp));
        assertThrows(IllegalArgumentException.class,
                () -> PersistentSortedSet.fromSorted(new Long[] {1L, 1L}, 0, 2, cmp));
        assertThrows(NullPointerException.class,
                () -> PersistentSortedSet.fromSorted(new Long[] {1L, null}, 0, 2, cmp));
        assertThrows(IllegalArgumentException.class, () -> PersistentSortedSet.empty(cmp, 3, 64));
        // Only the given range has to be sorted.
        assertEquals(2, PersistentSortedSet.fromSorted(new Long[] {9L, 1L, 2L, 0L}, 1, 3, cmp).size());
    }

    /** A sanity check at index scale with the default node widths; asserts results, never timing. */
    @Test
    void millionLongs() {
        int n = 1_000_000;
        Comparator<Long> cmp = Comparator.naturalOrder();
        Long[] sorted = new Long[n];
        for (int i = 0; i < n; i++) sorted[i] = 2L * i;
        PersistentSortedSet<Long> bulk = PersistentSortedSet.fromSorted(sorted, 0, n, cmp);

        List<Long> shuffled = new ArrayList<>(List.of(sorted));
        Collections.shuffle(shuffled, new Random(42));
        PersistentSortedSet.Transient<Long> t = PersistentSortedSet.empty(cmp).asTransient();
        for (Long v : shuffled) t.add(v);
        PersistentSortedSet<Long> batched = t.persistent();

        for (PersistentSortedSet<Long> s : List.of(bulk, batched)) {
            s.checkInvariants();
            assertEquals(n, s.size());
            assertTrue(s.height() >= 3);
            assertEquals(List.of(1000L, 1002L, 1004L), drain(s.slice(999L, 1005L)));
            assertEquals(List.of(1004L, 1002L, 1000L), drain(s.rslice(1005L, 999L)));
            assertEquals(50_000, s.count(1_000_000L, 1_099_999L));
            assertEquals(n, s.count(null, null));
            assertEquals(n / 2, s.count(null, (long) n - 1));
            assertEquals(0L, s.first());
            assertEquals(2L * (n - 1), s.last());
            long expected = 0;
            for (Long x : s) assertEquals(expected++ * 2, x);
            assertEquals(n, expected);
            Iterator<Long> tail = s.slice(2L * (n - 3), null);
            assertEquals(List.of(2L * (n - 3), 2L * (n - 2), 2L * (n - 1)), drain(tail));
        }
        PersistentSortedSet<Long> edited = bulk.with(1L).without(0L);
        assertEquals(List.of(1L, 2L), drain(edited.slice(null, 2L)));
        assertEquals(List.of(0L, 2L), drain(bulk.slice(null, 2L)));
    }
}
