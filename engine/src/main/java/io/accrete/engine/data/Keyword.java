package io.accrete.engine.data;

/**
 * An EDN keyword such as {@code :person/name}. Keywords are interned, so identity comparison is
 * equality and hashing is cheap; attribute lookups on hot paths rely on that.
 */
public final class Keyword implements Comparable<Keyword> {
    private static final Interner<Keyword> INTERNED = new Interner<>();

    private final String namespace;
    private final String name;
    private final String text;
    private final int hash;

    private Keyword(String namespace, String name) {
        this.namespace = namespace;
        this.name = name;
        this.text = namespace == null ? name : namespace + "/" + name;
        this.hash = text.hashCode() * 31 + 7;
    }

    /** The keyword for {@code "ns/name"}, {@code ":ns/name"} or {@code "name"}. */
    public static Keyword of(String text) {
        if (text == null) throw new IllegalArgumentException("A keyword needs a name, not null");
        String t = text.startsWith(":") ? text.substring(1) : text;
        return INTERNED.intern(t, Keyword::parse);
    }

    private static Keyword parse(String t) {
        int slash = t.indexOf('/');
        return slash > 0 && t.length() > slash + 1 ? new Keyword(t.substring(0, slash), t.substring(slash + 1)) : new Keyword(null, t);
    }

    public static Keyword of(String namespace, String name) {
        return of(namespace == null ? name : namespace + "/" + name);
    }

    public String namespace() { return namespace; }
    public String name() { return name; }
    /** The text without the leading colon, e.g. {@code person/name}. */
    public String fullName() { return text; }

    @Override public String toString() { return ":" + text; }
    @Override public int hashCode() { return hash; }
    @Override public boolean equals(Object o) { return this == o; }
    /** As Clojure (and so Datomic) orders them: by namespace, none first, then by name. */
    @Override public int compareTo(Keyword o) { return this == o ? 0 : Names.compare(namespace, name, o.namespace, o.name); }
}
