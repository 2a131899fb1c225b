package io.accrete.engine.index;

import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * An immutable sorted set with structural sharing: a B+tree whose every edit copies only the path
 * from the root to the changed leaf, so each database value keeps its own index versions while
 * sharing nearly all nodes with its neighbours. Readers need no locks; a set is safely
 * publishable because its root is final and no node reachable from a set is written again.
 *
 * <p>Leaves hold up to 64 elements and branches up to 32 children. Every transaction copies the
 * nodes it touches, so the widths trade copy cost against per-node overhead: against 128/64,
 * these widths cut the writer's CPU per small transaction by about 30% and cost 1% more heap for
 * a 10M-datom database (docs/benchmarks.md, stop 13). The arrays of persistent nodes are exactly
 * as long as their contents, so an element costs its 4-byte slot (compressed oops) plus about a
 * byte of node headers and branch entries, however the set was built. Branches keep element
 * counts per child, which makes {@link #count} and the bounds of {@link #slice} O(log n).
 *
 * <p>Every node except the root holds at least half its maximum (the root branch at least two
 * children), so depth stays logarithmic under any mix of additions and removals.
 *
 * <p>Elements must not be null: null stands for "unbounded" in ranges and "absent" in {@link #get}.
 */
public final class PersistentSortedSet<T> implements Iterable<T> {
    static final int DEFAULT_LEAF_MAX = 64;
    static final int DEFAULT_BRANCH_MAX = 32;
    private static final BTreeLeaf EMPTY_LEAF = new BTreeLeaf(new Object[0], 0, null);

    private final Comparator<? super T> cmp;
    private final BTreeNode root;
    private final int size;
    private final int leafMax;
    private final int branchMax;

    private PersistentSortedSet(Comparator<? super T> cmp, BTreeNode root, int size, int leafMax, int branchMax) {
        this.cmp = cmp;
        this.root = root;
        this.size = size;
        this.leafMax = leafMax;
        this.branchMax = branchMax;
    }

    public static <T> PersistentSortedSet<T> empty(Comparator<? super T> cmp) {
        return empty(cmp, DEFAULT_LEAF_MAX, DEFAULT_BRANCH_MAX);
    }

    /** Narrow nodes make small test sets several levels deep. */
    static <T> PersistentSortedSet<T> empty(Comparator<? super T> cmp, int leafMax, int branchMax) {
        Objects.requireNonNull(cmp, "cmp");
        // Below 4 the half-full minimum would allow one-child branches and empty leaves.
        if (leafMax < 4 || branchMax < 4) throw new IllegalArgumentException("node width must be at least 4");
        return new PersistentSortedSet<>(cmp, EMPTY_LEAF, 0, leafMax, branchMax);
    }

    /**
     * Builds in O(n) from elements already sorted and distinct under cmp (used to rebuild indexes
     * from the log). Nodes are packed full, spread evenly so that none falls below half.
     *
     * @throws IllegalArgumentException when the range is not strictly ascending under cmp
     */
    public static <T> PersistentSortedSet<T> fromSorted(T[] sorted, int from, int to, Comparator<? super T> cmp) {
        return fromSorted(sorted, from, to, cmp, DEFAULT_LEAF_MAX, DEFAULT_BRANCH_MAX);
    }

    static <T> PersistentSortedSet<T> fromSorted(T[] sorted, int from, int to, Comparator<? super T> cmp,
                                                 int leafMax, int branchMax) {
        PersistentSortedSet<T> empty = empty(cmp, leafMax, branchMax);
        Objects.checkFromToIndex(from, to, sorted.length);
        int n = to - from;
        if (n == 0) return empty;
        // Checking order costs n comparisons against the n log n the caller spent sorting; a
        // silently misordered index would return wrong query results until the next rebuild.
        Objects.requireNonNull(sorted[from], "element");
        for (int i = from + 1; i < to; i++) {
            if (cmp.compare(Objects.requireNonNull(sorted[i], "element"), sorted[i - 1]) <= 0) {
                throw new IllegalArgumentException("elements not strictly ascending at index " + i);
            }
        }
        int count = (n - 1) / leafMax + 1;
        BTreeNode[] level = new BTreeNode[count];
        int[] sizes = new int[count];
        for (int k = 0; k < count; k++) {
            int lo = from + (int) ((long) n * k / count);
            int hi = from + (int) ((long) n * (k + 1) / count);
            Object[] keys = new Object[hi - lo];
            System.arraycopy(sorted, lo, keys, 0, hi - lo);
            level[k] = new BTreeLeaf(keys, hi - lo, null);
            sizes[k] = hi - lo;
        }
        while (count > 1) {
            int parents = (count - 1) / branchMax + 1;
            BTreeNode[] up = new BTreeNode[parents];
            int[] upSizes = new int[parents];
            for (int k = 0; k < parents; k++) {
                int lo = (int) ((long) count * k / parents);
                int hi = (int) ((long) count * (k + 1) / parents);
                int len = hi - lo;
                Object[] keys = new Object[len];
                BTreeNode[] children = new BTreeNode[len];
                int[] childSizes = new int[len];
                int total = 0;
                for (int j = 0; j < len; j++) {
                    children[j] = level[lo + j];
                    keys[j] = children[j].first();
                    childSizes[j] = sizes[lo + j];
                    total += childSizes[j];
                }
                up[k] = new BTreeBranch(keys, children, childSizes, len, null);
                upSizes[k] = total;
            }
            level = up;
            sizes = upSizes;
            count = parents;
        }
        return new PersistentSortedSet<>(cmp, level[0], n, leafMax, branchMax);
    }

    public Comparator<? super T> comparator() {
        return cmp;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean contains(T x) {
        return get(x) != null;
    }

    /** The element equal (cmp == 0) to probe, or null. */
    @SuppressWarnings("unchecked")
    public T get(T probe) {
        Comparator<Object> c = objCmp();
        BTreeNode n = root;
        while (n instanceof BTreeBranch b) n = b.children[b.route(probe, c)];
        int i = ((BTreeLeaf) n).search(probe, c);
        return i >= 0 ? (T) n.keys[i] : null;
    }

    /** The least element; throws NoSuchElementException when empty. */
    @SuppressWarnings("unchecked")
    public T first() {
        if (size == 0) throw new NoSuchElementException();
        return (T) root.first();
    }

    /** The greatest element; throws NoSuchElementException when empty. */
    @SuppressWarnings("unchecked")
    public T last() {
        if (size == 0) throw new NoSuchElementException();
        BTreeNode n = root;
        while (n instanceof BTreeBranch b) n = b.children[b.len - 1];
        return (T) n.keys[n.len - 1];
    }

    /** This set plus x; this set itself when an equal element is present. */
    public PersistentSortedSet<T> with(T x) {
        Objects.requireNonNull(x, "element");
        BTreeOp op = op(null);
        BTreeNode r = root.add(x, op);
        if (r == null) return this;
        return new PersistentSortedSet<>(cmp, grow(r, op, size + 1), size + 1, leafMax, branchMax);
    }

    /** This set minus the element equal to x; this set itself when there is none. */
    public PersistentSortedSet<T> without(T x) {
        BTreeOp op = op(null);
        BTreeNode r = root.remove(x, op);
        if (r == null) return this;
        if (size == 1) return new PersistentSortedSet<>(cmp, EMPTY_LEAF, 0, leafMax, branchMax);
        return new PersistentSortedSet<>(cmp, shrink(r), size - 1, leafMax, branchMax);
    }

    @SuppressWarnings("unchecked")
    private Comparator<Object> objCmp() {
        return (Comparator<Object>) cmp;
    }

    private BTreeOp op(Object edit) {
        return new BTreeOp(cmp, leafMax, branchMax, edit);
    }

    /** The new root after an add: r, or a new branch above r and the node it split off. */
    private static BTreeNode grow(BTreeNode r, BTreeOp op, int newSize) {
        BTreeNode right = op.split;
        if (right == null) return r;
        op.split = null;
        int cap = op.capacity(2, op.branchMax);
        Object[] keys = new Object[cap];
        BTreeNode[] children = new BTreeNode[cap];
        int[] sizes = new int[cap];
        keys[0] = r.first();
        keys[1] = right.first();
        children[0] = r;
        children[1] = right;
        sizes[1] = right.size();
        sizes[0] = newSize - sizes[1];
        return new BTreeBranch(keys, children, sizes, 2, op.edit);
    }

    /** The new root after a remove: a root branch left with one child gives way to it. */
    private static BTreeNode shrink(BTreeNode r) {
        while (r instanceof BTreeBranch b && b.len == 1) r = b.children[0];
        return r;
    }

    @Override public Iterator<T> iterator() {
        return slice(null, null);
    }

    /** Ascending over elements e with from <= e <= to under cmp; a null bound is unbounded. */
    public Iterator<T> slice(T from, T to) {
        if (size == 0) return Collections.emptyIterator();
        BTreeIterator<T> it = new BTreeIterator<>(root, from, objCmp(), false);
        int end = to == null ? size : rank(to, true);
        return end > it.startRank ? it.limit(end - it.startRank) : Collections.emptyIterator();
    }

    /** Descending over elements e with from >= e >= to under cmp; a null bound is unbounded. */
    public Iterator<T> rslice(T from, T to) {
        if (size == 0) return Collections.emptyIterator();
        BTreeIterator<T> it = new BTreeIterator<>(root, from, objCmp(), true);
        int end = to == null ? 0 : rank(to, false);
        return it.startRank > end ? it.limit(it.startRank - end) : Collections.emptyIterator();
    }

    /** Number of elements in [from, to] (null = unbounded), in O(log n). */
    public long count(T from, T to) {
        int lo = from == null ? 0 : rank(from, false);
        int hi = to == null ? size : rank(to, true);
        return Math.max(0, hi - lo);
    }

    /** Number of elements less than x, or less than or equal to x when inclusive. */
    private int rank(Object x, boolean inclusive) {
        Comparator<Object> c = objCmp();
        int r = 0;
        BTreeNode n = root;
        while (n instanceof BTreeBranch b) {
            int i = b.route(x, c);
            r += b.sizeBefore(i);
            n = b.children[i];
        }
        int i = ((BTreeLeaf) n).search(x, c);
        return r + (i >= 0 ? (inclusive ? i + 1 : i) : -i - 1);
    }

    /** Batch editing: nodes created by this transient are mutated in place until persistent(). */
    public Transient<T> asTransient() {
        return new Transient<>(this);
    }

    /** Number of node levels; 1 for a single leaf. */
    int height() {
        int h = 1;
        for (BTreeNode n = root; n instanceof BTreeBranch b; n = b.children[0]) h++;
        return h;
    }

    /** Verifies the structure (for tests); throws AssertionError on the first violation found. */
    void checkInvariants() {
        BTreeInvariants.check(root, size, op(null));
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("#{");
        int shown = 0;
        for (T x : this) {
            if (shown > 0) sb.append(' ');
            if (shown++ == 20) {
                sb.append("... (").append(size).append(" total)");
                break;
            }
            sb.append(x);
        }
        return sb.append('}').toString();
    }

    /**
     * A batch editor. The first change to a node copies it into a node owned by this transient,
     * at full width; later changes in the same batch write the owned node in place, so a batch of
     * k additions copies each touched node once instead of k paths. Not thread-safe.
     */
    public static final class Transient<T> {
        private final PersistentSortedSet<T> origin;
        private final BTreeOp op;
        private BTreeNode root;
        private int size;
        private boolean done;

        private Transient(PersistentSortedSet<T> origin) {
            this.origin = origin;
            this.op = origin.op(new BTreeOp.EditToken());
            this.root = origin.root;
            this.size = origin.size;
        }

        /** Adds x; false if an equal element was present. */
        public boolean add(T x) {
            Objects.requireNonNull(x, "element");
            live();
            BTreeNode r = root.add(x, op);
            if (r == null) return false;
            root = grow(r, op, ++size);
            return true;
        }

        /** Removes the element equal to x; false if there was none. */
        public boolean remove(T x) {
            live();
            BTreeNode r = root.remove(x, op);
            if (r == null) return false;
            root = shrink(r);
            size--;
            return true;
        }

        public int size() {
            live();
            return size;
        }

        /**
         * The result, in O(1): the nodes this transient owns become immutable simply because
         * nothing will carry its token again. This transient must not be used afterwards.
         */
        public PersistentSortedSet<T> persistent() {
            live();
            done = true;
            ((BTreeOp.EditToken) op.edit).finished = true;
            if (root == origin.root) return origin;
            return new PersistentSortedSet<>(origin.cmp, root, size, origin.leafMax, origin.branchMax);
        }

        private void live() {
            if (done) throw new IllegalStateException("transient used after persistent()");
        }
    }
}
