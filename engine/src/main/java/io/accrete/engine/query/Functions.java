package io.accrete.engine.query;

import io.accrete.engine.data.Symbol;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the function symbol of an expression clause: a built-in (also under
 * {@code clojure.core/}), a function registered from Java, or an allow-listed Java method
 * ({@code java.lang.Math/abs}, {@code .startsWith}). Anything else is an unknown function.
 */
public final class Functions {
    private Functions() {}

    private static final Map<String, QueryFunction> BUILTIN = new ConcurrentHashMap<>();
    private static final Map<String, QueryFunction> REGISTERED = new ConcurrentHashMap<>();

    static {
        BuiltinFunctions.registerAll(BUILTIN);
    }

    /**
     * Makes {@code fn} callable in queries under {@code name} (use a namespaced name such as
     * {@code "my.app/score"}). Replaces an earlier registration of the same name.
     */
    public static void register(String name, QueryFunction fn) {
        REGISTERED.put(name, fn);
    }

    public static void unregister(String name) {
        REGISTERED.remove(name);
    }

    /** The function a symbol names; throws {@code :db.error/unknown-function} naming the form. */
    static QueryFunction resolve(Symbol fn, Object form) {
        QueryFunction f = lookup(fn);
        if (f == null) throw QueryErrors.error(QueryErrors.UNKNOWN_FUNCTION, "Unable to resolve function " + fn + " in", form);
        return f;
    }

    static QueryFunction lookup(Symbol fn) {
        String name = fn.fullName();
        QueryFunction f = REGISTERED.get(name);
        if (f != null) return f;
        f = BUILTIN.get(name);
        if (f != null) return f;
        if ("clojure.core".equals(fn.namespace())) return BUILTIN.get(fn.name());
        return JavaInterop.resolve(fn);
    }
}
