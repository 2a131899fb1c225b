package io.accrete.engine.pull;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The functions a pull pattern may name with {@code :xform}. Patterns come from clients, so only
 * registered names run; this is the counterpart of Datomic's {@code :xforms} allow-list in
 * {@code datomic/extensions.edn}. It starts with Datomic's built-ins ({@code str}, {@code name},
 * {@code keyword}, {@code symbol}, {@code clojure.edn/read-string}); embedders add more.
 *
 * <p>A function receives the attribute's rendered value (a vector for cardinality many, maps for
 * refs) or null when the entity lacks the attribute, so it must accept null.
 */
public final class Xforms {
    private static final Map<Symbol, Function<Object, Object>> REGISTRY = new ConcurrentHashMap<>();

    static {
        register("str", Xforms::str);
        register("name", Xforms::name);
        register("keyword", Xforms::keyword);
        register("symbol", Xforms::symbol);
        register("clojure.edn/read-string", v -> v == null ? null : Edn.read((String) v));
    }

    private Xforms() {}

    /** Makes {@code fn} available as {@code :xform name}; a later registration replaces it. */
    public static void register(String name, Function<Object, Object> fn) {
        if (name == null || name.isEmpty() || fn == null) throw new IllegalArgumentException("xform needs a name and a function");
        REGISTRY.put(Symbol.of(name), fn);
    }

    /** The registered names, sorted. */
    public static Set<String> names() {
        Set<String> out = new TreeSet<>();
        for (Symbol s : REGISTRY.keySet()) out.add(s.fullName());
        return out;
    }

    /** The function a symbol (or its text) names, or null when it is not registered. */
    static Function<Object, Object> lookup(Object name) {
        if (name instanceof Symbol s) return REGISTRY.get(s);
        if (name instanceof String s && !s.isEmpty()) return REGISTRY.get(Symbol.of(s));
        return null;
    }

    // Clojure's str: nil is "", strings as they are, everything else printed.
    private static Object str(Object v) {
        if (v == null) return "";
        if (v instanceof String || v instanceof Keyword || v instanceof Symbol || v instanceof Number
                || v instanceof Boolean || v instanceof Character) return v.toString();
        if (v instanceof Map<?, ?> || v instanceof Collection<?>) return Edn.print(v);
        return v.toString();
    }

    private static Object name(Object v) {
        if (v == null) return null;
        if (v instanceof Keyword k) return k.name();
        if (v instanceof Symbol s) return s.name();
        if (v instanceof String s) return s;
        throw new IllegalArgumentException("Doesn't support name: " + v.getClass().getSimpleName());
    }

    private static Object keyword(Object v) {
        if (v == null || v instanceof Keyword) return v;
        if (v instanceof Symbol s) return Keyword.of(s.fullName());
        if (v instanceof String s) return s.isEmpty() ? null : Keyword.of(s);
        return null;
    }

    private static Object symbol(Object v) {
        if (v == null || v instanceof Symbol) return v;
        if (v instanceof Keyword k) return Symbol.of(k.fullName());
        if (v instanceof String s) return Symbol.of(s);
        throw new IllegalArgumentException("Cannot make a symbol of " + v.getClass().getSimpleName());
    }
}
