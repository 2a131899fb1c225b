package io.accrete.engine.index;

import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Walks a published tree leaf by leaf in either direction. It keeps the branch path to the current
 * leaf, and knows up front how many elements it will return (from the subtree counts), so the hot
 * loop neither allocates nor compares elements against the end bound.
 */
final class BTreeIterator<T> implements Iterator<T> {
    private final BTreeBranch[] path;
    private final int[] at;
    private final boolean reverse;
    private Object[] leaf;
    private int leafLen;
    private int pos;
    private int remaining;
    /**
     * Ascending: the number of elements before the start position. Descending: the number up to
     * and including it. With the rank of the other bound this gives how many elements to return.
     */
    final int startRank;

    /**
     * Positions on the first element >= start (ascending) or the last element <= start
     * (descending); a null start means the first or last element. Returns nothing until the
     * caller sets how many elements to return with {@link #limit}.
     */
    BTreeIterator(BTreeNode root, Object start, Comparator<Object> cmp, boolean reverse) {
        int levels = 0;
        for (BTreeNode n = root; n instanceof BTreeBranch b; n = b.children[0]) levels++;
        this.path = new BTreeBranch[levels];
        this.at = new int[levels];
        this.reverse = reverse;
        BTreeNode n = root;
        int before = 0;
        for (int d = 0; d < levels; d++) {
            BTreeBranch b = (BTreeBranch) n;
            int i = start == null ? (reverse ? b.len - 1 : 0) : b.route(start, cmp);
            path[d] = b;
            at[d] = i;
            before += b.sizeBefore(i);
            n = b.children[i];
        }
        leaf = n.keys;
        leafLen = n.len;
        if (start == null) {
            pos = reverse ? leafLen - 1 : 0;
        } else {
            int p = ((BTreeLeaf) n).search(start, cmp);
            // A position just past either end of this leaf is fine: next() moves to the neighbour.
            pos = p >= 0 ? p : (reverse ? -p - 2 : -p - 1);
        }
        startRank = before + pos + (reverse ? 1 : 0);
    }

    BTreeIterator<T> limit(int n) {
        remaining = n;
        return this;
    }

    @Override public boolean hasNext() {
        return remaining > 0;
    }

    @SuppressWarnings("unchecked")
    @Override public T next() {
        if (remaining <= 0) throw new NoSuchElementException();
        remaining--;
        if (reverse) {
            if (pos < 0) previousLeaf();
            return (T) leaf[pos--];
        }
        if (pos >= leafLen) nextLeaf();
        return (T) leaf[pos++];
    }

    // Both moves rely on remaining > 0: a neighbouring leaf exists, so the climb finds a branch
    // with a child left to visit before running off the root.
    private void nextLeaf() {
        int d = path.length - 1;
        while (at[d] + 1 >= path[d].len) d--;
        BTreeNode n = path[d].children[++at[d]];
        for (d++; d < path.length; d++) {
            BTreeBranch b = (BTreeBranch) n;
            path[d] = b;
            at[d] = 0;
            n = b.children[0];
        }
        leaf = n.keys;
        leafLen = n.len;
        pos = 0;
    }

    private void previousLeaf() {
        int d = path.length - 1;
        while (at[d] == 0) d--;
        BTreeNode n = path[d].children[--at[d]];
        for (d++; d < path.length; d++) {
            BTreeBranch b = (BTreeBranch) n;
            path[d] = b;
            at[d] = b.len - 1;
            n = b.children[b.len - 1];
        }
        leaf = n.keys;
        leafLen = n.len;
        pos = leafLen - 1;
    }
}
