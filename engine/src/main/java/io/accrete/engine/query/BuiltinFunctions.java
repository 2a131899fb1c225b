package io.accrete.engine.query;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.DatomOrder;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The functions and predicates Datomic's query language provides, with Clojure's semantics. */
final class BuiltinFunctions {
    private BuiltinFunctions() {}

    static void registerAll(Map<String, QueryFunction> m) {
        m.put("=", a -> { for (int i = 1; i < a.length; i++) if (!same(a[0], a[i])) return false; return true; });
        m.put("not=", a -> { for (int i = 1; i < a.length; i++) if (!same(a[0], a[i])) return true; return false; });
        m.put("!=", m.get("not="));
        m.put("==", a -> { for (int i = 1; i < a.length; i++) if (compareNum(a[0], a[i]) != 0) return false; return true; });
        // Datomic's own ordering comparisons take exactly two arguments ((< 1 ?x 3) is an arity error there).
        m.put("<", a -> { arity(a, 2, 2, "<"); return compare(a[0], a[1]) < 0; });
        m.put(">", a -> { arity(a, 2, 2, ">"); return compare(a[0], a[1]) > 0; });
        m.put("<=", a -> { arity(a, 2, 2, "<="); return compare(a[0], a[1]) <= 0; });
        m.put(">=", a -> { arity(a, 2, 2, ">="); return compare(a[0], a[1]) >= 0; });
        m.put("+", a -> { Object r = 0L; for (Object x : a) r = Numbers.add(r, x); return r; });
        m.put("*", a -> { Object r = 1L; for (Object x : a) r = Numbers.mul(r, x); return r; });
        m.put("-", a -> {
            arity(a, 1, -1, "-");
            if (a.length == 1) return Numbers.sub(0L, a[0]);
            Object r = a[0];
            for (int i = 1; i < a.length; i++) r = Numbers.sub(r, a[i]);
            return r;
        });
        m.put("/", a -> {
            arity(a, 2, -1, "/");   // (/ x) would be a ratio, which Accrete has not; Datomic refuses it too
            Object r = a[0];
            for (int i = 1; i < a.length; i++) r = Numbers.div(r, a[i]);
            return r;
        });
        m.put("quot", a -> { arity(a, 2, 2, "quot"); return Numbers.quot(a[0], a[1]); });
        m.put("rem", a -> { arity(a, 2, 2, "rem"); return Numbers.rem(a[0], a[1]); });
        m.put("mod", a -> { arity(a, 2, 2, "mod"); return Numbers.mod(a[0], a[1]); });
        m.put("inc", a -> { arity(a, 1, 1, "inc"); return Numbers.add(a[0], 1L); });
        m.put("dec", a -> { arity(a, 1, 1, "dec"); return Numbers.sub(a[0], 1L); });
        // As Clojure's: of equal numbers (2 and 2.0) the later one wins.
        m.put("max", a -> { arity(a, 1, -1, "max"); Object r = a[0]; for (Object x : a) if (compareNum(x, r) >= 0) r = x; return r; });
        m.put("min", a -> { arity(a, 1, -1, "min"); Object r = a[0]; for (Object x : a) if (compareNum(x, r) <= 0) r = x; return r; });
        m.put("zero?", a -> Numbers.sign(one(a, "zero?")) == 0);
        m.put("pos?", a -> Numbers.sign(one(a, "pos?")) > 0);
        m.put("neg?", a -> Numbers.sign(one(a, "neg?")) < 0);
        m.put("even?", a -> (Numbers.toLong(one(a, "even?")) & 1) == 0);
        m.put("odd?", a -> (Numbers.toLong(one(a, "odd?")) & 1) != 0);
        // As Clojure's str: text as it is, collections as they print (strings inside quoted), nil as nothing.
        m.put("str", a -> {
            StringBuilder sb = new StringBuilder();
            for (Object x : a) if (x != null) sb.append(x instanceof java.util.Collection || x instanceof java.util.Map ? io.accrete.engine.data.Edn.print(x) : x);
            return sb.toString();
        });
        m.put("subs", a -> {
            arity(a, 2, 3, "subs");
            String s = (String) a[0];
            // As Clojure's, any number is an index: (subs "abc" 1.5) is "bc".
            int from = ((Number) a[1]).intValue();
            return a.length == 2 ? s.substring(from) : s.substring(from, ((Number) a[2]).intValue());
        });
        m.put("clojure.string/starts-with?", a -> { arity(a, 2, 2, "starts-with?"); return ((String) a[0]).startsWith(String.valueOf(a[1])); });
        m.put("clojure.string/ends-with?", a -> { arity(a, 2, 2, "ends-with?"); return ((String) a[0]).endsWith(String.valueOf(a[1])); });
        m.put("clojure.string/includes?", a -> { arity(a, 2, 2, "includes?"); return ((String) a[0]).contains(String.valueOf(a[1])); });
        m.put("clojure.string/lower-case", a -> ((String) one(a, "lower-case")).toLowerCase());
        m.put("clojure.string/upper-case", a -> ((String) one(a, "upper-case")).toUpperCase());
        m.put("clojure.string/blank?", a -> { Object s = one(a, "blank?"); return s == null || ((String) s).isBlank(); });
        m.put("clojure.string/trim", a -> ((String) one(a, "trim")).strip());
        m.put("re-pattern", a -> { Object p = one(a, "re-pattern"); return p instanceof Pattern ? p : Pattern.compile((String) p); });
        m.put("re-find", a -> { arity(a, 2, 2, "re-find"); Matcher mt = pattern(a[0]).matcher((String) a[1]); return mt.find() ? groups(mt) : null; });
        m.put("re-matches", a -> { arity(a, 2, 2, "re-matches"); Matcher mt = pattern(a[0]).matcher((String) a[1]); return mt.matches() ? groups(mt) : null; });
        m.put("re-seq", a -> {
            arity(a, 2, 2, "re-seq");
            Matcher mt = pattern(a[0]).matcher((String) a[1]);
            List<Object> out = new ArrayList<>();
            while (mt.find()) out.add(groups(mt));
            return out.isEmpty() ? null : Collections.unmodifiableList(out);
        });
        m.put("get-else", BuiltinFunctions::getElse);
        m.put("get-some", BuiltinFunctions::getSome);
        m.put("missing?", BuiltinFunctions::missing);
        m.put("ground", a -> one(a, "ground"));
        m.put("identity", a -> one(a, "identity"));
        m.put("tuple", a -> Collections.unmodifiableList(Arrays.asList(a.clone())));
        m.put("untuple", a -> one(a, "untuple"));
        m.put("vector", a -> Collections.unmodifiableList(Arrays.asList(a.clone())));
        m.put("list", a -> Collections.unmodifiableList(Arrays.asList(a.clone())));
        m.put("count", a -> {
            Object x = one(a, "count");
            if (x == null) return 0L;
            if (x instanceof String s) return (long) s.codePointCount(0, s.length());
            if (x instanceof Collection<?> c) return (long) c.size();
            if (x instanceof Map<?, ?> mm) return (long) mm.size();
            throw new IllegalArgumentException("count not supported on " + x.getClass().getSimpleName());
        });
        m.put("nil?", a -> one(a, "nil?") == null);
        m.put("some?", a -> one(a, "some?") != null);
        m.put("not", a -> { Object x = one(a, "not"); return x == null || Boolean.FALSE.equals(x); });
        m.put("compare", a -> { arity(a, 2, 2, "compare"); return (long) Integer.signum(compare(a[0], a[1])); });
        m.put("name", a -> { Object x = one(a, "name"); return x instanceof Keyword k ? k.name() : x instanceof Symbol s ? s.name() : String.valueOf(x); });
        m.put("namespace", a -> { Object x = one(a, "namespace"); return x instanceof Keyword k ? k.namespace() : x instanceof Symbol s ? s.namespace() : null; });
        // More of clojure.core and clojure.string, as Datomic's queries can call them.
        m.put("keyword", a -> {
            arity(a, 1, 2, "keyword");
            if (a.length == 2) return a[1] == null ? null : Keyword.of((String) a[0], (String) a[1]);
            return a[0] instanceof Keyword k ? k : a[0] == null ? null : Keyword.of(String.valueOf(a[0]));
        });
        m.put("true?", a -> Boolean.TRUE.equals(one(a, "true?")));
        m.put("false?", a -> Boolean.FALSE.equals(one(a, "false?")));
        // As Clojure's: a string is a sequence of characters, a map one of [key value] entries.
        m.put("first", a -> { List<?> l = CollectionFunctions.seq(one(a, "first"), "first"); return l.isEmpty() ? null : l.get(0); });
        m.put("second", a -> { List<?> l = CollectionFunctions.seq(one(a, "second"), "second"); return l.size() > 1 ? l.get(1) : null; });
        m.put("get", a -> {
            arity(a, 2, 3, "get");
            Object found = null;
            if (a[0] instanceof Map<?, ?> mp) found = mp.get(a[1]);
            else if (a[0] instanceof String s && a[1] instanceof Number n && n.longValue() >= 0 && n.longValue() < s.length()) found = s.charAt(n.intValue());
            else if (a[0] instanceof List<?> l && a[1] instanceof Number n && n.longValue() >= 0 && n.longValue() < l.size()) found = l.get(n.intValue());
            return found != null ? found : a.length == 3 ? a[2] : null;
        });
        m.put("contains?", a -> {
            arity(a, 2, 2, "contains?");
            if (a[0] instanceof Map<?, ?> mp) return mp.containsKey(a[1]);
            if (a[0] instanceof java.util.Set<?> st) return st.contains(a[1]);
            return a[0] instanceof List<?> l && a[1] instanceof Number n && n.longValue() >= 0 && n.longValue() < l.size();
        });
        m.put("clojure.string/join", a -> {
            arity(a, 1, 2, "clojure.string/join");
            Object coll = a[a.length - 1];
            String sep = a.length == 2 ? String.valueOf(a[0]) : "";
            List<String> parts = new ArrayList<>();
            if (coll instanceof Collection<?> c) for (Object x : c) parts.add(x == null ? "" : String.valueOf(x));
            return String.join(sep, parts);
        });
        m.put("clojure.string/replace", a -> {
            arity(a, 3, 3, "clojure.string/replace");
            String s = (String) a[0];
            // As Clojure's: with a pattern, the replacement may name groups ($1).
            if (a[1] instanceof Pattern p) return p.matcher(s).replaceAll(String.valueOf(a[2]));
            return s.replace(String.valueOf(a[1]), String.valueOf(a[2]));
        });
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Registers a function of exactly one argument. */
    static void unary(Map<String, QueryFunction> m, String name, java.util.function.Function<Object, Object> f) {
        m.put(name, a -> {
            arity(a, 1, 1, name);
            return f.apply(a[0]);
        });
    }

    static void arity(Object[] a, int min, int max, String name) {
        if (a.length < min || (max >= 0 && a.length > max)) {
            throw new IllegalArgumentException("Wrong number of args (" + a.length + ") passed to " + name);
        }
    }

    private static Object one(Object[] a, String name) {
        arity(a, 1, 1, name);
        return a[0];
    }

    /**
     * Clojure's =: numbers equal by value within a category (integers: 1 and 1N; floating: a float
     * and a double; decimals: 1.5M and 1.50M) and never across (1 and 1.0 differ); collections by content.
     */
    static boolean same(Object x, Object y) {
        if (x instanceof byte[] || y instanceof byte[]) return x instanceof byte[] bx && y instanceof byte[] by && Arrays.equals(bx, by);
        if (x instanceof Number nx && y instanceof Number ny) {
            int cx = Numbers.category(nx);
            return cx == Numbers.category(ny) && Numbers.compare(nx, ny) == 0;
        }
        return Objects.equals(x, y);
    }

    /**
     * Numbers by value across types; values of one type in their natural order; values of different
     * types as Datomic orders them, by the name of the class it gives them (so a keyword sorts before
     * a string, and a string before an instant).
     */
    static int compare(Object x, Object y) {
        if (x instanceof Number && y instanceof Number) return Numbers.compare(x, y);
        if (x == null || y == null) {
            if (x == y) return 0;
            return x == null ? -1 : 1;
        }
        String cx = datomicClass(x), cy = datomicClass(y);
        if (!cx.equals(cy)) return cx.compareTo(cy);
        return DatomOrder.compareValues(x, y);
    }

    /** The class Datomic's own value of this kind has. */
    private static String datomicClass(Object v) {
        if (v instanceof io.accrete.engine.data.Keyword) return "clojure.lang.Keyword";
        if (v instanceof io.accrete.engine.data.Symbol) return "clojure.lang.Symbol";
        if (v instanceof java.math.BigInteger) return "clojure.lang.BigInt";
        if (v instanceof java.util.List) return "clojure.lang.PersistentVector";
        if (v instanceof Number) return "java.lang.Number";   // numbers compare among themselves by value
        return v.getClass().getName();
    }

    private static int compareNum(Object x, Object y) {
        if (!(x instanceof Number) || !(y instanceof Number)) throw new ClassCastException("Not a number: " + (x instanceof Number ? y : x));
        return Numbers.compare(x, y);
    }

    private static Pattern pattern(Object p) {
        return p instanceof Pattern pt ? pt : Pattern.compile((String) p);
    }

    /** The match, or when the pattern has groups the vector [match group1 …], as Clojure returns. */
    private static Object groups(Matcher m) {
        if (m.groupCount() == 0) return m.group();
        List<Object> g = new ArrayList<>();
        for (int i = 0; i <= m.groupCount(); i++) g.add(m.group(i));
        return Collections.unmodifiableList(g);
    }

    private static Db db(Object o, String fn) {
        if (o instanceof Db d) return d;
        throw new IllegalArgumentException(fn + " needs a database as its first argument");
    }

    /**
     * The first asserted value of {@code at} on the entity {@code e} designates, or null, also when
     * {@code e} names no entity (a negative id, an unknown ident): never a scan over every entity.
     */
    private static Object firstValue(Db db, Object e, Attribute at) {
        Long id = db.entid(e);
        if (id == null) return null;
        Iterator<Datom> it = db.scan(Index.EAVT, id, at.id(), null);
        while (it.hasNext()) {
            Datom d = it.next();
            if (d.added()) return d.v();
        }
        return null;
    }

    private static Object getElse(Object[] a) {
        arity(a, 4, 4, "get-else");
        Db db = db(a[0], "get-else");
        Attribute at = db.attributeStrict(a[2]);
        if (at.many()) throw Errors.error(QueryErrors.INVALID_QUERY, "get-else is not supported for cardinality-many attribute", a[2]);
        if (a[3] == null) throw Errors.error(QueryErrors.INVALID_QUERY, "get-else default must not be nil", a[2]);
        Object v = firstValue(db, a[1], at);
        return v != null ? v : a[3];
    }

    private static Object getSome(Object[] a) {
        arity(a, 3, -1, "get-some");
        Db db = db(a[0], "get-some");
        for (int i = 2; i < a.length; i++) {
            Attribute at = db.attributeStrict(a[i]);
            // as Datomic: refused only when reached, after the attributes before it found nothing
            if (at.many()) throw Errors.error(QueryErrors.INVALID_QUERY, "get-some is not supported for cardinality-many attribute", a[i]);
            Object v = firstValue(db, a[1], at);
            if (v != null) return List.of((long) at.id(), v);
        }
        return null;
    }

    private static Object missing(Object[] a) {
        arity(a, 3, 3, "missing?");
        Db db = db(a[0], "missing?");
        // As Datomic: what names no attribute is missing from every entity.
        Attribute at = db.attribute(a[2]);
        return at == null || firstValue(db, a[1], at) == null;
    }

    /** Arithmetic with Clojure's contagion: Long exact, then BigInteger, Double, BigDecimal. */
    static final class Numbers {
        private Numbers() {}

        /** Clojure's equality categories: 0 integers, 1 floating point, 2 decimals. */
        static int category(Number n) {
            if (n instanceof Double || n instanceof Float) return 1;
            return n instanceof BigDecimal ? 2 : 0;
        }

        /**
         * A key under which numbers that Clojure's = calls equal are equal (1 and 1N, a float and the
         * double it widens to, 1.5M and 1.50M); anything else is its own key.
         */
        static Object equalityKey(Object o) {
            if (o instanceof Integer || o instanceof Short || o instanceof Byte) return ((Number) o).longValue();
            if (o instanceof BigInteger b) return b.bitLength() < 64 ? (Object) b.longValue() : b;
            if (o instanceof Float f) return f.doubleValue();
            if (o instanceof BigDecimal d) return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
            return o;
        }

        private static int rank(Object o) {
            if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) return 0;
            if (o instanceof BigInteger) return 1;
            if (o instanceof BigDecimal) return 2;
            if (o instanceof Double || o instanceof Float) return 3;
            throw new ClassCastException("Not a number: " + (o == null ? "nil" : o));
        }

        static Object add(Object x, Object y) {
            return switch (Math.max(rank(x), rank(y))) {
                case 0 -> Math.addExact(((Number) x).longValue(), ((Number) y).longValue());
                case 1 -> big(x).add(big(y));
                case 2 -> sized(dec(x), dec(y), Op.SUM).add(dec(y));
                default -> ((Number) x).doubleValue() + ((Number) y).doubleValue();
            };
        }

        static Object sub(Object x, Object y) {
            return switch (Math.max(rank(x), rank(y))) {
                case 0 -> Math.subtractExact(((Number) x).longValue(), ((Number) y).longValue());
                case 1 -> big(x).subtract(big(y));
                case 2 -> sized(dec(x), dec(y), Op.SUM).subtract(dec(y));
                default -> ((Number) x).doubleValue() - ((Number) y).doubleValue();
            };
        }

        static Object mul(Object x, Object y) {
            return switch (Math.max(rank(x), rank(y))) {
                case 0 -> Math.multiplyExact(((Number) x).longValue(), ((Number) y).longValue());
                case 1 -> {
                    checkDigits((long) ((big(x).bitLength() + (long) big(y).bitLength()) * 0.30103));
                    yield big(x).multiply(big(y));
                }
                case 2 -> sized(dec(x), dec(y), Op.PRODUCT).multiply(dec(y));
                default -> ((Number) x).doubleValue() * ((Number) y).doubleValue();
            };
        }

        /** Integer division that is exact stays a Long; otherwise a Double (there are no ratios). */
        static Object div(Object x, Object y) {
            int r = Math.max(rank(x), rank(y));
            // As Clojure's boxed division, which queries use: zero is refused whatever the type,
            // and decimals divide exactly or not at all.
            if (r == 3 && Double.isNaN(((Number) x).doubleValue())) return Double.NaN;   // Clojure looks at NaN before zero
            if (((Number) y).doubleValue() == 0 && (r == 3 || dec(y).signum() == 0)) throw new ArithmeticException("Divide by zero");
            if (r == 3) return ((Number) x).doubleValue() / ((Number) y).doubleValue();
            if (r == 2) return sized(dec(x), dec(y), Op.QUOTIENT).divide(dec(y));
            BigInteger bx = big(x), by = big(y);
            if (by.signum() == 0) throw new ArithmeticException("Divide by zero");
            // As in Datomic, integers divide to their truncated quotient: (/ 7 2) is 3, not 3.5.
            BigInteger q = bx.divide(by);
            return r == 0 && q.bitLength() < 64 ? (Object) q.longValue() : q;
        }

        /**
         * Refuses an exact operation whose result would have more than {@link #MAX_DIGITS} digits:
         * {@code 1E+10000000M} is eleven characters, but adding 1 to it writes ten million digits,
         * and no query deadline can interrupt the arithmetic itself. Returns {@code x}.
         */
        static BigDecimal sized(BigDecimal x, BigDecimal y, Op op) {
            long precision = (long) x.precision() + y.precision();
            checkDigits(switch (op) {
                // aligned to the finer scale: every digit from the highest to the lowest
                case SUM -> Math.max((long) x.precision() - x.scale(), (long) y.precision() - y.scale()) + Math.max(Math.max(x.scale(), y.scale()), 0);
                // a product or quotient is short in precision but may be long written out: 1E+9999M squared has 19,999 digits
                case PRODUCT -> io.accrete.engine.data.NumberLimits.digits(precision, (long) x.scale() + y.scale());
                case QUOTIENT -> io.accrete.engine.data.NumberLimits.digits(precision, (long) x.scale() - y.scale());
            });
            return x;
        }

        enum Op { SUM, PRODUCT, QUOTIENT }

        /** {@code d} when written out it has at most {@link #MAX_DIGITS} digits: before it is made an integer. */
        static BigDecimal sized(BigDecimal d) {
            checkDigits(io.accrete.engine.data.NumberLimits.digits(d));
            return d;
        }

        private static void checkDigits(long digits) {
            if (digits > MAX_DIGITS) {
                throw new ArithmeticException("The result would have about " + digits + " digits, more than the " + MAX_DIGITS + " allowed");
            }
        }

        static final long MAX_DIGITS = 100_000;

        static Object quot(Object x, Object y) {
            int r = Math.max(rank(x), rank(y));
            if (r == 0) return ((Number) x).longValue() / ((Number) y).longValue();
            if (r == 1) return big(x).divide(big(y));
            if (r == 2) return sized(dec(x), dec(y), Op.SUM).divideToIntegralValue(dec(y));
            double q = ((Number) x).doubleValue() / ((Number) y).doubleValue();
            return q < 0 ? Math.ceil(q) : Math.floor(q);
        }

        static Object rem(Object x, Object y) {
            int r = Math.max(rank(x), rank(y));
            if (r == 0) return ((Number) x).longValue() % ((Number) y).longValue();
            if (r == 1) return big(x).remainder(big(y));
            if (r == 2) return sized(dec(x), dec(y), Op.SUM).remainder(dec(y));
            return ((Number) x).doubleValue() % ((Number) y).doubleValue();
        }

        static Object mod(Object x, Object y) {
            int r = Math.max(rank(x), rank(y));
            if (r == 0) return Math.floorMod(((Number) x).longValue(), ((Number) y).longValue());
            if (r == 1) { BigInteger m = big(x).mod(big(y).abs()); return big(y).signum() < 0 && m.signum() != 0 ? m.add(big(y)) : m; }
            if (r == 2) {
                BigDecimal m = sized(dec(x), dec(y), Op.SUM).remainder(dec(y));
                return m.signum() != 0 && m.signum() != dec(y).signum() ? m.add(dec(y)) : m;
            }
            double a = ((Number) x).doubleValue(), b = ((Number) y).doubleValue();
            double m = a % b;
            return m != 0 && (m < 0) != (b < 0) ? m + b : m;
        }

        static int compare(Object x, Object y) {
            return switch (Math.max(rank(x), rank(y))) {
                case 0 -> Long.compare(((Number) x).longValue(), ((Number) y).longValue());
                case 1 -> big(x).compareTo(big(y));
                case 2 -> dec(x).compareTo(dec(y));
                default -> Double.compare(((Number) x).doubleValue(), ((Number) y).doubleValue());
            };
        }

        static int sign(Object x) {
            return switch (rank(x)) {
                case 0 -> Long.signum(((Number) x).longValue());
                case 1 -> ((BigInteger) x).signum();
                case 2 -> ((BigDecimal) x).signum();
                default -> (int) Math.signum(((Number) x).doubleValue());
            };
        }

        static long toLong(Object x) {
            if (rank(x) != 0) {
                if (x instanceof BigInteger b) return b.longValueExact();
                throw new IllegalArgumentException("Argument must be an integer: " + x);
            }
            return ((Number) x).longValue();
        }

        private static BigInteger big(Object o) {
            return o instanceof BigInteger b ? b : BigInteger.valueOf(((Number) o).longValue());
        }

        private static BigDecimal dec(Object o) {
            if (o instanceof BigDecimal d) return d;
            if (o instanceof BigInteger b) return new BigDecimal(b);
            return BigDecimal.valueOf(((Number) o).longValue());
        }
    }
}
