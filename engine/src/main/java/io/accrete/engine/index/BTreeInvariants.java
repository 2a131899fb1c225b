package io.accrete.engine.index;

/** Structural checks of a published {@link PersistentSortedSet} tree, for tests. */
final class BTreeInvariants {
    private final BTreeOp op;
    private int leafDepth = -1;

    private BTreeInvariants(BTreeOp op) {
        this.op = op;
    }

    static void check(BTreeNode root, int size, BTreeOp op) {
        int n = new BTreeInvariants(op).node(root, true, 0);
        if (n != size) fail("tree holds " + n + " elements, set says " + size);
    }

    private int node(BTreeNode n, boolean isRoot, int depth) {
        if (n.edit != null && !((BTreeOp.EditToken) n.edit).finished) fail("published node still owned by a live transient");
        if (n.keys.length < n.len) fail("node array shorter than its length");
        for (int i = n.len; i < n.keys.length; i++) if (n.keys[i] != null) fail("slot past the length not empty");
        int max = n.maxLen(op);
        if (n.len > max) fail("node over full: " + n.len);
        if (n instanceof BTreeLeaf leaf) {
            if (!isRoot && leaf.len < max / 2) fail("leaf under half full: " + leaf.len);
            for (int i = 1; i < leaf.len; i++) {
                if (op.cmp.compare(leaf.keys[i - 1], leaf.keys[i]) >= 0) fail("leaf out of order at " + i);
            }
            if (leafDepth < 0) leafDepth = depth;
            else if (leafDepth != depth) fail("leaves at depths " + leafDepth + " and " + depth);
            return leaf.len;
        }
        BTreeBranch b = (BTreeBranch) n;
        if (b.children.length != b.keys.length || b.sizes.length != b.keys.length) fail("branch arrays of different lengths");
        for (int i = b.len; i < b.keys.length; i++) if (b.children[i] != null || b.sizes[i] != 0) fail("branch slot past the length not empty");
        if (b.len < (isRoot ? 2 : max / 2)) fail("branch under full: " + b.len);
        int total = 0;
        for (int i = 0; i < b.len; i++) {
            BTreeNode c = b.children[i];
            int s = node(c, false, depth + 1);
            if (s != b.sizes[i]) fail("child " + i + " holds " + s + ", branch says " + b.sizes[i]);
            if (b.keys[i] != c.first()) fail("key " + i + " is not the least element of its child");
            if (i > 0 && op.cmp.compare(last(b.children[i - 1]), c.first()) >= 0) {
                fail("children " + (i - 1) + " and " + i + " overlap");
            }
            total += s;
        }
        return total;
    }

    private static Object last(BTreeNode n) {
        while (n instanceof BTreeBranch b) n = b.children[b.len - 1];
        return n.keys[n.len - 1];
    }

    private static void fail(String message) {
        throw new AssertionError(message);
    }
}
