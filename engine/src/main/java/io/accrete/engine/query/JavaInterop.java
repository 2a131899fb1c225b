package io.accrete.engine.query;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Java methods a query may call: static methods of a fixed set of value classes by fully
 * qualified name ({@code java.lang.Math/abs}) and instance methods ({@code .startsWith}) on
 * values of those classes. Queries arrive over HTTP, so nothing outside this list is reachable:
 * no class loading by name, no methods that return classes, threads or I/O.
 */
final class JavaInterop {
    private JavaInterop() {}

    private static final Map<String, Class<?>> STATIC_CLASSES = Map.ofEntries(
            Map.entry("java.lang.Math", Math.class),
            Map.entry("java.lang.StrictMath", StrictMath.class),
            Map.entry("java.lang.Long", Long.class),
            Map.entry("java.lang.Integer", Integer.class),
            Map.entry("java.lang.Double", Double.class),
            Map.entry("java.lang.Float", Float.class),
            Map.entry("java.lang.Boolean", Boolean.class),
            Map.entry("java.lang.Character", Character.class),
            Map.entry("java.lang.String", String.class),
            Map.entry("java.math.BigInteger", BigInteger.class),
            Map.entry("java.math.BigDecimal", BigDecimal.class),
            Map.entry("java.util.UUID", UUID.class));

    /** Receivers of instance calls. */
    private static final Set<Class<?>> INSTANCE_CLASSES = Set.of(String.class, Long.class, Integer.class, Double.class,
            Float.class, Boolean.class, Character.class, BigInteger.class, BigDecimal.class, UUID.class, Date.class,
            URI.class, Keyword.class, Symbol.class);

    private static final Set<String> FORBIDDEN = Set.of("getClass", "wait", "notify", "notifyAll", "describeConstable",
            "resolveConstantDesc", "getChars", "getBytes", "chars", "codePoints", "lines");

    private static final Map<String, List<Method>> METHOD_CACHE = new ConcurrentHashMap<>();

    static QueryFunction resolve(Symbol fn) {
        String ns = fn.namespace();
        String name = fn.name();
        if (ns == null && name.length() > 1 && name.charAt(0) == '.') {
            String method = name.substring(1);
            if (FORBIDDEN.contains(method)) return null;
            return args -> invokeInstance(method, args, fn);
        }
        if (ns == null || FORBIDDEN.contains(name)) return null;
        Class<?> c = STATIC_CLASSES.get(ns);
        if (c == null) c = STATIC_CLASSES.get("java.lang." + ns);
        if (c == null) return null;
        List<Method> candidates = methods(c, name, true);
        if (candidates.isEmpty()) return null;
        return args -> invoke(candidates, null, args, fn);
    }

    private static Object invokeInstance(String method, Object[] args, Symbol fn) {
        if (args.length == 0 || args[0] == null) throw new IllegalArgumentException(fn + " needs a receiver");
        Object target = args[0];
        if (!INSTANCE_CLASSES.contains(target.getClass())) {
            throw new IllegalArgumentException(fn + " is not allowed on " + target.getClass().getSimpleName());
        }
        List<Method> candidates = methods(target.getClass(), method, false);
        Object[] rest = new Object[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        return invoke(candidates, target, rest, fn);
    }

    private static List<Method> methods(Class<?> c, String name, boolean statics) {
        return METHOD_CACHE.computeIfAbsent(c.getName() + (statics ? "/" : ".") + name, k -> {
            List<Method> out = new ArrayList<>();
            for (Method m : c.getMethods()) {
                if (!m.getName().equals(name) || m.isVarArgs() || Modifier.isStatic(m.getModifiers()) != statics) continue;
                if (!isValueType(m.getReturnType())) continue;
                out.add(m);
            }
            return List.copyOf(out);
        });
    }

    /** Methods returning classes, streams, arrays and the like stay unreachable. */
    private static boolean isValueType(Class<?> r) {
        return r.isPrimitive() || r == String.class || Number.class.isAssignableFrom(r) || r == Boolean.class
                || r == Character.class || r == UUID.class || r == Date.class || r == Object.class
                || r == Keyword.class || r == Symbol.class || r == URI.class;
    }

    private static Object invoke(List<Method> candidates, Object target, Object[] args, Symbol fn) {
        Method best = null;
        int bestScore = Integer.MAX_VALUE;
        for (Method m : candidates) {
            int s = score(m.getParameterTypes(), args);
            if (s >= 0 && s < bestScore) { best = m; bestScore = s; }
        }
        if (best == null) throw new IllegalArgumentException("No method " + fn + " for " + args.length + " arguments of these types");
        Object[] converted = new Object[args.length];
        Class<?>[] ps = best.getParameterTypes();
        for (int i = 0; i < args.length; i++) converted[i] = convert(ps[i], args[i]);
        try {
            return normalize(best.invoke(target, converted));
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof RuntimeException re) throw re;
            throw new IllegalStateException(t);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lower is better; -1 when the arguments do not fit. */
    private static int score(Class<?>[] ps, Object[] args) {
        if (ps.length != args.length) return -1;
        int score = 0;
        for (int i = 0; i < ps.length; i++) {
            int s = fit(ps[i], args[i]);
            if (s < 0) return -1;
            score += s;
        }
        return score;
    }

    private static int fit(Class<?> p, Object a) {
        if (a == null) return p.isPrimitive() ? -1 : 1;
        Class<?> c = a.getClass();
        if (p == long.class) return c == Long.class ? 0 : c == Integer.class ? 1 : -1;
        if (p == int.class) return c == Integer.class ? 0 : c == Long.class && fitsInt((Long) a) ? 2 : -1;
        if (p == double.class) return c == Double.class ? 0 : c == Float.class ? 1 : a instanceof Long || a instanceof Integer ? 3 : -1;
        if (p == float.class) return c == Float.class ? 0 : c == Double.class ? 4 : -1;
        if (p == boolean.class) return c == Boolean.class ? 0 : -1;
        if (p == char.class) return c == Character.class ? 0 : a instanceof String s && s.length() == 1 ? 1 : -1;
        if (p == short.class || p == byte.class) return -1;
        if (p == CharSequence.class && a instanceof CharSequence) return 1;
        if (p.isInstance(a)) return p == Object.class ? 5 : 0;
        return -1;
    }

    private static boolean fitsInt(long l) { return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE; }

    private static Object convert(Class<?> p, Object a) {
        if (a == null) return null;
        if (p == long.class) return ((Number) a).longValue();
        if (p == int.class) return ((Number) a).intValue();
        if (p == double.class) return ((Number) a).doubleValue();
        if (p == float.class) return ((Number) a).floatValue();
        if (p == char.class && a instanceof String s) return s.charAt(0);
        return a;
    }

    /** Results as the query engine stores values: ints widen to Long, floats stay. */
    private static Object normalize(Object r) {
        if (r instanceof Integer i) return (long) i;
        if (r instanceof Short s) return (long) s;
        if (r instanceof Byte b) return (long) b;
        return r;
    }
}
