package io.accrete.engine.index;

import java.util.Arrays;
import java.util.Comparator;

/** A bottom node of the B+tree: the elements themselves, ascending. */
final class BTreeLeaf extends BTreeNode {

    BTreeLeaf(Object[] keys, int len, Object edit) {
        super(keys, len, edit);
    }

    /** Index of the element equal to x, else {@code -(insertion point) - 1}. */
    int search(Object x, Comparator<Object> cmp) {
        Object[] k = keys;
        int lo = 0;
        int hi = len - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = cmp.compare(k[mid], x);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    @Override int size() {
        return len;
    }

    @Override int maxLen(BTreeOp op) {
        return op.leafMax;
    }

    @Override BTreeNode add(Object x, BTreeOp op) {
        int i = search(x, op.cmp);
        if (i >= 0) return null;
        i = -i - 1;
        if (len < op.leafMax) {
            if (ownedBy(op)) {
                if (len == keys.length) keys = Arrays.copyOf(keys, BTreeOp.grown(len, op.leafMax));
                System.arraycopy(keys, i, keys, i + 1, len - i);
                keys[i] = x;
                len++;
                return this;
            }
            Object[] k = withGap(keys, len, i, op.capacity(len + 1, op.leafMax));
            k[i] = x;
            return new BTreeLeaf(k, len + 1, op.edit);
        }
        int total = len + 1;
        Object[] all = withGap(keys, len, i, total);
        all[i] = x;
        int left = (total + 1) >>> 1;
        op.split = new BTreeLeaf(op.part(all, left, total, op.leafMax), total - left, op.edit);
        return new BTreeLeaf(op.part(all, 0, left, op.leafMax), left, op.edit);
    }

    @Override BTreeNode remove(Object x, BTreeOp op) {
        int i = search(x, op.cmp);
        if (i < 0) return null;
        if (ownedBy(op)) {
            System.arraycopy(keys, i + 1, keys, i, len - i - 1);
            keys[--len] = null;
            return this;
        }
        return new BTreeLeaf(withoutSlot(keys, len, i, op.capacity(len - 1, op.leafMax)), len - 1, op.edit);
    }

    @Override BTreeNode rebalance(BTreeNode rightNode, BTreeOp op) {
        BTreeLeaf right = (BTreeLeaf) rightNode;
        int total = len + right.len;
        Object[] all = concat(keys, len, right.keys, right.len);
        if (total <= op.leafMax) {
            op.split = null;
            return new BTreeLeaf(op.part(all, 0, total, op.leafMax), total, op.edit);
        }
        int left = (total + 1) >>> 1;
        op.split = new BTreeLeaf(op.part(all, left, total, op.leafMax), total - left, op.edit);
        return new BTreeLeaf(op.part(all, 0, left, op.leafMax), left, op.edit);
    }
}
