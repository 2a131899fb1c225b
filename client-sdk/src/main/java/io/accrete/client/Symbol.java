package io.accrete.client;

import java.util.Objects;

/**
 * An EDN symbol such as {@code ?e}, {@code pull} or {@code db.fn/retractEntity}: what queries
 * built as data are made of.
 */
public final class Symbol implements Comparable<Symbol> {
    private final String text;

    private Symbol(String text) { this.text = text; }

    public static Symbol of(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("empty symbol");
        return new Symbol(text);
    }

    /** The namespace, e.g. {@code db.fn} for {@code db.fn/retractEntity}; null when there is none. */
    public String namespace() {
        int slash = text.indexOf('/');
        return slash > 0 && slash < text.length() - 1 ? text.substring(0, slash) : null;
    }

    public String name() {
        int slash = text.indexOf('/');
        return slash > 0 && slash < text.length() - 1 ? text.substring(slash + 1) : text;
    }

    @Override public String toString() { return text; }
    @Override public int hashCode() { return text.hashCode(); }
    @Override public boolean equals(Object o) { return o instanceof Symbol s && s.text.equals(text); }
    /** The server's (and Datomic's) order: by namespace, none first, then by name. */
    @Override public int compareTo(Symbol o) { return Names.compare(namespace(), name(), o.namespace(), o.name()); }

    static Symbol parse(String text) { return new Symbol(Objects.requireNonNull(text)); }
}
