package io.accrete.engine.query;

import io.accrete.engine.data.Symbol;
import io.accrete.engine.error.Errors;

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
        TypeFunctions.registerAll(BUILTIN);
        CollectionFunctions.registerAll(BUILTIN);
        StringFunctions.registerAll(BUILTIN);
        LogFunctions.registerAll(BUILTIN);
    }

    /**
     * Makes {@code fn} callable in queries under {@code name} (use a namespaced name such as
     * {@code "my.app/score"}). Replaces an earlier registration of the same name. Registrations are
     * process-wide: every database and connection in the JVM sees them.
     */
    public static void register(String name, QueryFunction fn) {
        if (name == null || name.isEmpty() || fn == null) throw Errors.error(Errors.INVALID_ARGUMENT, "A query function needs a name and an implementation");
        if (BUILTIN.containsKey(name) || name.startsWith("clojure.core/") && BUILTIN.containsKey(name.substring("clojure.core/".length()))) {
            // Registrations are process-wide: replacing a built-in would change every query of every database.
            throw Errors.error(Errors.INVALID_ARGUMENT, "A query function cannot replace the built-in " + name + "; use a namespaced name such as my.app/fn");
        }
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

    /**
     * The function a symbol names, or null when it names none. Attribute predicates and entity
     * specs name their functions the same way queries do.
     */
    public static QueryFunction lookup(Symbol fn) {
        String name = fn.fullName();
        QueryFunction f = REGISTERED.get(name);
        if (f != null) return f;
        f = BUILTIN.get(name);
        if (f != null) return f;
        if ("clojure.core".equals(fn.namespace())) return BUILTIN.get(fn.name());
        return JavaInterop.resolve(fn);
    }
}
