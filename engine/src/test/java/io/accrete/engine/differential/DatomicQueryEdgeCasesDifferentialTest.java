package io.accrete.engine.differential;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import io.accrete.engine.data.Edn;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.query.Query;
import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Query edge cases where Accrete once answered and Datomic refused, or the other way round, run
 * on Datomic 1.0.7622 ({@code datomic:mem}) and on Accrete: both must answer the same rows, or
 * both refuse (with Datomic's category when Datomic gives one; where Datomic fails with a plain
 * Java exception, such as an arity error, any refusal will do). The database holds "ann" (age 3,
 * tags :x :y) and "bob" (nothing else). Answers never contain entity ids, which differ between the
 * two.
 */
class DatomicQueryEdgeCasesDifferentialTest {
    static final String SCHEMA = "[{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
            + "{:db/ident :p/tag :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many}"
            + "{:db/ident :p/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]";
    static final String DATA = "[{:db/id \"a\" :p/name \"ann\" :p/tag [:x :y] :p/age 3} {:db/id \"b\" :p/name \"bob\"}]";
    static final String RULES = "[[(r ?a ?b) [?a :p/name _]]]";

    /** Queries over {@code $} and {@code %}. */
    static final List<String> QUERIES = List.of(
            // a #"regex" literal: Datomic's query reader, like EDN's, has none (re-pattern makes one)
            "[:find ?n :in $ % :where [?e :p/name ?n] [(re-find #\"^a\" ?n)]]",
            // :keys, :strs and :syms given as keywords
            "[:find ?n ?a :keys :name :x/age :in $ % :where [?e :p/name ?n] [?e :p/age ?a]]",
            "[:find ?n ?a :strs :name age :in $ % :where [?e :p/name ?n] [?e :p/age ?a]]",
            // missing? of something that is no attribute is true
            "[:find ?n :in $ % :where [?e :p/name ?n] [(missing? $ ?e :p/nope)]]",
            "[:find ?n :in $ % :where [?e :p/name ?n] [(missing? $ ?e 12345)]]",
            // an empty not removes nothing; an empty not-join removes everything
            "[:find ?n :in $ % :where [?e :p/name ?n] (not)]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (not-join [?e])]",
            // the ordering comparisons take exactly two arguments; = == != not= any number
            "[:find ?a :in $ % :where [?e :p/age ?a] [(< 1 ?a 5)]]",
            "[:find ?a :in $ % :where [?e :p/age ?a] [(> 5 ?a)]]",
            "[:find ?a :in $ % :where [?e :p/age ?a] [(>= 5 ?a 1)]]",
            "[:find ?a :in $ % :where [?e :p/age ?a] [(<= ?a)]]",
            "[:find ?a :in $ % :where [?e :p/age ?a] [(= ?a 3 3)] [(== ?a 3 3)] [(!= ?a 1 2)] [(not= ?a 1 2)]]",
            // get-some refuses a cardinality-many attribute when it reaches it
            "[:find ?v :in $ % :where [?e :p/name \"bob\"] [(get-some $ ?e :p/age :p/tag) ?v]]",
            "[:find ?n ?v :in $ % :where [?e :p/name ?n] [(get-some $ ?e :p/name :p/tag) [_ ?v]]]",
            // or-join must join something
            "[:find ?n :in $ % :where [?e :p/name ?n] (or-join [] [?x :p/age 3] [?x :p/age 4])]",
            // every variable of a not must be bound outside it (not-join names the shared ones)
            "[:find ?n :in $ % :where [?e :p/name ?n] (not [?x :p/age 3])]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (not [?e :p/age ?a])]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (not [?e :p/age _])]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (not-join [?e] [?e :p/age ?a] [(> ?a 2)])]",
            "[:find ?n :in $ % :where [?e :p/name ?n] [?e :p/age ?a] (not [(> ?a 2)])]",
            // characters: strings are sequences of them
            "[:find ?c :in $ % :where [?e :p/name ?n] [(first ?n) ?c]]",
            "[:find ?c ?d :in $ % :where [?e :p/name ?n] [(nth ?n 1) ?c] [(last ?n) ?d]]",
            "[:find ?c :in $ % :where [?e :p/name \"ann\"] [?e :p/name ?n] [(identity ?n) [?c ...]]]",
            "[:find ?c ?d :in $ % :where [?e :p/name \"ann\"] [?e :p/name ?n] [(identity ?n) [?c ?d]]]",
            "[:find ?x :in $ % :where [(str \\a \\newline \\u0041 \\space) ?x]]",
            "[:find ?x :in $ % :where [(ground \\a) ?c] [(= ?c \\a) ?x]]",
            // a map as a collection binding: its entries
            "[:find ?k ?v :in $ % :where [(ground {:a 1 :b 2}) [[?k ?v]]]]",
            "[:find ?en :in $ % :where [(ground {:a 1 :b 2}) [?en ...]]]",
            // min and max over values of several types: numbers first, then by class
            "[:find (min ?x) (max ?x) :in $ % :where [(ground [1 :k \"s\" 2.5 true \\c]) [?x ...]]]",
            "[:find (min ?x) (max ?x) :in $ % :where [(ground [\"s\" #inst \"2020\" :k \\a]) [?x ...]]]",
            "[:find (min ?x) (max ?x) :in $ % :where [(ground [[1] 2]) [?x ...]]]");

    /**
     * Rules over two sources ({@code $} and {@code $2}, the same data): a rule's clauses see only
     * the source it is called on; a function in it may still take any input.
     */
    static final String SOURCE_RULES = "[[(u ?a) [$2 ?a :p/name _]] [(u2 ?a) (not [$2 ?a :p/age 3])] [(x2 ?a) [?a :p/name _]]"
            + " [(x4 ?a) [?a :p/name _] [(missing? $2 ?a :p/age)]]]";
    static final List<String> SOURCE_RULE_QUERIES = List.of(
            "[:find ?n :in $ $2 % :where [?e :p/name ?n] (u ?e)]",
            "[:find ?n :in $ $2 % :where [?e :p/name ?n] ($2 u ?e)]",
            "[:find ?n :in $ $2 % :where [?e :p/name ?n] (u2 ?e)]",
            "[:find ?n :in $ $2 % :where [?e :p/name ?n] ($2 x2 ?e)]",
            "[:find ?n :in $ $2 % :where [?e :p/name ?n] (x4 ?e)]");

    /**
     * Rule-head and or-join variables that nothing binds: Datomic leaves them unbound and answers
     * when nothing else reads them (not :find, :with, another clause, a rule head or an enclosing
     * join); where something does, it fails (an IndexOutOfBoundsException) and Accrete refuses with
     * insufficient-binding. Left out: where the reader runs first and binds the variable
     * ({@code (r ?e ?x) [?x :p/name _]}), or where the call repeats a bound variable ({@code (r ?e ?e)}),
     * Accrete answers (the rule puts no constraint on it) while Datomic still fails.
     */
    static final String UNBOUND_RULES = "[[(r ?a ?b) [?a :p/name _]] [(s ?a ?b) [?a :p/age ?b]] [(s ?a ?b) [?a :p/name _]]"
            + " [(t ?a ?b) (r ?a ?b)] [(t2 ?a) (r ?a ?z)] [(t3 ?a) (or-join [?a ?z] [?a :p/age _])]"
            + " [(w ?a ?b) (or-join [?a ?b] [?a :p/name _])] [(k [?a] ?b) [?a :p/name _]]]";
    static final List<String> UNBOUND_QUERIES = List.of(
            "[:find ?n :in $ % :where [?e :p/name ?n] (r ?e ?x)]",
            "[:find ?n :in $ % :where (r ?e ?x) [?e :p/name ?n]]",
            "[:find ?n :in $ % :where (r ?e _) [?e :p/name ?n]]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (r ?e 5)]",
            "[:find ?n :in $ % :where [?e :p/name ?n] [?e :p/age ?x] (r ?e ?x)]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (s ?e ?x)]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (s ?e ?x) (r ?e ?y)]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (k ?e ?x)]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (t2 ?e)]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (t3 ?e)]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (or-join [?e ?x] [?e :p/age _])]",
            "[:find ?n :in $ % :where (or-join [?e ?x] [?e :p/age _]) [?e :p/name ?n]]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (or-join [?e ?x] [?e :p/age ?x] [?e :p/name \"bob\"])]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (not-join [?e] (r ?e ?x))]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (or-join [?e] (r ?e ?x))]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (or-join [?e] (and (r ?e ?x) [?e :p/age _]))]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (or-join [?e] (or-join [?e ?x] [?e :p/age _]))]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (or-join [?e ?y] (or-join [?e ?x] [?e :p/age ?y]))]",
            // something reads the unbound variable: both refuse
            "[:find ?n ?x :in $ % :where [?e :p/name ?n] (r ?e ?x)]",
            "[:find ?n :with ?x :in $ % :where [?e :p/name ?n] (r ?e ?x)]",
            "[:find (count ?x) :in $ % :where [?e :p/name ?n] (r ?e ?x)]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (r ?e ?x) [(some? ?x)]]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (r ?e ?x) [(identity ?x) ?y]]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (r ?e ?x) (not [?x :p/age 3])]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (r ?e ?x) (r ?e ?x)]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (r ?e ?x) (r ?f ?x)]",
            "[:find ?n ?x :in $ % :where [?e :p/name ?n] (s ?e ?x)]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (t ?e ?x)]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (w ?e ?x)]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (or (r ?e ?x) (s ?e ?x))]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (not (r ?e ?x))]",
            "[:find ?n ?x :in $ % :where [?e :p/name ?n] (or-join [?e ?x] [?e :p/age _])]",
            "[:find ?n ?x :in $ % :where [?e :p/name ?n] (or-join [?e ?x] [?e :p/age ?x] [?e :p/name \"bob\"])]",
            "[:find ?n :in $ % :where [?e :p/name ?n] (or-join [?e ?x] [?e :p/age _]) [(some? ?x)]]");

    /** Inputs beyond those :in names: Datomic ignores them. */
    static final List<String> EXTRA_INPUT_QUERIES = List.of(
            "[:find ?n :in $ :where [?e :p/name ?n]]",
            "[:find ?n :where [?e :p/name ?n]]");

    static final IFn Q;
    static final IFn PR_STR = Clojure.var("clojure.core", "pr-str");

    static {
        Clojure.var("clojure.core", "require").invoke(Clojure.read("datomic.api"));
        Q = Clojure.var("datomic.api", "q");
    }

    @Test void edgeCasesAnswerOrFailAsInDatomic() throws Exception {
        List<String> differences = new ArrayList<>();
        try (DatomicMem d = new DatomicMem("edges"); TempDb a = TempDb.open()) {
            d.conn.transact((List<?>) DatomicMem.read(SCHEMA)).get();
            d.conn.transact((List<?>) DatomicMem.read(DATA)).get();
            a.tx(SCHEMA);
            a.tx(DATA);
            for (String q : QUERIES) {
                String theirs = outcome(() -> Q.invoke(q, d.conn.db(), DatomicMem.read(RULES)));
                String ours = ourOutcome(() -> Query.q(q, a.conn.db(), Edn.read(RULES)));
                if (!agree(theirs, ours)) differences.add(q + "\n  Datomic " + theirs + "\n  Accrete " + ours);
            }
            for (String q : UNBOUND_QUERIES) {
                String theirs = outcome(() -> Q.invoke(q, d.conn.db(), DatomicMem.read(UNBOUND_RULES)));
                String ours = ourOutcome(() -> Query.q(q, a.conn.db(), Edn.read(UNBOUND_RULES)));
                if (!agree(theirs, ours)) differences.add(q + "\n  Datomic " + theirs + "\n  Accrete " + ours);
            }
            for (String q : SOURCE_RULE_QUERIES) {
                String theirs = outcome(() -> Q.invoke(q, d.conn.db(), d.conn.db(), DatomicMem.read(SOURCE_RULES)));
                String ours = ourOutcome(() -> Query.q(q, a.conn.db(), a.conn.db(), Edn.read(SOURCE_RULES)));
                if (!agree(theirs, ours)) differences.add(q + "\n  Datomic " + theirs + "\n  Accrete " + ours);
            }
            for (String q : EXTRA_INPUT_QUERIES) {
                String theirs = outcome(() -> Q.invoke(q, d.conn.db(), 42L, "x"));
                String ours = ourOutcome(() -> Query.q(q, a.conn.db(), 42L, "x"));
                if (!agree(theirs, ours)) differences.add(q + " (extra inputs)\n  Datomic " + theirs + "\n  Accrete " + ours);
            }
        }
        assertEquals("", String.join("\n", differences));
    }

    /**
     * A character or a regex pattern is no transaction value (Datomic: wrong-type-for-attribute); a
     * pattern is a query constant, and a query given as data may hold one (never as text: no #"").
     */
    @Test void charactersAndPatternsAreQueryValuesOnly() throws Exception {
        try (DatomicMem d = new DatomicMem("chars"); TempDb a = TempDb.open()) {
            d.conn.transact((List<?>) DatomicMem.read(SCHEMA)).get();
            a.tx(SCHEMA);
            for (Object v : List.of('a', java.util.regex.Pattern.compile("a"))) {
                String theirs = outcome(() -> d.conn.transact(List.of(List.of(DatomicMem.read(":db/add"), "t", DatomicMem.read(":p/name"), v))).get());
                String ours = ourOutcome(() -> a.conn.transact(List.of(List.of(Edn.read(":db/add"), "t", Edn.read(":p/name"), v))));
                assertEquals("refused :db.error/wrong-type-for-attribute", theirs);
                assertEquals(true, agree(theirs, ours), ours);
            }
            d.conn.transact((List<?>) DatomicMem.read(DATA)).get();
            a.tx(DATA);
            String q = "[:find ?n :where [?e :p/name ?n] [(re-find ?p ?n)]]";
            for (int i = 0; i < 2; i++) {   // twice: the second finds the first's parse in the cache
                Object theirs = Q.invoke(DatomicMem.read(q.replace("?p", "#\"^a\"")), d.conn.db());
                List<Object> form = new ArrayList<>((List<?>) Edn.read(q));
                List<Object> call = new ArrayList<>((List<?>) ((List<?>) form.get(form.size() - 1)).get(0));
                call.set(1, java.util.regex.Pattern.compile("^a"));
                form.set(form.size() - 1, List.of(io.accrete.engine.data.EdnList.copyOf(call)));
                assertEquals(rows(theirs, x -> Edn.print(Edn.read((String) PR_STR.invoke(x)))), rows(Query.q(form, a.conn.db()), Edn::print));
            }
        }
    }

    /** Both answered the same, or both refused and Accrete's category is Datomic's when Datomic names one. */
    static boolean agree(String theirs, String ours) {
        if (theirs.equals("refused")) return ours.startsWith("refused");
        if (theirs.startsWith("refused ")) return ours.startsWith(theirs + " (");
        return theirs.equals(ours);
    }

    interface Run { Object run() throws Exception; }

    /** The answer as sorted printed rows (Datomic's printed values read back and printed by Accrete), or the refusal's category. */
    static String outcome(Run r) {
        try {
            return "answer " + rows(r.run(), x -> Edn.print(Edn.read((String) PR_STR.invoke(x))));
        } catch (Exception e) {
            Throwable x = e;
            while (x != null && !(x instanceof clojure.lang.IExceptionInfo)) x = x.getCause();
            Object category = x == null ? null : ((clojure.lang.IExceptionInfo) x).getData().valAt(Clojure.read(":db/error"));
            return category == null ? "refused" : "refused " + PR_STR.invoke(category);
        }
    }

    static String ourOutcome(Run r) {
        try {
            return "answer " + rows(r.run(), Edn::print);
        } catch (AccreteException e) {
            return "refused " + e.category() + " (" + e.getMessage() + ")";
        } catch (Exception e) {
            return "failed " + e;
        }
    }

    static String rows(Object result, java.util.function.Function<Object, String> print) {
        if (!(result instanceof Collection<?> c)) return print.apply(result);
        TreeSet<String> out = new TreeSet<>();
        for (Object row : c) out.add(print.apply(row instanceof Map<?, ?> ? row : List.copyOf((List<?>) row)));
        return out.toString();
    }
}
