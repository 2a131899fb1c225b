package io.accrete.engine.index;

import java.util.Arrays;

/**
 * A node of the B+tree behind {@link PersistentSortedSet}.
 *
 * <p>The fields are not final because a transient fills the nodes it owns in place. Once a node
 * is reachable from a {@link PersistentSortedSet} it is never written again: its {@link #edit} is
 * null or the token of a finished transient, which no later edit carries, so no operation
 * considers it owned. Readers see its contents through the set's final root field, which
 * publishes everything reachable from it. Arrays may be longer than {@link #len} (a node a
 * transient grew); slots past len are always empty.
 */
abstract class BTreeNode {
    /** Leaf: the elements, ascending. Branch: the least element under each child, for routing. */
    Object[] keys;
    /** Used slots of the arrays. */
    int len;
    /** Owner token of the transient allowed to change this node in place, else null. */
    Object edit;

    BTreeNode(Object[] keys, int len, Object edit) {
        this.keys = keys;
        this.len = len;
        this.edit = edit;
    }

    final Object first() {
        return keys[0];
    }

    final boolean ownedBy(BTreeOp op) {
        return op.edit != null && edit == op.edit;
    }

    /** Number of elements under this node. */
    abstract int size();

    abstract int maxLen(BTreeOp op);

    /**
     * Adds x; null when an equal element is present. Otherwise the node that replaces this one,
     * and when it had to split, {@code op.split} holds the new right sibling.
     */
    abstract BTreeNode add(Object x, BTreeOp op);

    /** Removes x; null when absent. The result may be underfull: the parent rebalances it. */
    abstract BTreeNode remove(Object x, BTreeOp op);

    /**
     * Merges this node with its right sibling of the same kind when both fit in one node (then
     * {@code op.split} is null), else spreads their entries evenly over two new nodes (the right
     * one in {@code op.split}).
     */
    abstract BTreeNode rebalance(BTreeNode right, BTreeOp op);

    /** A copy of src[0, len) with room for cap entries and an empty slot at index at. */
    static <A> A[] withGap(A[] src, int len, int at, int cap) {
        A[] dst = Arrays.copyOf(src, cap);
        System.arraycopy(src, at, dst, at + 1, len - at);
        dst[at] = null;
        return dst;
    }

    static int[] withGap(int[] src, int len, int at, int cap) {
        int[] dst = Arrays.copyOf(src, cap);
        System.arraycopy(src, at, dst, at + 1, len - at);
        dst[at] = 0;
        return dst;
    }

    /** A copy of src[0, len) without the entry at index at, with room for cap entries. */
    static <A> A[] withoutSlot(A[] src, int len, int at, int cap) {
        A[] dst = Arrays.copyOf(src, cap);
        System.arraycopy(src, at + 1, dst, at, len - at - 1);
        if (cap >= len) dst[len - 1] = null;
        return dst;
    }

    static int[] withoutSlot(int[] src, int len, int at, int cap) {
        int[] dst = Arrays.copyOf(src, cap);
        System.arraycopy(src, at + 1, dst, at, len - at - 1);
        if (cap >= len) dst[len - 1] = 0;
        return dst;
    }

    static <A> A[] concat(A[] a, int aLen, A[] b, int bLen) {
        A[] dst = Arrays.copyOf(a, aLen + bLen);
        System.arraycopy(b, 0, dst, aLen, bLen);
        return dst;
    }

    static int[] concat(int[] a, int aLen, int[] b, int bLen) {
        int[] dst = Arrays.copyOf(a, aLen + bLen);
        System.arraycopy(b, 0, dst, aLen, bLen);
        return dst;
    }
}
