package io.accrete.engine.index;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The context of one edit of a {@link PersistentSortedSet} tree: ordering, node widths, who may
 * mutate in place, and the second result of a node operation that split a node in two.
 */
final class BTreeOp {
    final Comparator<Object> cmp;
    final int leafMax;
    final int branchMax;
    /**
     * The owner token of the transient doing this edit, or null for a persistent edit. Nodes whose
     * {@link BTreeNode#edit} is this token were created by the same transient and no published set
     * can see them yet, so they are changed in place.
     */
    final Object edit;
    /** The owner token of a transient; once finished, no edit carries it again. */
    static final class EditToken {
        boolean finished;
    }

    /** Set by add and rebalance when they return two nodes: the right one. Consumed by the parent. */
    BTreeNode split;

    @SuppressWarnings("unchecked")
    BTreeOp(Comparator<?> cmp, int leafMax, int branchMax, Object edit) {
        this.cmp = (Comparator<Object>) cmp;
        this.leafMax = leafMax;
        this.branchMax = branchMax;
        this.edit = edit;
    }

    /**
     * Array length for a node holding len entries: exactly len. Persistent nodes are exactly sized
     * because that keeps a 10M-element index near 4 bytes of tree per element; a transient copies
     * exactly too, since most transactions add one or two elements per node, and grows a node it
     * owns geometrically ({@link #grown}) when a batch keeps adding to it. Freezing does not trim:
     * a second copy of every node a transaction touched would cost more than the slack saves.
     */
    int capacity(int len, int max) {
        return len;
    }

    /** A larger array length for an owned node that is full but below max. */
    static int grown(int len, int max) {
        return Math.min(max, Math.max(len + 1, len + (len >> 1)));
    }

    <A> A[] part(A[] a, int from, int to, int max) {
        return Arrays.copyOfRange(a, from, from + capacity(to - from, max));
    }

    int[] part(int[] a, int from, int to, int max) {
        return Arrays.copyOfRange(a, from, from + capacity(to - from, max));
    }
}
