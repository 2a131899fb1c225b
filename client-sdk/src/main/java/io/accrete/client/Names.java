package io.accrete.client;

/** How namespaced names (keywords, symbols) order: by namespace, none first, then by name, as Clojure does. */
final class Names {
    private Names() {}

    static int compare(String ns1, String name1, String ns2, String name2) {
        if (ns1 == null || ns2 == null) {
            if (ns1 != ns2) return ns1 == null ? -1 : 1;
        } else {
            int c = ns1.compareTo(ns2);
            if (c != 0) return c;
        }
        return name1.compareTo(name2);
    }
}
