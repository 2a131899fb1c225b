package io.accrete.engine.differential;

import datomic.Peer;
import io.accrete.engine.data.Edn;
import io.accrete.engine.db.Db;
import io.accrete.engine.pull.Pull;
import io.accrete.engine.query.Query;
import io.accrete.engine.testing.TempDb;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Loads one random dataset into the real Datomic (peer library, in-memory storage) and into
 * Accrete, then compares randomly composed queries and pull patterns: their answers, or that both
 * refuse. Entity ids differ between the two, so every id that can show up (as {@code :db/id} in a
 * pull, or in a find) is rendered as the entity's name before comparing; results that Datomic
 * returns as sets, and cardinality-many values whose order follows entity ids, compare as sorted
 * bags.
 *
 * <p>Left out on purpose, because Accrete documents them as differences: {@code /} on longs (no
 * ratios, a double instead), {@code rand} and {@code sample} (random).
 */
class DatomicQueryDifferentialProperties {
    static final String SCHEMA = "["
            + "{:db/ident :x/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
            + "{:db/ident :x/str :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
            + "{:db/ident :x/long :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
            + "{:db/ident :x/longs :db/valueType :db.type/long :db/cardinality :db.cardinality/many}"
            + "{:db/ident :x/dbl :db/valueType :db.type/double :db/cardinality :db.cardinality/one}"
            + "{:db/ident :x/kw :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}"
            + "{:db/ident :x/tags :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many}"
            + "{:db/ident :x/bool :db/valueType :db.type/boolean :db/cardinality :db.cardinality/one}"
            + "{:db/ident :x/inst :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}"
            + "{:db/ident :x/best :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}"
            + "{:db/ident :x/friend :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}"
            + "{:db/ident :x/part :db/valueType :db.type/ref :db/cardinality :db.cardinality/one :db/isComponent true}"
            + "{:db/ident :x/parts :db/valueType :db.type/ref :db/cardinality :db.cardinality/many :db/isComponent true}"
            + "{:db/ident :x/color :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}"
            + "{:db/ident :color/red} {:db/ident :color/blue}]";

    static final int ENTITIES = 7;
    static final String[] SCALARS = {":x/str", ":x/long", ":x/longs", ":x/dbl", ":x/kw", ":x/tags", ":x/bool", ":x/inst"};
    static final String[] NUMERIC = {":x/long", ":x/longs", ":x/dbl"};
    static final String[] REFS = {":x/best", ":x/friend", ":x/part", ":x/parts", ":x/color"};
    static final String[] AGGS = {"count", "count-distinct", "min", "max", "distinct", "sum", "avg", "median", "variance", "stddev"};
    static final String[] CMPS = {"<", ">", "<=", ">=", "=", "!=", "not="};

    /** One entity's tx-data map, each attribute present or not. */
    @Provide
    Arbitrary<String> dataset() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < ENTITIES; i++) {
                sb.append("{:db/id \"n").append(i).append("\" :x/name \"n").append(i).append('"');
                if (r.nextInt(4) > 0) sb.append(" :x/str \"s").append(r.nextInt(4)).append('"');
                if (r.nextInt(4) > 0) sb.append(" :x/long ").append(r.nextInt(7) - 2);
                if (r.nextBoolean()) sb.append(" :x/longs [").append(r.nextInt(5)).append(' ').append(r.nextInt(5)).append(']');
                if (r.nextInt(3) > 0) sb.append(" :x/dbl ").append(r.nextInt(9) - 3).append(r.nextBoolean() ? ".5" : ".0");
                if (r.nextInt(3) > 0) sb.append(" :x/kw :k/").append((char) ('a' + r.nextInt(3)));
                if (r.nextBoolean()) sb.append(" :x/tags [:t/").append((char) ('a' + r.nextInt(3))).append(" :t/").append((char) ('a' + r.nextInt(3))).append(']');
                if (r.nextInt(3) > 0) sb.append(" :x/bool ").append(r.nextBoolean());
                if (r.nextInt(3) > 0) sb.append(" :x/inst #inst \"2020-01-0").append(1 + r.nextInt(5)).append("T00:00:00.000-00:00\"");
                // never itself: how Datomic cuts a recursion through a self-reference is not modelled
                if (r.nextBoolean()) sb.append(" :x/best \"n").append(other(r, i)).append('"');
                if (r.nextBoolean()) sb.append(" :x/friend [\"n").append(other(r, i)).append("\" \"n").append(other(r, i)).append("\"]");
                if (r.nextInt(3) == 0) sb.append(" :x/part {:x/name \"p").append(i).append("\" :x/str \"ps").append(r.nextInt(3)).append("\" :x/long ").append(r.nextInt(3)).append('}');
                if (r.nextInt(3) == 0) sb.append(" :x/parts [{:x/name \"q").append(i).append("\" :x/long ").append(r.nextInt(3)).append("} {:x/name \"r").append(i).append("\"}]");
                if (r.nextBoolean()) sb.append(" :x/color ").append(r.nextBoolean() ? ":color/red" : ":color/blue");
                sb.append('}');
            }
            return sb.append(']').toString();
        });
    }

    static int other(Random r, int self) {
        return (self + 1 + r.nextInt(ENTITIES - 1)) % ENTITIES;
    }

    @Property(tries = 12, shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void queriesAndPullsAgreeWithDatomic(@ForAll("dataset") String data, @ForAll long seed) throws Exception {
        try (DatomicMem dm = new DatomicMem("qdiff"); TempDb a = TempDb.open()) {
            datomic.Connection dconn = dm.conn;
            dconn.transact(dread(SCHEMA)).get();
            dconn.transact(dread(data)).get();
            a.tx(SCHEMA);
            a.tx(data);
            datomic.Database ddb = dconn.db();
            Db adb = a.conn.db();
            Map<Object, String> dNames = names(q -> Peer.q(q, ddb));
            Map<Object, String> aNames = names(q -> (Collection<?>) Query.q(q, adb));
            Random r = new Random(seed);
            for (int i = 0; i < 60; i++) {
                Case c = randomQuery(r);
                lastError = null;
                String d = outcome(() -> Peer.query(c.query, inputs(ddb, c.inputs, DatomicQueryDifferentialProperties::dreadOne)), dNames);
                String x = outcome(() -> Query.q(c.query, inputs(adb, c.inputs, Edn::read)), aNames);
                // Datomic refuses a value a keyword or ref attribute cannot hold (a string, an
                // unknown ident); Accrete lets such a pattern match nothing
                if (d.equals("error") && (lastError.contains(":db.error/not-a-keyword") || datomicCrash())) continue;
                assertEquals(d, x, () -> c + "\non " + data + "\nlast error: " + lastError);
            }
            for (int i = 0; i < 30; i++) {
                String pattern = pattern(r, 2);
                String eid = "[:x/name \"n" + r.nextInt(ENTITIES) + "\"]";
                lastError = null;
                String d = outcome(() -> ddb.pull(dread(pattern), dread(eid)), dNames);
                if (d.equals("error") && datomicCrash()) continue;
                String x = outcome(() -> Pull.pull(adb, Edn.read(pattern), Edn.read(eid)), aNames);
                assertEquals(d, x, () -> "pull " + pattern + " " + eid + "\non " + data + "\nlast error: " + lastError);
            }
        }
    }

    record Case(String query, List<String> inputs) {
        @Override public String toString() {
            return query + (inputs.isEmpty() ? "" : " inputs " + inputs);
        }
    }

    static <T> T pick(Random r, T[] xs) {
        return xs[r.nextInt(xs.length)];
    }

    static String one(String attr) {
        return attr.replace(":x/longs", ":x/long").replace(":x/tags", ":x/kw");
    }

    static String name(Random r) {
        return "\"n" + r.nextInt(ENTITIES) + "\"";
    }

    /** A constant a scalar attribute might hold (or nearly: some never match). */
    static String constant(Random r, String attr) {
        return switch (attr) {
            case ":x/str" -> "\"s" + r.nextInt(4) + "\"";
            case ":x/long", ":x/longs" -> String.valueOf(r.nextInt(7) - 2);
            case ":x/dbl" -> (r.nextInt(9) - 3) + ".5";
            case ":x/kw" -> ":k/" + (char) ('a' + r.nextInt(3));
            case ":x/tags" -> ":t/" + (char) ('a' + r.nextInt(3));
            case ":x/bool" -> String.valueOf(r.nextBoolean());
            case ":x/inst" -> "#inst \"2020-01-0" + (1 + r.nextInt(5)) + "T00:00:00.000-00:00\"";
            default -> throw new IllegalArgumentException(attr);
        };
    }

    /** A where clause over ?e (always bound by the caller) that may bind ?v, ?w or ?f. */
    static String clause(Random r, int depth) {
        String s = pick(r, SCALARS), n = pick(r, NUMERIC);
        return switch (r.nextInt(depth > 0 ? 16 : 11)) {
            case 0 -> "[?e " + s + " ?v]";
            case 1 -> "[?e " + s + " " + constant(r, s) + "]";
            // card-one only: Datomic drops matches of [?e :x/longs ?v] [(= ?v 4)] once ?e is bound
            // (an entity with longs [4 1] is missed), where Accrete answers them
            case 2 -> "[?e " + one(n) + " ?v] [(" + pick(r, CMPS) + " ?v " + constant(r, n) + ")]";
            case 3 -> "[?e " + pick(r, REFS) + " ?f]";
            case 4 -> "[?e :x/friend ?f] [?f " + s + " ?v]";
            // get-else refuses a cardinality-many attribute only once it runs, which depends on the
            // clause order (Accrete's planner reorders)
            case 5 -> "[(get-else $ ?e " + one(s) + " " + constant(r, s) + ") ?v]";
            case 6 -> "[(missing? $ ?e " + s + ")]";
            case 7 -> "[(get-some $ ?e :x/str :x/long :x/kw) [?a ?v]]";
            // Accrete's planner may run a function before a pattern written ahead of it, so a
            // function's input must not be a variable that other clauses bind to other types
            case 8 -> "[?e :x/long ?l] [(+ ?l 1) ?w]";
            case 9 -> "[?e :x/str ?s] [(str ?s \"-\" ?n) ?sn] [(count ?sn) ?c] [(> ?c 3)]";
            // joined at once: Datomic ignores a relation that only functions bind and that comes
            // out empty ([(ground 1) ?v] [(ground 2) ?v] leaves other answers standing)
            case 10 -> "[(ground " + constant(r, s) + ") ?v] [?e " + s + " ?v]";
            // Datomic joins every variable of a plain not and so refuses one that nothing binds,
            // where Accrete keeps it local to the not; only ?e is used here. (Datomic cannot
            // compile missing? inside not.)
            case 11 -> "(not " + pick(r, new String[]{"[?e " + s + " " + constant(r, s) + "]", "[?e " + pick(r, REFS) + " _]"}) + ")";
            case 12 -> "(or " + clause(r, depth - 1) + " (and [?e :x/name ?v] " + clause(r, depth - 1) + "))";
            case 13 -> "(not-join [?e] [?e :x/friend ?g] " + "[?g " + s + " " + constant(r, s) + "])";
            case 14 -> "(or-join [?e] [?e " + s + " ?z] [?e " + pick(r, REFS) + " ?z])";
            default -> "[?e :x/long ?v] [?e :x/dbl ?w] [(tuple ?v ?w) ?tu] [(untuple ?tu) [?a ?b]] [(identity ?b) ?w]";
        };
    }

    static Case randomQuery(Random r) {
        String body = "[?e :x/name ?n] " + clause(r, 2) + (r.nextBoolean() ? " " + clause(r, 1) : "");
        String s = pick(r, SCALARS), n = pick(r, NUMERIC);
        return switch (r.nextInt(23)) {
            case 0 -> new Case("[:find ?n :where " + body + "]", List.of());
            case 1 -> new Case("[:find ?n ?v :where " + body + " [?e " + s + " ?v]]", List.of());
            case 2 -> new Case("[:find ?n . :where " + body + " [(= ?n " + name(r) + ")]]", List.of());
            case 3 -> new Case("[:find [?n ...] :where " + body + "]", List.of());
            // a tuple find takes any one row, so the query must have one at most
            case 4 -> new Case("[:find [?n ?v] :where [?e :x/name ?n] [?e " + one(s) + " ?v] [(= ?n " + name(r) + ")]]", List.of());
            case 5 -> new Case("[:find (" + pick(r, AGGS) + " ?v) . :where [?e " + n + " ?v]]", List.of());
            case 6 -> new Case("[:find ?k (" + pick(r, AGGS) + " ?v) :with ?e :where [?e " + n + " ?v] [?e :x/kw ?k]]", List.of());
            case 7 -> new Case("[:find (" + pick(r, new String[]{"min", "max", "distinct", "count", "count-distinct"}) + " ?v) :where [?e " + s + " ?v]]", List.of());
            case 8 -> new Case("[:find (" + pick(r, new String[]{"min", "max"}) + " " + (1 + r.nextInt(3)) + " ?v) . :where [?e " + s + " ?v]]", List.of());
            case 9 -> new Case("[:find ?v :with ?e :where [?e " + s + " ?v]]", List.of());
            case 10 -> new Case("[:find (sum ?v) (count ?v) :with ?e :where [?e " + n + " ?v]]", List.of());
            case 11 -> new Case("[:find ?n :in $ ?c :where [?e :x/name ?n] [?e " + s + " ?c]]", List.of(constant(r, s)));
            case 12 -> new Case("[:find ?n ?v :in $ [?c ...] :where [?e :x/name ?n] [?e " + s + " ?v] [(!= ?v ?c)]]", List.of("[" + constant(r, s) + " " + constant(r, s) + "]"));
            case 13 -> new Case("[:find ?n :in $ [?a ?b] :where [?e :x/name ?n] [?e :x/long ?v] [(<= ?a ?v)] [(<= ?v ?b)]]", List.of("[" + (r.nextInt(5) - 2) + " " + (r.nextInt(5) - 1) + "]"));
            case 14 -> new Case("[:find ?n ?x :in $ [[?n ?x]] :where [?e :x/name ?n] [?e :x/long ?v] [(< ?v ?x)]]", List.of("[[" + name(r) + " 1] [" + name(r) + " 3] [\"zz\" 0]]"));
            case 15 -> new Case("[:find ?n ?m :in $ % :where [?e :x/name ?n] (reach ?e ?g) [?g :x/name ?m]]",
                    List.of("[[(reach ?a ?b) [?a :x/friend ?b]] [(reach ?a ?b) [?a :x/best ?b]] [(reach ?a ?b) [?a :x/friend ?c] (reach ?c ?b)]]"));
            case 16 -> new Case("[:find ?n (pull ?e " + pattern(r, 2) + ") :where " + body + "]", List.of());
            case 17 -> new Case("[:find [(pull ?f " + pattern(r, 1) + ") ...] :where " + body + " [?e :x/friend ?f]]", List.of());
            case 18 -> new Case("[:find ?n ?v :keys a b :where " + body + " [?e " + s + " ?v]]", List.of());
            case 19 -> new Case("[:find ?n :in $ ?m :where [?e :x/name ?n] [?e :x/friend ?f] (not [?f :x/name ?m])]", List.of(name(r)));
            case 20 -> new Case("[:find ?n (count-distinct ?v) (min ?v) (max ?v) :where [?e :x/name ?n] [?e " + s + " ?v]]", List.of());
            case 21 -> new Case("[:find (pull ?e " + pattern(r, 1) + ") :where " + body + "]", List.of());
            default -> new Case(malformed(r), List.of());
        };
    }

    /** Queries that Datomic refuses, or that look like they might be refused. */
    static String malformed(Random r) {
        return pick(r, new String[]{
                "[:find ?x :where [?e :x/name ?n]]",
                "[:find ?n :where [?e :x/name ?n] [(> ?v 1)]]",
                "[:find ?n :where [?e :x/name ?n] (or [?e :x/long ?v] [?e :x/str ?w])]",
                "[:find ?n :in $ ?m :where [?e :x/name ?n]]",
                "[:find ?n . ?e :where [?e :x/name ?n]]",
                "[:find :where [?e :x/name ?n]]",
                "[:find ?n :where [?e :x/name ?n] (rule ?e)]",
                "[:find ?n :where [?e :x/name ?n] [(no-such-fn ?n) ?z]]",
                "[:find ?n :where [?e :x/nope ?n]]",
                "[:find (sum ?n) :where [?e :x/name ?n]]",
                "[:find ?n :where [?e :x/name ?n] [(+ ?n 1) ?z]]",
                "[:find (pull ?n [*]) :where [?e :x/name ?n]]",
                "[:find ?n (pull ?e [:x/nope]) :where [?e :x/name ?n]]",
                "[:find ?n :where [?e :x/name ?n] (not-join [?z] [?e :x/long 1])]",
                "[:find ?n :where [?e :x/name ?n] [?e]]"});
    }

    /**
     * A pull default. Datomic replaces a stored false by a default (Clojure's truthiness), which
     * Accrete does not copy: a boolean attribute only gets false.
     */
    static String fallback(Random r, String attr) {
        return attr.equals(":x/bool") ? "false" : constant(r, attr);
    }

    static String pattern(Random r, int depth) {
        return pattern(r, depth, true);
    }

    static String pattern(Random r, int depth, boolean top) {
        int k = 1 + r.nextInt(4);
        StringBuilder sb = new StringBuilder("[");
        List<String> items = new ArrayList<>();
        for (int i = 0; i < k; i++) items.add(patternItem(r, depth, top));
        // Datomic's peer is unreliable with recursion next to a wildcard (it may throw, or cut a
        // cycle a level early), so the two never meet here
        if (items.stream().anyMatch(it -> it.matches("\\{:x/(friend|best) (\\.\\.\\.|\\d)}"))) items.replaceAll(it -> it.equals("*") ? ":db/id" : it);
        for (String it : items) sb.append(it).append(' ');
        return sb.append(']').toString();
    }

    static String patternItem(Random r, int depth, boolean top) {
        String s = pick(r, SCALARS), ref = pick(r, REFS);
        return switch (r.nextInt(depth > 0 ? 19 : 12)) {
            case 0 -> "*";
            case 1 -> ":db/id";
            case 2, 3 -> s;
            case 4 -> ref;
            case 5 -> "[" + s + " :as \"" + s.substring(3) + "\"]";
            case 6 -> "[" + s + " :limit " + r.nextInt(3) + "]";
            case 7 -> "[" + s + " :default " + fallback(r, s) + "]";
            case 8 -> "(limit :x/longs " + (1 + r.nextInt(2)) + ")";
            case 9 -> "(default " + s + " " + fallback(r, s) + ")";
            case 10 -> pick(r, new String[]{":x/_friend", ":x/_best", ":x/_part", ":x/_parts"});
            case 11 -> "[" + ref + " :limit nil]";
            case 12, 13 -> "{" + ref + " " + pattern(r, depth - 1, false) + "}";
            case 14 -> "{" + pick(r, new String[]{":x/_friend", ":x/_best", ":x/_part", ":x/_parts"}) + " " + pattern(r, depth - 1, false) + "}";
            // not :x/best: where a cardinality-one recursion meets a cycle, Datomic cuts it a level
            // earlier than through a cardinality-many one, which Accrete does not copy
            // and only at the top: below a nested pattern, how Datomic counts depth and cycles
            // is not modelled
            case 15 -> top ? "{:x/friend " + pick(r, new String[]{"...", "1", "2"}) + "}" : ":db/id";
            case 16 -> "{[:x/friend :limit 1] [:x/name]}";
            case 17 -> "{[:x/best :as :b] [:x/name :x/str]}";
            default -> "{(limit :x/_friend 1) [:x/name]}";
        };
    }

    private static List<?> dread(String edn) {
        Object o = DatomicMem.read(edn);
        return o instanceof List<?> l ? l : List.of(o);
    }

    private static Object[] inputs(Object db, List<String> texts, Function<String, Object> read) {
        Object[] out = new Object[texts.size() + 1];
        out[0] = db;
        for (int i = 0; i < texts.size(); i++) out[i + 1] = read.apply(texts.get(i));
        return out;
    }

    private static Object dreadOne(String edn) {
        return DatomicMem.read(edn);
    }

    private static Map<Object, String> names(Function<String, Collection<?>> q) {
        Map<Object, String> out = new HashMap<>();
        for (Object row : q.apply("[:find ?e ?n :where [?e :x/name ?n]]")) out.put(((List<?>) row).get(0), ((List<?>) row).get(1).toString());
        // only enum idents: attribute and built-in ids are small and could equal a long value
        for (Object row : q.apply("[:find ?e ?i :where [?e :db/ident ?i] [(namespace ?i) ?ns] [(= ?ns \"color\")]]")) {
            out.put(((List<?>) row).get(0), ((List<?>) row).get(1).toString());
        }
        return out;
    }

    /** The last refusal, to show with a mismatch. */
    static String lastError;

    /**
     * Whether Datomic failed inside, rather than refused: it throws a NullPointerException for
     * recursion next to a wildcard ({@code [{:x/best 2} *]}), and an index out of bounds for a
     * variable both found and named in {@code :with}. Accrete answers both.
     */
    static boolean datomicCrash() {
        return lastError.contains("NullPointerException") || lastError.contains("ArrayIndexOutOfBoundsException");
    }

    interface Call {
        Object call() throws Exception;
    }

    private static String outcome(Call c, Map<Object, String> names) {
        Object v;
        try {
            v = c.call();
        } catch (Exception | AssertionError e) { // Datomic checks some query shapes with Clojure asserts
            lastError = String.valueOf(e);
            return "error";
        }
        return canon(v, names, TOP);
    }

    /**
     * A printed form of a result that both systems share: ids become names, doubles are rounded
     * (sums may add in another order), collections other than tuples and maps sort their items.
     */
    static final int TOP = 0, ROW = 1, NESTED = 2;

    static String canon(Object v, Map<Object, String> names, int mode) {
        if (v == null) return "nil";
        if (v instanceof Map<?, ?> m) {
            TreeMap<String, String> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                // Datomic keeps a key with nil where a nested pattern next to * comes out empty;
                // Accrete leaves the attribute out, as it does without *
                if (e.getValue() == null) continue;
                String k = canon(e.getKey(), names, NESTED);
                sorted.put(k, k.equals(":db/id") ? "#" + names.getOrDefault(e.getValue(), "?" + e.getValue()) : canon(e.getValue(), names, NESTED));
            }
            return sorted.toString();
        }
        if (v instanceof Collection<?> c) {
            List<String> items = new ArrayList<>();
            for (Object o : c) items.add(canon(o, names, mode == TOP ? ROW : NESTED));
            // a result is a set or bag of rows, and a row is ordered; deeper down, cardinality-many
            // values come in id order, which differs between the two
            if (mode != ROW || !(v instanceof List<?>)) items.sort(null);
            return items.toString();
        }
        if (v instanceof Double d) return new BigDecimal(d).round(new MathContext(10)).stripTrailingZeros().toPlainString() + "d";
        if (v instanceof Float f) return canon(f.doubleValue(), names, NESTED);
        if (v instanceof Date d) return d.toInstant().toString();
        if (v instanceof Long l && names.containsKey(l)) return "#" + names.get(l);
        return v.getClass().getSimpleName().equals("Ratio") ? "ratio " + v : v.toString();
    }
}
