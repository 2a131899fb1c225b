package io.accrete.client;

import java.util.AbstractList;
import java.util.List;

/**
 * An EDN list {@code (a b c)}, as opposed to a vector. Queries need them for function calls
 * such as {@code (pull ?e [*])} or {@code (count ?e)}; they travel as transit's {@code list} tag.
 * Deliberately not {@link java.util.RandomAccess}: that is what makes transit-java tag it
 * {@code list} rather than {@code array}. Immutable.
 */
public final class EdnList extends AbstractList<Object> {
    private final Object[] items;

    EdnList(Object[] items) { this.items = items; }

    public static EdnList of(Object... items) { return new EdnList(items.clone()); }

    public static EdnList copyOf(List<?> items) { return new EdnList(items.toArray()); }

    @Override public Object get(int index) { return items[index]; }
    @Override public int size() { return items.length; }

    @Override public String toString() { return Edn.print(this); }
}
