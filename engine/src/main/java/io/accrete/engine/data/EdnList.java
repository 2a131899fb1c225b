package io.accrete.engine.data;

import java.util.AbstractList;
import java.util.Collection;
import java.util.RandomAccess;

/**
 * An EDN list {@code (a b c)}. Vectors are read as plain {@link java.util.List}s; this type
 * exists only so that the difference survives a read and print (query clauses and transaction
 * functions are lists). As a {@code List} it equals a vector with the same elements, as in
 * Clojure. Immutable; elements may be null.
 */
public final class EdnList extends AbstractList<Object> implements RandomAccess {
    private static final EdnList EMPTY = new EdnList(new Object[0]);

    private final Object[] items;

    private EdnList(Object[] items) {
        this.items = items;
    }

    public static EdnList of(Object... items) {
        return items.length == 0 ? EMPTY : new EdnList(items.clone());
    }

    public static EdnList copyOf(Collection<?> items) {
        return items.isEmpty() ? EMPTY : new EdnList(items.toArray());
    }

    /** Takes ownership of {@code items}; the reader hands over a fresh array, so no copy. */
    static EdnList wrap(Object[] items) {
        return items.length == 0 ? EMPTY : new EdnList(items);
    }

    @Override public Object get(int index) { return items[index]; }
    @Override public int size() { return items.length; }
    @Override public String toString() { return Edn.print(this); }
}
