package io.accrete.engine.query;

import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * More of clojure.string, with its semantics: {@code split} (by a pattern, trailing empty parts
 * dropped), {@code split-lines}, {@code index-of}, {@code last-index-of} (nil when absent),
 * {@code capitalize}, {@code reverse}, {@code triml}, {@code trimr} and {@code trim-newline}.
 */
final class StringFunctions {
    private StringFunctions() {}

    private static final String NS = "clojure.string/";

    static void registerAll(Map<String, QueryFunction> m) {
        m.put(NS + "split", a -> {
            BuiltinFunctions.arity(a, 2, 3, "clojure.string/split");
            if (!(a[1] instanceof Pattern p)) throw new IllegalArgumentException("clojure.string/split takes a pattern, e.g. [(re-pattern \",\") ?p]");
            int limit = a.length == 3 ? ((Number) a[2]).intValue() : 0;
            return Collections.unmodifiableList(Arrays.asList(p.split((String) a[0], limit)));
        });
        one(m, "split-lines", s -> Collections.unmodifiableList(Arrays.asList(s.split("\\r?\\n"))));
        m.put(NS + "index-of", a -> {
            BuiltinFunctions.arity(a, 2, 3, "clojure.string/index-of");
            int i = ((String) a[0]).indexOf(String.valueOf(a[1]), a.length == 3 ? ((Number) a[2]).intValue() : 0);
            return i < 0 ? null : (Object) (long) i;
        });
        m.put(NS + "last-index-of", a -> {
            BuiltinFunctions.arity(a, 2, 3, "clojure.string/last-index-of");
            String s = (String) a[0];
            int i = s.lastIndexOf(String.valueOf(a[1]), a.length == 3 ? ((Number) a[2]).intValue() : s.length());
            return i < 0 ? null : (Object) (long) i;
        });
        one(m, "capitalize", s -> s.length() < 2 ? s.toUpperCase(Locale.ROOT)
                : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT));
        one(m, "reverse", s -> new StringBuilder(s).reverse().toString());
        one(m, "triml", s -> s.replaceAll("^\\s+", ""));
        one(m, "trimr", s -> s.replaceAll("\\s+$", ""));
        one(m, "trim-newline", s -> s.replaceAll("[\\r\\n]+$", ""));
    }

    private static void one(Map<String, QueryFunction> m, String name, java.util.function.Function<String, Object> f) {
        BuiltinFunctions.unary(m, NS + name, x -> f.apply((String) x));
    }

}
