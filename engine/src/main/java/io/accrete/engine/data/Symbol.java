package io.accrete.engine.data;

/** An EDN symbol such as {@code ?e}, {@code ...} or {@code clojure.string/includes?}. Interned. */
public final class Symbol implements Comparable<Symbol> {
    private static final Interner<Symbol> INTERNED = new Interner<>();

    private final String namespace;
    private final String name;
    private final String text;

    private Symbol(String text) {
        this.text = text;
        int slash = text.indexOf('/');
        if (slash > 0 && text.length() > slash + 1) {
            this.namespace = text.substring(0, slash);
            this.name = text.substring(slash + 1);
        } else {
            this.namespace = null;
            this.name = text;
        }
    }

    public static Symbol of(String text) {
        return INTERNED.intern(text, Symbol::new);
    }

    public String namespace() { return namespace; }
    public String name() { return name; }
    public String fullName() { return text; }

    /** True for query variables: symbols starting with {@code ?}. */
    public boolean isVariable() { return text.length() > 1 && text.charAt(0) == '?'; }

    @Override public String toString() { return text; }
    @Override public int hashCode() { return text.hashCode(); }
    @Override public boolean equals(Object o) { return this == o; }
    /** As Clojure (and so Datomic) orders them: by namespace, none first, then by name. */
    @Override public int compareTo(Symbol o) { return this == o ? 0 : Names.compare(namespace, name, o.namespace, o.name); }
}
