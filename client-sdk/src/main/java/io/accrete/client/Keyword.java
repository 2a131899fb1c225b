package io.accrete.client;

import java.util.concurrent.ConcurrentHashMap;

/**
 * An EDN keyword such as {@code :person/name}. Keywords are interned so that the maps the SDK
 * hands back (pulled entities, tx reports) can be probed with {@code ==}-cheap lookups, and so
 * that {@code Keyword.of(":a/b") == Keyword.of("a/b")}.
 */
public final class Keyword implements Comparable<Keyword> {
    private static final ConcurrentHashMap<String, Keyword> INTERNED = new ConcurrentHashMap<>();

    private final String namespace;
    private final String name;
    private final String text;

    private Keyword(String namespace, String name, String text) {
        this.namespace = namespace;
        this.name = name;
        this.text = text;
    }

    /** The keyword for {@code ":ns/name"}, {@code "ns/name"} or {@code "name"}. */
    public static Keyword of(String text) {
        if (text == null || text.isEmpty() || text.equals(":")) {
            throw new IllegalArgumentException("not a keyword: " + text);
        }
        String t = text.charAt(0) == ':' ? text.substring(1) : text;
        Keyword k = INTERNED.get(t);
        if (k != null) return k;
        int slash = t.indexOf('/');
        Keyword made = slash > 0 && slash < t.length() - 1
                ? new Keyword(t.substring(0, slash), t.substring(slash + 1), t)
                : new Keyword(null, t, t);
        Keyword prior = INTERNED.putIfAbsent(t, made);
        return prior == null ? made : prior;
    }

    public static Keyword of(String namespace, String name) {
        return of(namespace == null ? name : namespace + "/" + name);
    }

    /** The namespace, e.g. {@code person} for {@code :person/name}; null when there is none. */
    public String namespace() { return namespace; }

    /** The name, e.g. {@code name} for {@code :person/name}. */
    public String name() { return name; }

    /** The text without the leading colon, e.g. {@code person/name}. */
    public String fullName() { return text; }

    @Override public String toString() { return ":" + text; }
    @Override public int hashCode() { return text.hashCode() * 31 + 7; }
    @Override public boolean equals(Object o) { return this == o; }
    /** The server's (and Datomic's) order: by namespace, none first, then by name. */
    @Override public int compareTo(Keyword o) { return Names.compare(namespace, name, o.namespace, o.name); }
}
