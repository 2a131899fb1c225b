package io.accrete.engine.index;

import java.util.Arrays;
import java.util.Comparator;

/**
 * An inner node of the B+tree. {@code keys[i]} is the least element under {@code children[i]}
 * and {@code sizes[i]} the number of elements there, so that rank, count and slice bounds are
 * found in one descent without visiting siblings.
 */
final class BTreeBranch extends BTreeNode {
    BTreeNode[] children;
    int[] sizes;

    BTreeBranch(Object[] keys, BTreeNode[] children, int[] sizes, int len, Object edit) {
        super(keys, len, edit);
        this.children = children;
        this.sizes = sizes;
    }

    /** Index of the child whose range holds x: the last child with least element <= x, else 0. */
    int route(Object x, Comparator<Object> cmp) {
        Object[] k = keys;
        int lo = 1;
        int hi = len - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = cmp.compare(k[mid], x);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return hi;
    }

    /** Elements under children[0, i). */
    int sizeBefore(int i) {
        int[] s = sizes;
        int n = 0;
        for (int j = 0; j < i; j++) n += s[j];
        return n;
    }

    @Override int size() {
        return sizeBefore(len);
    }

    @Override int maxLen(BTreeOp op) {
        return op.branchMax;
    }

    private BTreeBranch editable(BTreeOp op) {
        if (ownedBy(op)) return this;
        int cap = op.capacity(len, op.branchMax);
        return new BTreeBranch(Arrays.copyOf(keys, cap), Arrays.copyOf(children, cap),
                Arrays.copyOf(sizes, cap), len, op.edit);
    }

    private void set(int i, BTreeNode child, int size) {
        keys[i] = child.first();
        children[i] = child;
        sizes[i] = size;
    }

    @Override BTreeNode add(Object x, BTreeOp op) {
        int i = route(x, op.cmp);
        BTreeNode child = children[i].add(x, op);
        if (child == null) return null;
        BTreeNode right = op.split;
        if (right == null) {
            BTreeBranch b = editable(op);
            b.set(i, child, sizes[i] + 1);
            return b;
        }
        op.split = null;
        int rightSize = right.size();
        int leftSize = sizes[i] + 1 - rightSize;
        if (len < op.branchMax) {
            BTreeBranch b;
            if (ownedBy(op)) {
                b = this;
                if (len == keys.length) {
                    int cap = BTreeOp.grown(len, op.branchMax);
                    keys = Arrays.copyOf(keys, cap);
                    children = Arrays.copyOf(children, cap);
                    sizes = Arrays.copyOf(sizes, cap);
                }
                System.arraycopy(keys, i + 1, keys, i + 2, len - i - 1);
                System.arraycopy(children, i + 1, children, i + 2, len - i - 1);
                System.arraycopy(sizes, i + 1, sizes, i + 2, len - i - 1);
                len++;
            } else {
                int cap = op.capacity(len + 1, op.branchMax);
                b = new BTreeBranch(withGap(keys, len, i + 1, cap), withGap(children, len, i + 1, cap),
                        withGap(sizes, len, i + 1, cap), len + 1, op.edit);
            }
            b.set(i, child, leftSize);
            b.set(i + 1, right, rightSize);
            return b;
        }
        // Full: lay out all len + 1 children, then cut in the middle.
        int total = len + 1;
        BTreeBranch all = new BTreeBranch(withGap(keys, len, i + 1, total),
                withGap(children, len, i + 1, total), withGap(sizes, len, i + 1, total), total, null);
        all.set(i, child, leftSize);
        all.set(i + 1, right, rightSize);
        return all.halves(op);
    }

    /** Cuts this scratch node into two nodes sized for the op; the right one goes to op.split. */
    private BTreeNode halves(BTreeOp op) {
        int max = op.branchMax;
        int left = (len + 1) >>> 1;
        op.split = new BTreeBranch(op.part(keys, left, len, max), op.part(children, left, len, max),
                op.part(sizes, left, len, max), len - left, op.edit);
        return new BTreeBranch(op.part(keys, 0, left, max), op.part(children, 0, left, max),
                op.part(sizes, 0, left, max), left, op.edit);
    }

    @Override BTreeNode remove(Object x, BTreeOp op) {
        int i = route(x, op.cmp);
        BTreeNode child = children[i].remove(x, op);
        if (child == null) return null;
        BTreeBranch b = editable(op);
        b.children[i] = child;
        b.sizes[i]--;
        if (child.len >= child.maxLen(op) / 2) {
            b.keys[i] = child.first();
            return b;
        }
        // Underfull: every branch has at least two children (the root collapses when it has one),
        // so there is always a sibling to merge with or borrow from.
        int l = i > 0 ? i - 1 : i;
        BTreeNode left = b.children[l].rebalance(b.children[l + 1], op);
        BTreeNode right = op.split;
        if (right != null) {
            op.split = null;
            b.set(l, left, left.size());
            b.set(l + 1, right, right.size());
        } else {
            b.set(l, left, b.sizes[l] + b.sizes[l + 1]);
            b.removeSlot(l + 1, op);
        }
        return b;
    }

    /** Drops slot at. Only for a branch the op may write: owned, or a persistent op's fresh copy. */
    private void removeSlot(int at, BTreeOp op) {
        if (op.edit != null) {
            int tail = len - at - 1;
            System.arraycopy(keys, at + 1, keys, at, tail);
            System.arraycopy(children, at + 1, children, at, tail);
            System.arraycopy(sizes, at + 1, sizes, at, tail);
            len--;
            keys[len] = null;
            children[len] = null;
            sizes[len] = 0;
        } else {
            keys = withoutSlot(keys, len, at, len - 1);
            children = withoutSlot(children, len, at, len - 1);
            sizes = withoutSlot(sizes, len, at, len - 1);
            len--;
        }
    }

    @Override BTreeNode rebalance(BTreeNode rightNode, BTreeOp op) {
        BTreeBranch right = (BTreeBranch) rightNode;
        int total = len + right.len;
        BTreeBranch all = new BTreeBranch(concat(keys, len, right.keys, right.len),
                concat(children, len, right.children, right.len),
                concat(sizes, len, right.sizes, right.len), total, null);
        if (total > op.branchMax) return all.halves(op);
        op.split = null;
        if (op.edit == null) return all;
        int max = op.branchMax;
        return new BTreeBranch(op.part(all.keys, 0, total, max), op.part(all.children, 0, total, max),
                op.part(all.sizes, 0, total, max), total, op.edit);
    }
}
