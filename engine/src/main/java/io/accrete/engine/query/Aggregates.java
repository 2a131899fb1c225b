package io.accrete.engine.query;

import io.accrete.engine.data.Symbol;
import io.accrete.engine.query.BuiltinFunctions.Numbers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Datomic's aggregates and the registry for custom ones. Each sees the values of one group: the
 * aggregated variable over the distinct tuples of find and {@code :with} variables.
 */
public final class Aggregates {
    private Aggregates() {}

    private static final Map<String, AggregateFunction> BUILTIN = new ConcurrentHashMap<>();
    private static final Map<String, AggregateFunction> REGISTERED = new ConcurrentHashMap<>();

    static {
        BUILTIN.put("count", (a, v) -> (long) v.size());
        BUILTIN.put("count-distinct", (a, v) -> (long) distinct(v).size());
        BUILTIN.put("sum", (a, v) -> { Object s = 0L; for (Object x : v) s = Numbers.add(s, x); return s; });
        BUILTIN.put("avg", (a, v) -> v.isEmpty() ? null : toDouble(sum(v)) / v.size());
        BUILTIN.put("median", (a, v) -> median(v));
        BUILTIN.put("variance", (a, v) -> variance(v));
        BUILTIN.put("stddev", (a, v) -> { Double var = variance(v); return var == null ? null : Math.sqrt(var); });
        BUILTIN.put("min", (a, v) -> a.isEmpty() ? extreme(v, -1) : extremeN(v, n(a), false));
        BUILTIN.put("max", (a, v) -> a.isEmpty() ? extreme(v, 1) : extremeN(v, n(a), true));
        BUILTIN.put("distinct", (a, v) -> Collections.unmodifiableSet(new LinkedHashSet<>(distinct(v))));
        BUILTIN.put("rand", (a, v) -> {
            if (v.isEmpty()) return null;
            ThreadLocalRandom r = ThreadLocalRandom.current();
            if (a.isEmpty()) return v.get(r.nextInt(v.size()));
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n(a); i++) out.add(v.get(r.nextInt(v.size())));
            return Collections.unmodifiableList(out);
        });
        BUILTIN.put("sample", (a, v) -> {
            List<Object> pool = new ArrayList<>(new LinkedHashSet<>(v));
            Collections.shuffle(pool, ThreadLocalRandom.current());
            return Collections.unmodifiableList(new ArrayList<>(pool.subList(0, Math.min(n(a), pool.size()))));
        });
    }

    /** The values Clojure's = tells apart (1 and 1N are one value, 1 and 1.0 two), each as first seen. */
    private static java.util.Collection<Object> distinct(List<Object> v) {
        java.util.Map<Object, Object> byKey = new java.util.LinkedHashMap<>();
        for (Object x : v) byKey.putIfAbsent(BuiltinFunctions.Numbers.equalityKey(x), x);
        return byKey.values();
    }

    /** Registers an aggregate under a (namespaced) name; replaces an earlier one of that name. */
    public static void register(String name, AggregateFunction fn) {
        REGISTERED.put(name, fn);
    }

    public static void unregister(String name) {
        REGISTERED.remove(name);
    }

    static boolean exists(Symbol name) {
        return lookup(name) != null;
    }

    static AggregateFunction lookup(Symbol name) {
        AggregateFunction f = REGISTERED.get(name.fullName());
        if (f != null) return f;
        f = BUILTIN.get(name.fullName());
        if (f == null && "clojure.core".equals(name.namespace())) f = BUILTIN.get(name.name());
        if (f == null) {
            // As in Datomic, any function may aggregate: it gets the constants, then the group's values.
            QueryFunction fn = Functions.lookup(name);
            if (fn != null) f = (args, values) -> {
                Object[] all = args.toArray(new Object[args.size() + 1]);
                all[args.size()] = java.util.Collections.unmodifiableList(values);
                return fn.apply(all);
            };
        }
        return f;
    }

    /** count can be computed without collecting values; the evaluator uses this to stream. */
    static boolean isCount(Symbol name) {
        return REGISTERED.get(name.fullName()) == null && "count".equals(name.fullName());
    }

    private static int n(List<Object> args) {
        if (args.size() != 1 || !(args.get(0) instanceof Long l) || l < 0) {
            throw QueryErrors.invalid("Aggregate expects a count before the variable", args);
        }
        return (int) (long) l;
    }

    private static Object sum(List<Object> v) {
        Object s = 0L;
        for (Object x : v) s = Numbers.add(s, x);
        return s;
    }

    private static double toDouble(Object o) {
        return ((Number) o).doubleValue();
    }

    private static Object median(List<Object> v) {
        if (v.isEmpty()) return null;
        List<Object> s = new ArrayList<>(v);
        s.sort(BuiltinFunctions::compare);
        int mid = s.size() / 2;
        if (s.size() % 2 == 1) return s.get(mid);
        Object lo = s.get(mid - 1), hi = s.get(mid);
        // Datomic's median of an even count truncates the mean of the middle two, as Clojure's
        // quot does: 1 for [1 2], 1.0 for [1.0 2.0]
        return Numbers.quot(Numbers.add(lo, hi), 2L);
    }

    /** Population variance, as Datomic computes it. */
    private static Double variance(List<Object> v) {
        if (v.isEmpty()) return null;
        double mean = 0;
        for (Object x : v) mean += toDouble(x);
        mean /= v.size();
        double acc = 0;
        for (Object x : v) { double d = toDouble(x) - mean; acc += d * d; }
        return acc / v.size();
    }

    /** A nil value takes part: it sorts first, so it is the min of any group that holds one, as in Datomic. */
    private static Object extreme(List<Object> v, int sign) {
        if (v.isEmpty()) return null;
        Object best = v.get(0);
        for (Object x : v) if (extremeOrder(x, best) * sign > 0) best = x;
        return best;
    }

    /**
     * The order min and max use, as Datomic's: nil, then numbers (by value), then other values as
     * {@link BuiltinFunctions#compare} orders them (by the name of Datomic's class for them).
     */
    private static int extremeOrder(Object x, Object y) {
        if (x != null && y != null && (x instanceof Number) != (y instanceof Number)) return x instanceof Number ? -1 : 1;
        return BuiltinFunctions.compare(x, y);
    }

    private static Object extremeN(List<Object> v, int n, boolean greatest) {
        List<Object> s = new ArrayList<>(v);
        s.sort(greatest ? (x, y) -> extremeOrder(y, x) : Aggregates::extremeOrder);
        return Collections.unmodifiableList(new ArrayList<>(s.subList(0, Math.min(n, s.size()))));
    }
}
