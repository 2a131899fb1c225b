package io.accrete.engine.index;

import io.accrete.engine.data.Keyword;

/** The four sort orders datoms are kept in, named as in Datomic. */
public enum Index {
    EAVT, AEVT, AVET, VAET;

    public Keyword keyword() { return Keyword.of(name().toLowerCase()); }

    /** Parses {@code :eavt}, {@code eavt} or {@code EAVT}; null when it names no index. */
    public static Index parse(Object o) {
        String s = o instanceof Keyword k ? k.name() : String.valueOf(o);
        if (s.startsWith(":")) s = s.substring(1);
        for (Index i : values()) if (i.name().equalsIgnoreCase(s)) return i;
        return null;
    }
}
