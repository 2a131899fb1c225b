package io.accrete.engine.query;

import io.accrete.engine.data.Edn;
import io.accrete.engine.db.Db;
import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Answers where Accrete once differed from the Datomic 1.0.7622 peer, found by
 * {@code DatomicQueryDifferentialProperties}; each expected value is what Datomic returns.
 */
class DatomicQueryParityTest {
    static TempDb temp;
    static Db db;

    @BeforeAll static void setUp() {
        temp = TempDb.open();
        temp.tx("[{:db/ident :x/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                + " {:db/ident :x/longs :db/valueType :db.type/long :db/cardinality :db.cardinality/many}]");
        db = temp.tx("[{:x/name \"a\" :x/longs [1 4]} {:x/name \"b\" :x/longs [4 2]}]").dbAfter();
    }

    @AfterAll static void tearDown() { temp.close(); }

    /** Sorted, so that a bag compares with its duplicates. */
    static List<Object> sorted(Object result) {
        List<Object> l = new ArrayList<>((Collection<?>) result);
        l.sort((x, y) -> x.toString().compareTo(y.toString()));
        return l;
    }

    @Test void withKeepsDuplicatesWithoutAggregates() {
        Object r = Query.q("[:find ?v :with ?e :where [?e :x/longs ?v]]", db);
        assertInstanceOf(List.class, r);
        assertEquals(Edn.read("[[1] [2] [4] [4]]"), sorted(r));
        assertEquals(Edn.read("[[\"a\"] [\"a\"] [\"b\"] [\"b\"]]"),
                sorted(Query.q("[:find ?n :with ?v :where [?e :x/name ?n] [?e :x/longs ?v]]", db)));
        assertEquals(Edn.read("[{:v 1} {:v 2} {:v 4} {:v 4}]"),
                sorted(Query.q("[:find ?v :keys v :with ?e :where [?e :x/longs ?v]]", db)));
    }

    @Test void withoutWithARelationIsASet() {
        assertEquals(Edn.read("#{[1] [2] [4]}"), Query.q("[:find ?v :where [?e :x/longs ?v]]", db));
    }

    @Test void entitiesPulledToEqualMapsAreTwoRows() {
        Db d = temp.tx("[{:x/name \"c\" :x/longs [7]} {:x/name \"d\" :x/longs [7]}]").dbAfter();
        Object r = Query.q("[:find (pull ?e [:x/longs]) :where [?e :x/longs 7]]", d);
        assertInstanceOf(List.class, r);
        assertEquals(Edn.read("[[{:x/longs [7]}] [{:x/longs [7]}]]"), r);
        assertEquals(Edn.read("#{[7]}"), Query.q("[:find ?v :where [?e :x/longs 7] [?e :x/longs ?v]]", d));
    }

    @Test void withAndAggregatesStillGroup() {
        assertEquals(Edn.read("#{[11]}"), Query.q("[:find (sum ?v) :with ?e :where [?e :x/longs ?v]]", db));
    }

    @Test void medianOfAnEvenCountTruncatesLikeQuot() {
        String q = "[:find (median ?v) . :in [?v ...]]";
        assertEquals(1L, Query.q(q, List.of(1L, 2L)));
        assertEquals(2L, Query.q(q, List.of(1L, 4L)));
        assertEquals(3L, Query.q(q, List.of(1L, 2L, 3L, 4L, 5L, 6L)));
        assertEquals(1.0, Query.q(q, List.of(1.0, 2.0)));
        assertEquals(-1L, Query.q(q, List.of(-1L, -2L)));
        assertEquals(2L, Query.q(q, List.of(1L, 2L, 3L)));
        // duplicates count under :with
        assertEquals(3L, Query.q("[:find (median ?v) . :with ?e :where [?e :x/longs ?v]]", db));
    }

    @Test void nilIsAnArgumentAndANilResultBindsNothing() {
        assertEquals(Edn.read("#{}"), Query.q("[:find ?v :where [(identity nil) ?v]]"));
        assertEquals(null, Query.q("[:find ?v . :where [(ground nil) ?v]]"));
        assertEquals(Edn.read("#{[\"a\"] [\"b\"]}"), Query.q("[:find ?n :where [?e :x/name ?n] [(nil? nil)]]", db));
        assertEquals(Edn.read("#{[[nil 1]]}"), Query.q("[:find ?t :where [(tuple nil 1) ?t]]"));
    }

    @Test void aLookupRefBoundToAVariableMatchesWhetherThePatternIsScannedOrLookedUp() {
        try (TempDb t = TempDb.open()) {
            t.tx("[{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                    + " {:db/ident :p/parent :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}]");
            Db d = t.tx("[{:db/id \"a\" :p/name \"a\"} {:db/id \"b\" :p/name \"b\" :p/parent [\"a\"]}"
                    + " {:db/id \"c\" :p/name \"c\" :p/parent [\"b\"]} {:db/id \"d\" :p/name \"d\" :p/parent [\"b\" \"a\"]}]").dbAfter();
            Object rules = Edn.read("[[(par ?a ?d) [?d :p/parent ?a]]]");
            Object expected = Edn.read("#{[\"b\"] [\"d\"]}");
            assertEquals(expected, Query.q("[:find ?n :in $ % :where (par [:p/name \"a\"] ?d) [?d :p/name ?n]]", d, rules));
            assertEquals(expected, Query.q("[:find ?n :in $ % :where [?d :p/name ?n] (par [:p/name \"a\"] ?d)]", d, rules));
            assertEquals(expected, Query.q("[:find ?n :in $ ?a :where [?d :p/name ?n] [?d :p/parent ?a]]", d, Edn.read("[:p/name \"a\"]")));
            // the variable keeps the lookup ref; only the match resolves it
            assertEquals(Edn.read("#{[\"b\" [:p/name \"a\"]] [\"d\" [:p/name \"a\"]] [\"c\" [:p/name \"b\"]] [\"d\" [:p/name \"b\"]]}"),
                    Query.q("[:find ?n ?a :in $ [?a ...] :where [?d :p/name ?n] [?d :p/parent ?a]]", d, Edn.read("[[:p/name \"a\"] [:p/name \"b\"]]")));
        }
    }

    @Test void aNilIsTheMinOfItsGroup() {
        assertEquals(Edn.read("#{[nil 2]}"), Query.q("[:find (min ?x) (max ?x) :in [?x ...]]", Edn.read("[2 nil 1]")));
        assertEquals(Edn.read("#{[nil \"b\"]}"), Query.q("[:find (min ?x) (max ?x) :in [?x ...]]", Edn.read("[\"a\" nil \"b\"]")));
        assertEquals(Edn.read("#{[1 nil] [2 5]}"), Query.q("[:find ?y (min ?x) :in [[?y ?x]]]", Edn.read("[[1 nil] [1 3] [2 5]]")));
    }

    @Test void aNilInsideATupleCollectionOrRelationBindsNil() {
        assertEquals(Edn.read("#{[1]}"), Query.q("[:find ?v :where [(vector nil 1) [?a ?v]]]"));
        assertEquals(Edn.read("#{[nil 1]}"), Query.q("[:find ?a ?v :where [(vector nil 1) [?a ?v]]]"));
        assertEquals(Edn.read("#{[nil] [1]}"), Query.q("[:find ?v :where [(vector nil 1) [?v ...]]]"));
        assertEquals(Edn.read("#{[nil 1] [2 3]}"), Query.q("[:find ?a ?v :in [[?a ?v]]]", Edn.read("[[nil 1] [2 3]]")));
        assertEquals(Edn.read("#{[1 2] [nil nil]}"), Query.q("[:find ?a ?v :where [(vector [1 2] nil) [[?a ?v]]]]"));
        // nil joins nil
        assertEquals(Edn.read("#{[1 2]}"), Query.q("[:find ?v ?w :where [(vector nil 1) [?a ?v]] [(vector nil 2) [?a ?w]]]"));
        assertEquals(Edn.read("#{[1]}"), Query.q("[:find (count ?a) :where [(vector nil 1) [?a ?v]]]"));
        // a nil value as a whole still binds nothing
        assertEquals(Edn.read("#{}"), Query.q("[:find ?a :where [(identity nil) [?a ?b]]]"));
    }

    // Found by a review against Datomic 1.0.7622 (stop 19); each expectation is Datomic's answer.

    static Object q1(String query) { return Query.q(query, db); }

    @Test void keywordsOrderByNamespaceFirstAndTypesByDatomicsClassOrder() {
        assertEquals(false, q1("[:find ?b . :in $ :where [(< :a.b/c :a/z) ?b]]"));
        assertEquals(-1L, q1("[:find ?c . :in $ :where [(compare :b :a/b) ?c]]"), "no namespace sorts first");
        assertEquals(1L, q1("[:find ?c . :in $ :where [(compare \"a\" :a) ?c]]"), "a string sorts after a keyword");
        assertEquals(Edn.read("[:a :a.b/c]"), q1("[:find [(min ?x) (max ?x)] :in $ :where [(ground [:a.b/c :a/z :a :b]) [?x ...]]]"));
    }

    @Test void numbersAreEqualWithinTheirCategoryAsClojureSays() {
        assertEquals(true, q1("[:find ?b . :in $ :where [(= 1 1N) ?b]]"));
        assertEquals(false, q1("[:find ?b . :in $ :where [(= 1 1.0) ?b]]"));
        assertEquals(true, q1("[:find ?b . :in $ :where [(= 1.5M 1.50M) ?b]]"));
        assertEquals(3L, q1("[:find (count-distinct ?x) . :in $ :where [(ground [1 1.0 1N 1M]) [?x ...]]]"));
    }

    @Test void strPrintsCollectionsAsClojureDoes() {
        assertEquals("[1 \"a\"]x", q1("[:find ?s . :in $ :where [(ground [1 \"a\"]) ?v] [(str ?v \"x\") ?s]]"));
    }

    @Test void moreOfClojureCoreIsCallable() {
        assertEquals(Edn.read(":a/b"), q1("[:find ?k . :in $ :where [(keyword \"a\" \"b\") ?k]]"));
        assertEquals("a-b", q1("[:find ?s . :in $ :where [(clojure.string/join \"-\" [\"a\" \"b\"]) ?s]]"));
        assertEquals("xbc", q1("[:find ?s . :in $ :where [(clojure.string/replace \"abc\" \"a\" \"x\") ?s]]"));
        assertEquals(2L, q1("[:find ?x . :in $ :where [(ground [1 2]) ?v] [(get ?v 1) ?x]]"));
        assertEquals(true, q1("[:find ?b . :in $ :where [(true? true) ?b]]"));
    }

    @Test void pullOfAnEntityThatNamesNothingGivesTheIdItWasAskedFor() {
        assertEquals(java.util.Collections.singletonMap(io.accrete.engine.data.Keyword.of("db/id"), null),
                io.accrete.engine.pull.Pull.pull(db, "[*]", Edn.read("[:x/name \"nobody\"]")));
        assertEquals(Edn.read("{:db/id -5}"), io.accrete.engine.pull.Pull.pull(db, "[:db/id :x/name]", -5L));
        assertEquals(null, io.accrete.engine.pull.Pull.pull(db, "[:x/name]", Edn.read("[:x/name \"nobody\"]")));
        assertEquals(null, io.accrete.engine.pull.Pull.pull(db, "[*]", null));
    }

    @Test void aValueWithNeitherEntityNorAttributeMatchesOnlyReferences() {
        assertEquals(java.util.Set.of(), Query.q("[:find ?e :where [?e _ \"a\"]]", db), "a string is no reference");
        assertEquals(java.util.Set.of(), Query.q("[:find ?e :where [?e _ 4]]", db), "4 is no entity that anything refers to");
        // An entity id finds whatever refers to it: here the attributes whose :db/valueType is string.
        Object referrers = Query.q("[:find [?i ...] :where [?t :db/ident :db.type/string] [?e _ ?t] [?e :db/ident ?i]]", db);
        org.junit.jupiter.api.Assertions.assertTrue(((java.util.Collection<?>) referrers).contains(io.accrete.engine.data.Keyword.of("x/name")),
                String.valueOf(referrers));
    }

    /**
     * As the peer answers: a pattern with only its value known reads references (VAET), but run after
     * a clause that binds its entity or attribute it finds any attribute holding the value, and the
     * planner (Datomic's too) runs it there.
     */
    @Test void anAttributeVariableFindsEveryAttributeHoldingTheValueOnceItsEntityIsBound() {
        assertEquals(java.util.Set.of(), Query.q("[:find ?e :where [?e ?a \"a\"]]", db), "alone: references only");
        assertEquals(Edn.read("#{[\"a\" :x/name]}"), Query.q("[:find ?n ?an :where [?e ?a \"a\"] [?e :x/name ?n] [?a :db/ident ?an]]", db));
        assertEquals(Edn.read("#{[\"a\" :x/longs] [\"b\" :x/longs]}"),
                Query.q("[:find ?n ?an :in $ ?v :where [?e ?a ?v] [?e :x/name ?n] [?a :db/ident ?an]]", db, 4L));
        assertEquals(Edn.read("#{[\"b\"]}"), Query.q("[:find ?n :where [?x :x/name \"b\"] [?x :x/longs 2] [?e ?a 2] [?e :x/name ?n]]", db));
        assertEquals(java.util.Set.of(), Query.q("[:find ?e :where [?e ?a 99]]", db));
        assertEquals(2, ((Collection<?>) Query.q("[:find ?e ?tx :where [?e ?a 4 ?tx true] [?e :x/name]]", db.history())).size());
    }

    @Test void stringReplaceWithAPatternNamesGroupsAndDivisionRefusesZero() {
        assertEquals("aab", Query.q("[:find ?x . :where [(re-pattern \"(a)\") ?p] [(clojure.string/replace \"ab\" ?p \"$1$1\") ?x]]", db));
        assertEquals("$1b", Query.q("[:find ?x . :where [(clojure.string/replace \"ab\" \"a\" \"$1\") ?x]]", db));
        for (String q : List.of("[:find ?x . :where [(/ 1.0 0) ?x]]", "[:find ?x . :where [(/ 1.0 0.0) ?x]]", "[:find ?x . :where [(/ 1M 3) ?x]]")) {
            org.junit.jupiter.api.Assertions.assertThrows(io.accrete.engine.error.AccreteException.class, () -> Query.q(q, db), q);
        }
        assertEquals(new java.math.BigDecimal("0.5"), Query.q("[:find ?x . :where [(/ 1M 2) ?x]]", db));
    }

    /** No query deadline can interrupt one arithmetic operation, so results of absurd size are refused up front. */
    @Test void exactArithmeticRefusesResultsOfMillionsOfDigits() {
        java.math.BigDecimal huge = new java.math.BigDecimal("1E+10000000");
        for (String q : List.of("[:find ?r . :in ?v :where [(+ ?v 1M) ?r]]", "[:find ?r . :in ?v :where [(- ?v 1M) ?r]]")) {
            io.accrete.engine.error.AccreteException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.accrete.engine.error.AccreteException.class, () -> Query.q(q, huge), q);
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("digits"), e.getMessage());
        }
        org.junit.jupiter.api.Assertions.assertThrows(io.accrete.engine.error.AccreteException.class,
                () -> Query.q("[:find ?r . :in ?v :where [(* ?v ?v) ?r]]", java.math.BigInteger.TEN.pow(60_000)));
        // squaring keeps the precision short but the written-out number doubles each time
        org.junit.jupiter.api.Assertions.assertThrows(io.accrete.engine.error.AccreteException.class, () -> Query.q(
                "[:find ?r . :in ?v :where [(* ?v ?v) ?a] [(* ?a ?a) ?b] [(* ?b ?b) ?c] [(* ?c ?c) ?d] [(* ?d ?d) ?e] [(mod ?e 7M) ?r]]",
                new java.math.BigDecimal("1E+9999")));
        for (String f : List.of("bigint", "long")) {
            org.junit.jupiter.api.Assertions.assertThrows(io.accrete.engine.error.AccreteException.class,
                    () -> Query.q("[:find ?r . :in ?v :where [(" + f + " ?v) ?r]]", new java.math.BigDecimal("1E+200000")), f);
        }
        assertEquals(new java.math.BigDecimal("2.0"), Query.q("[:find ?r . :where [(quot 5.0M 2) ?r]]", db));
        assertEquals(new java.math.BigDecimal("-1.5"), Query.q("[:find ?r . :where [(rem -7.5M 2) ?r]]", db));
        // within the bound, exponents work as they should
        java.math.BigDecimal big = new java.math.BigDecimal("1E+9999");
        assertEquals(0, big.scaleByPowerOfTen(1).compareTo((java.math.BigDecimal) Query.q("[:find ?r . :in ?v :where [(* ?v 10M) ?r]]", big)));
    }

    @Test void anIntegerOfOneTypeFindsAnAttributeOfTheOther() {
        try (TempDb t = TempDb.open()) {
            t.tx("[{:db/ident :n/big :db/valueType :db.type/bigint :db/cardinality :db.cardinality/one}"
                    + " {:db/ident :n/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]");
            Db d = t.tx("[{:n/big 10N :n/age 25}]").dbAfter();
            assertEquals(1, ((Collection<?>) Query.q("[:find ?e :where [?e :n/big 10]]", d)).size());
            assertEquals(1, ((Collection<?>) Query.q("[:find ?e :in $ [?a ...] :where [?e :n/age ?a]]", d, List.of(30.0, new java.math.BigInteger("25")))).size());
            assertEquals(0, ((Collection<?>) Query.q("[:find ?e :where [?e :n/age 25.0]]", d)).size(), "a double is never a long");
            // Joins unify 1 and 1N, as Clojure's = does.
            assertEquals(2, ((Collection<?>) Query.q("[:find ?x :in [?x ...] [?x ...]]", List.of(1L, 2L), List.of(new java.math.BigInteger("1"), 2L))).size());
        }
    }
}
