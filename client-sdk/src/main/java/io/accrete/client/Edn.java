package io.accrete.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Helpers for building tx-data, queries and selectors as Java data, meant for
 * {@code import static io.accrete.client.Edn.*}:
 * <pre>{@code
 * List<Object> tx = vec(map(kw(":person/name"), "Ada"));
 * Object query = vec(kw(":find"), sym("?e"), kw(":where"), vec(sym("?e"), kw(":person/name"), "Ada"));
 * }</pre>
 * Vectors are plain {@link List}s, maps are {@link Map}s, sets are {@link Set}s; only EDN lists
 * (function calls in queries) need their own type, {@link EdnList}.
 */
public final class Edn {
    private Edn() {}

    /** {@code kw(":person/name")} or {@code kw("person/name")}. */
    public static Keyword kw(String text) { return Keyword.of(text); }

    public static Symbol sym(String text) { return Symbol.of(text); }

    /** An EDN list {@code (a b c)}, e.g. {@code list(sym("pull"), sym("?e"), vec(sym("*")))}. */
    public static EdnList list(Object... items) { return EdnList.of(items); }

    /** An EDN vector {@code [a b c]}; unlike {@link List#of} it accepts nulls and is mutable. */
    public static List<Object> vec(Object... items) { return new ArrayList<>(Arrays.asList(items)); }

    /** A map from alternating keys and values, keeping their order. */
    public static Map<Object, Object> map(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("map needs key/value pairs");
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    /** An EDN set {@code #{a b c}}. */
    public static Set<Object> set(Object... items) { return new LinkedHashSet<>(Arrays.asList(items)); }

    /** EDN text for a value made of the types above (and strings, numbers, dates, UUIDs). */
    public static String print(Object value) {
        StringBuilder sb = new StringBuilder();
        EdnPrinter.print(value, sb);
        return sb.toString();
    }
}
