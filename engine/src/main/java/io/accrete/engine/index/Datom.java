package io.accrete.engine.index;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.EdnPrintable;

/**
 * One fact: entity {@code e} has value {@code v} for attribute {@code a}, asserted
 * ({@code added}) or retracted in transaction {@code tx}. The attribute is its entity id, which
 * always lives in the {@code :db.part/db} partition and so fits an int.
 */
public record Datom(long e, int a, Object v, long tx, boolean added) implements EdnPrintable {

    /** The basis t of the transaction that made this datom. */
    public long t() { return EntityIds.txToT(tx); }

    @Override public void printEdn(StringBuilder out) {
        out.append('[').append(e).append(' ').append(a).append(' ');
        Edn.print(v, out);
        out.append(' ').append(tx).append(' ').append(added).append(']');
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        printEdn(sb);
        return sb.toString();
    }
}
