package io.accrete.engine.query;

import io.accrete.engine.data.EdnList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * More of clojure.core's collection functions, as Datomic's queries can call them: {@code nth},
 * {@code last}, {@code vec}, {@code set}, {@code distinct}, {@code sort}, {@code reverse},
 * {@code empty?}, {@code not-empty}, {@code keys} and {@code vals}. Results are unmodifiable.
 */
final class CollectionFunctions {
    private CollectionFunctions() {}

    static void registerAll(Map<String, QueryFunction> m) {
        m.put("nth", a -> {
            BuiltinFunctions.arity(a, 2, 3, "nth");
            List<?> l = list(a[0], "nth");
            long i = ((Number) a[1]).longValue();
            if (i >= 0 && i < l.size()) return l.get((int) i);
            if (a.length == 3) return a[2];
            throw new IndexOutOfBoundsException("nth: index " + i + " of a collection of " + l.size());
        });
        one(m, "last", x -> {
            List<?> l = x == null ? List.of() : list(x, "last");
            return l.isEmpty() ? null : l.get(l.size() - 1);
        });
        one(m, "vec", x -> x == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(items(x, "vec"))));
        one(m, "set", x -> x == null ? java.util.Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(items(x, "set"))));
        // As in Clojure, these give sequences, which print as lists.
        one(m, "distinct", x -> EdnList.copyOf(x == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(items(x, "distinct")))));
        one(m, "sort", x -> {
            List<Object> out = new ArrayList<>(x == null ? List.of() : items(x, "sort"));
            out.sort(BuiltinFunctions::compare);
            return EdnList.copyOf(out);
        });
        one(m, "reverse", x -> {
            List<Object> out = new ArrayList<>(x == null ? List.of() : items(x, "reverse"));
            Collections.reverse(out);
            return EdnList.copyOf(out);
        });
        one(m, "empty?", x -> x == null || x instanceof String s ? x == null || ((String) x).isEmpty() : items(x, "empty?").isEmpty());
        one(m, "not-empty", x -> x == null || (x instanceof String s ? s.isEmpty() : items(x, "not-empty").isEmpty()) ? null : x);
        one(m, "keys", x -> x == null || ((Map<?, ?>) x).isEmpty() ? null : EdnList.copyOf(new ArrayList<>(((Map<?, ?>) x).keySet())));
        one(m, "vals", x -> x == null || ((Map<?, ?>) x).isEmpty() ? null : EdnList.copyOf(new ArrayList<>(((Map<?, ?>) x).values())));
    }

    /**
     * {@code x} as Clojure's {@code seq} sees it: nil is empty, a string its characters (as
     * {@code Character}s, one per UTF-16 unit as in Clojure), a map its [key value] entries.
     */
    static List<?> seq(Object x, String fn) {
        return x == null ? List.of() : list(x, fn);
    }

    private static List<?> list(Object x, String fn) {
        if (x instanceof List<?> l) return l;
        return new ArrayList<>(items(x, fn));
    }

    private static Collection<?> items(Object x, String fn) {
        if (x instanceof Collection<?> c) return c;
        if (x instanceof String s) {
            List<Character> chars = new ArrayList<>(s.length());
            for (int i = 0; i < s.length(); i++) chars.add(s.charAt(i));
            return chars;
        }
        if (x instanceof Map<?, ?> mp) {
            List<Object> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : mp.entrySet()) entries.add(Collections.unmodifiableList(java.util.Arrays.asList(e.getKey(), e.getValue())));
            return entries;
        }
        throw new IllegalArgumentException(fn + " is not supported on " + x.getClass().getSimpleName());
    }

    private static void one(Map<String, QueryFunction> m, String name, java.util.function.Function<Object, Object> f) {
        BuiltinFunctions.unary(m, name, f);
    }
}
