package io.accrete.engine.differential;

import datomic.Peer;
import io.accrete.engine.data.Edn;
import io.accrete.engine.db.Db;
import io.accrete.engine.query.Query;
import io.accrete.engine.testing.TempDb;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The query features {@link DatomicQueryDifferentialProperties} does not generate, compared the
 * same way on Datomic 1.0.7622 and Accrete: rules (several heads, recursion over a ref graph that
 * may have cycles, required bindings, rules calling rules, not and or inside), or-join with
 * required variables, several sources (a collection of tuples as a relation, an as-of and a
 * history database), binding forms with nils inside, return maps, aggregates taking n, sums and
 * averages over groups that get-else fills, nested function results, get-else, get-some,
 * missing? and ground. Answers compare by entity name; refusals only as refusals.
 *
 * <p>Left out on purpose, as documented differences: a predicate with no variable at all
 * ({@code [(< 2 1)]}: Datomic lets every row through next to a pattern, Accrete filters them all);
 * {@code :keys} on a collection or tuple find (Datomic returns map entries or refuses, Accrete
 * refuses or returns a map); a variable named twice in one binding ({@code [?v ?v]}: Datomic
 * keeps the last value, Accrete requires equal values); a nil {@code :in} value (Datomic fails
 * to find a source); a constant argument to a rule called on a named source ({@code ($2 r ?x 1)}:
 * Datomic runs the rule against {@code $}); a recursive rule whose first clause is an unbound
 * call to itself (Datomic refuses it as a full scan); a lookup ref that resolves to nothing, or a
 * nil, where an entity is expected (Datomic fails, Accrete matches nothing); a lookup ref written as the entity of a data pattern (Datomic reads the
 * clause as a function call and refuses it); and, as in the first round, a not whose variables
 * nothing outside binds, and strings where a ref is expected.
 */
class DatomicQueryFeaturesDifferentialProperties {
    static final String SCHEMA = "["
            + "{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
            + "{:db/ident :p/parent :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}"
            + "{:db/ident :p/best :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}"
            + "{:db/ident :p/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
            + "{:db/ident :p/score :db/valueType :db.type/double :db/cardinality :db.cardinality/one}"
            + "{:db/ident :p/tag :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many}"
            + "{:db/ident :p/nick :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]";

    static final int ENTITIES = 7;

    static final String RULES = "["
            + "[(anc ?a ?d) [?d :p/parent ?a]]"
            + "[(anc ?a ?d) [?d :p/parent ?x] (anc ?a ?x)]"
            + "[(desc [?a] ?d) [?d :p/parent ?a]]"
            + "[(desc [?a] ?d) [?d :p/parent ?x] (desc ?x ?d)]"
            + "[(kin ?a ?b) [?a :p/best ?b]]"
            + "[(kin ?a ?b) [?b :p/best ?a]]"
            + "[(kin ?a ?b) (anc ?a ?b)]"
            + "[(leaf ?e) [?e :p/name] (not-join [?e] [?c :p/parent ?e])]"
            + "[(tagged ?e ?t) (or-join [?e ?t] [?e :p/tag ?t] (and [?e :p/best ?b] [?b :p/tag ?t]))]"
            + "[(older ?a ?b) [?a :p/age ?x] [?b :p/age ?y] [(> ?x ?y)]]"
            + "[(age-of [?e] ?v) [(get-else $ ?e :p/age 0) ?v]]"
            + "[(plain ?e) [?e :p/name] (not (tagged ?e :t/a))]]";

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** Entities n0…n6 in one transaction, then a second one that changes and retracts some. */
    static String[] dataset(Random r) {
        StringBuilder first = new StringBuilder("["), second = new StringBuilder("[");
        for (int i = 0; i < ENTITIES; i++) {
            String n = "\"n" + i + "\"";
            first.append("{:db/id ").append(n).append(" :p/name ").append(n);
            if (r.nextInt(4) > 0) first.append(" :p/age ").append(r.nextInt(6) * 10 + r.nextInt(3));
            if (r.nextBoolean()) first.append(" :p/score ").append(r.nextInt(7) - 2).append(r.nextBoolean() ? ".5" : ".25");
            if (r.nextBoolean()) first.append(" :p/tag [:t/").append((char) ('a' + r.nextInt(3))).append(" :t/").append((char) ('a' + r.nextInt(3))).append(']');
            if (r.nextInt(3) > 0) first.append(" :p/nick \"k").append(r.nextInt(3)).append('"');
            // any other entity: the parent graph may have cycles, which recursive rules must survive
            if (r.nextInt(4) > 0) first.append(" :p/parent [\"n").append(other(r, i)).append("\" \"n").append(other(r, i)).append("\"]");
            if (r.nextBoolean()) first.append(" :p/best \"n").append(other(r, i)).append('"');
            first.append('}');
            String ref = "[:p/name " + n + "]";
            switch (r.nextInt(5)) {
                case 0 -> second.append("[:db/add ").append(ref).append(" :p/age ").append(r.nextInt(60)).append(']');
                case 1 -> second.append("[:db/retract ").append(ref).append(" :p/parent [:p/name \"n").append(other(r, i)).append("\"]]");
                case 2 -> second.append("[:db/add ").append(ref).append(" :p/tag :t/").append((char) ('a' + r.nextInt(3))).append(']');
                case 3 -> second.append("[:db/retract ").append(ref).append(" :p/nick \"k").append(r.nextInt(3)).append("\"]");
                default -> { }
            }
        }
        return new String[]{first.append(']').toString(), second.append("[:db/add \"t\" :p/name \"t\"]]").toString()};
    }

    static int other(Random r, int self) {
        return (self + 1 + r.nextInt(ENTITIES - 1)) % ENTITIES;
    }

    @Property(tries = 12, shrinking = ShrinkingMode.OFF)
    void queryFeaturesAgreeWithDatomic(@ForAll("seeds") long seed) throws Exception {
        Random r = new Random(seed);
        String[] data = dataset(r);
        try (DatomicMem dm = new DatomicMem("qfeat"); TempDb a = TempDb.open()) {
            datomic.Connection dconn = dm.conn;
            dconn.transact(dread(SCHEMA)).get();
            datomic.Database dOld = (datomic.Database) ((Map<?, ?>) dconn.transact(dread(data[0])).get()).get(datomic.Connection.DB_AFTER);
            dconn.transact(dread(data[1])).get();
            a.tx(SCHEMA);
            Db aOld = a.tx(data[0]).dbAfter();
            a.tx(data[1]);
            datomic.Database ddb = dconn.db();
            Db adb = a.conn.db();
            Map<String, Object> dSources = Map.of("$", ddb, "$old", ddb.asOf(dOld.basisT()), "$h", ddb.history());
            Map<String, Object> aSources = Map.of("$", adb, "$old", adb.asOf(aOld.basisT()), "$h", adb.history());
            Map<Object, String> dNames = names(q -> Peer.q(q, ddb));
            Map<Object, String> aNames = names(q -> (Collection<?>) Query.q(q, adb));
            for (int i = 0; i < 50; i++) {
                Case c = randomQuery(r);
                String d = outcome(() -> Peer.query(c.query, inputs(c.inputs, dSources, DatomicQueryFeaturesDifferentialProperties::dreadOne)), dNames);
                String dError = lastError;
                String x = outcome(() -> Query.q(c.query, inputs(c.inputs, aSources, Edn::read)), aNames);
                assertEquals(d, x, () -> c + "\non " + data[0] + "\nthen " + data[1] + "\nDatomic: " + dError + "\nAccrete: " + lastError);
            }
        }
    }

    record Case(String query, List<String> inputs) {
        @Override public String toString() {
            return query + " inputs " + inputs;
        }
    }

    static <T> T pick(Random r, T[] xs) {
        return xs[r.nextInt(xs.length)];
    }

    static String name(Random r) {
        return "\"n" + r.nextInt(ENTITIES) + "\"";
    }

    static String tag(Random r) {
        return ":t/" + (char) ('a' + r.nextInt(3));
    }

    static Case q(String query, String... inputs) {
        return new Case(query, List.of(inputs));
    }

    static Case randomQuery(Random r) {
        String n = name(r), t = tag(r), src = pick(r, new String[]{"$", "$", "$old", "$h"});
        int k = r.nextInt(6) * 10;
        return switch (r.nextInt(38)) {
            // rules; over a history database a rule sees retracted datoms too
            case 0 -> q("[:find ?an ?dn :in $ % :where (anc ?a ?d) [?a :p/name ?an] [?d :p/name ?dn]]", src, RULES);
            case 1 -> q("[:find ?dn :in $ % ?n :where [?a :p/name ?n] (" + pick(r, new String[]{"anc", "desc"}) + " ?a ?d) [?d :p/name ?dn]]", src, RULES, n);
            case 2 -> q("[:find ?dn :in $ % :where (anc [:p/name " + n + "] ?d) [?d :p/name ?dn]]", src, RULES);
            case 3 -> q("[:find ?an :in $ % :where (anc ?a [:p/name " + n + "]) [?a :p/name ?an]]", "$", RULES);
            // required binding not bound: both refuse
            case 4 -> q("[:find ?d :in $ % :where (desc ?a ?d)]", "$", RULES);
            case 5 -> q("[:find ?an ?bn :in $ % :where (kin ?a ?b) [?a :p/name ?an] [?b :p/name ?bn]]", src, RULES);
            case 6 -> q("[:find ?n :in $ % :where [?e :p/name ?n] " + pick(r, new String[]{"(leaf ?e)", "(plain ?e)", "(not (leaf ?e))",
                    "(or (leaf ?e) [?e :p/age " + k + "])", "(tagged ?e " + t + ")", "(not (tagged ?e " + t + "))"}) + "]", "$", RULES);
            case 7 -> q("[:find ?n ?t :in $ % :where [?e :p/name ?n] (tagged ?e ?t)]", src, RULES);
            case 8 -> q("[:find ?an ?bn :in $ % :where (older ?a ?b) [?a :p/name ?an] [?b :p/name ?bn] (anc ?a ?b)]", "$", RULES);
            case 9 -> q("[:find ?n ?v :in $ % :where [?e :p/name ?n] (age-of ?e ?v)]", "$", RULES);
            case 10 -> q("[:find ?an :in $ $old % :where ($old anc ?a ?d) [?a :p/name ?an] (not (anc ?a ?d))]", "$", "$old", RULES);
            case 11 -> q("[:find ?an (count ?d) :in $ % :where [?a :p/name ?an] (anc ?a ?d)]", "$", RULES);
            // or-join with a required variable, bound before it
            case 12 -> q("[:find ?n ?t :where [?e :p/name ?n] (or-join [[?e] ?t] [?e :p/tag ?t] (and [?e :p/best ?b] [?b :p/tag ?t]))]", src);
            case 13 -> q("[:find ?n :in $ ?t :where [?e :p/name ?n] (or-join [[?e] ?t] [?e :p/tag ?t] (and [?e :p/parent ?p] [?p :p/tag ?t]))]", "$", t);
            // a collection of tuples as a second source
            case 14 -> q("[:find ?n ?v :in $ $2 :where [$2 ?n :w ?v] [?e :p/name ?n]]", "$", tuples(r));
            case 15 -> q("[:find ?n ?a ?v :in $2 $ :where [$2 ?n ?a ?v] [?e :p/name ?n] [?e :p/age ?g] [(< ?v ?g)]]", tuples(r), "$");
            case 16 -> q("[:find ?n ?x :in $ $2 :where [?e :p/name ?n] [$2 ?n _ ?x] (not [$2 ?n :v _])]", "$", tuples(r));
            // as-of and history databases as sources
            case 17 -> q("[:find ?n ?a ?added :in $ :where [?e :p/name ?n] [?e " + pick(r, new String[]{":p/age", ":p/nick", ":p/tag"}) + " ?a _ ?added]]", "$h");
            case 18 -> q("[:find ?n ?pn :in $ $h :where [?e :p/name ?n] [$h ?e :p/parent ?p _ false] [?p :p/name ?pn]]", "$", "$h");
            case 19 -> q("[:find ?n ?a :in $ $old :where [?e :p/name ?n] [$old ?e :p/age ?a] (not [?e :p/age ?a])]", "$", "$old");
            case 20 -> q("[:find ?n (count ?v) :in $ :where [?e :p/name ?n] [?e " + pick(r, new String[]{":p/age", ":p/tag", ":p/parent"}) + " ?v]]", src);
            // binding forms, with nils inside
            case 21 -> q("[:find ?n ?x :in $ [[?n ?x]] :where [?e :p/name ?n]]", "$", "[[" + n + " 1] [" + name(r) + " nil] [\"zz\" 2]]");
            case 22 -> q("[:find ?n ?g :in $ [?n ...] [?g ...] :where [?e :p/name ?n] [?e :p/age ?g]]", "$", "[" + n + " " + name(r) + "]", "[" + k + " " + (k + 1) + " " + (k + 10) + "]");
            case 23 -> q("[:find ?n ?x ?y :where [?e :p/name ?n] [?e :p/age ?g] [(" + pick(r, new String[]{"vector", "list"}) + " nil ?g) [?x ?y]]]", src);
            case 24 -> q("[:find ?x ?y :where " + pick(r, new String[]{"[(ground [[1 nil] [2 3] [4 5]]) [[?x ?y]]]", "[(ground [1 2]) [?x ?y]]",
                    "[(ground [1 2 nil]) [?x ...]] [(ground 0) ?y]", "[(ground [[1 2] nil]) [[?x ?y]]]", "[(ground [[1 2] [3 4]]) [[?x _]]] [(ground 9) ?y]"}) + "]");
            // return maps
            case 25 -> q("[:find ?n ?a " + pick(r, new String[]{":keys", ":strs", ":syms"}) + " name age :where [?e :p/name ?n] [(get-else $ ?e :p/age -1) ?a]]", "$");
            // aggregates
            case 26 -> q("[:find " + pick(r, new String[]{"(min 2 ?v) (max 2 ?v)", "(distinct ?v) (count-distinct ?v)", "(max 3 ?v) (count ?v)",
                    "(sum ?v) (avg ?v)", "(min ?v) (max ?v) (median ?v)"}) + " :with ?e :where [?e :p/name] [?e " + pick(r, new String[]{":p/age", ":p/score", ":p/tag"}) + " ?v]]", src);
            case 27 -> q("[:find ?t (sum ?v) (avg ?v) (count ?v) :with ?e :where [?e :p/tag ?t] [(get-else $ ?e " + pick(r, new String[]{":p/age 0", ":p/score 0.0", ":p/age 0.5"}) + ") ?v]]", "$");
            // functions
            case 28 -> q("[:find ?s ?c :where [?e :p/name ?a] [?e :p/nick ?b] [(str ?a \"-\" ?b) ?s] [(count ?s) ?c] [(> ?c " + (4 + r.nextInt(3)) + ")]]", src);
            // lookup refs bound to a variable, whether the pattern is then looked up or scanned
            case 29 -> q("[:find ?n ?c :in $ [?c ...] :where [?e :p/name ?n] [?e " + pick(r, new String[]{":p/parent", ":p/best"}) + " ?c]]",
                    src, "[[:p/name " + n + "] [:p/name " + name(r) + "]]");
            case 30 -> q("[:find ?dn :in $ % :where [?d :p/name ?dn] (" + pick(r, new String[]{"anc", "kin"}) + " [:p/name " + n + "] ?d)]", src, RULES);
            case 31 -> q("[:find ?n ?v :in $ ?a :where [?e ?a ?v] [?e :p/name ?n]]", src, pick(r, new String[]{":p/age", ":p/tag", ":p/nick"}));
            case 32 -> q("[:find ?n (pull $old ?e [:p/age :p/nick {:p/parent [:p/name]}]) :in $ $old :where [?e :p/name ?n] [?e :p/age ?a] [(> ?a " + k + ")]]", "$", "$old");
            case 33 -> q("[:find ?n ?v :in $ $old :where [?e :p/name ?n] " + pick(r, new String[]{"[(get-else $old ?e :p/age -1) ?v]",
                    "[(missing? $old ?e :p/nick)] [(ground 0) ?v]", "[(get-else $old ?e :p/nick \"none\") ?v] (not [?e :p/nick ?v])"}) + "]", "$", "$old");
            // a rule run against a collection of tuples; no constant argument, with which Datomic
            // runs the rule against $ instead of the source named
            case 34 -> q("[:find ?n :in $ $2 % ?m :where [?e :p/name ?n] ($2 w ?n ?m)]", "$", tuples(r), "[[(w ?n ?m) [?n :w ?x] [(> ?x ?m)]]]", String.valueOf(r.nextInt(50)));
            // arithmetic: integers divide to their truncated quotient, decimals and doubles do not
            case 36 -> q("[:find ?n ?x :where [?e :p/name ?n] [?e " + pick(r, new String[]{":p/age", ":p/score"}) + " ?v] [("
                    + pick(r, new String[]{"/", "quot", "rem", "mod", "*", "-"}) + " ?v " + pick(r, new String[]{"2", "-3", "2.0", "7"}) + ") ?x]]", src);
            // nils reaching aggregates: a nil is the min of its group
            case 35 -> q("[:find ?k (min ?x) (max ?x) (count ?x) (distinct ?x) :in [[?k ?x]]]", "[[1 nil] [1 " + k + "] [2 " + (k + 1) + "] [2 nil] [3 " + k + "] [1 nil]]");
            default -> q("[:find ?n " + pick(r, new String[]{"?ai ?v :where [?e :p/name ?n] [(get-some $ ?e :p/nick :p/age :p/score) [?a ?v]] [?a :db/ident ?ai]",
                    ":where [?e :p/name ?n] [(missing? $ ?e " + pick(r, new String[]{":p/age", ":p/tag", ":p/parent"}) + ")]",
                    "?v :where [?e :p/name ?n] [(get-else $ ?e :p/nick \"none\") ?v]",
                    ":where [(ground [" + n + " " + name(r) + "]) [?n ...]] [?e :p/name ?n]"}) + "]", "$");
        };
    }

    /** A collection of [name attribute value] tuples, some naming no entity. */
    static String tuples(Random r) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0, k = 2 + r.nextInt(4); i < k; i++) {
            sb.append('[').append(r.nextInt(5) == 0 ? "\"zz\"" : name(r)).append(' ').append(pick(r, new String[]{":w", ":v"})).append(' ').append(r.nextInt(50)).append(']');
        }
        return sb.append(']').toString();
    }

    private static List<?> dread(String edn) {
        return (List<?>) dreadOne(edn);
    }

    private static Object dreadOne(String edn) {
        return DatomicMem.read(edn);
    }

    private static Object[] inputs(List<String> texts, Map<String, Object> sources, Function<String, Object> read) {
        Object[] out = new Object[texts.size()];
        for (int i = 0; i < out.length; i++) out[i] = sources.containsKey(texts.get(i)) ? sources.get(texts.get(i)) : read.apply(texts.get(i));
        return out;
    }

    private static Map<Object, String> names(Function<String, Collection<?>> q) {
        Map<Object, String> out = new HashMap<>();
        for (Object row : q.apply("[:find ?e ?n :where [?e :p/name ?n]]")) out.put(((List<?>) row).get(0), ((List<?>) row).get(1).toString());
        return out;
    }

    static String lastError;

    private static String outcome(DatomicQueryDifferentialProperties.Call c, Map<Object, String> names) {
        lastError = null;
        Object v;
        try {
            v = c.call();
        } catch (Exception | AssertionError e) {
            lastError = String.valueOf(e);
            return "error";
        }
        return DatomicQueryDifferentialProperties.canon(v, names, DatomicQueryDifferentialProperties.TOP);
    }
}
