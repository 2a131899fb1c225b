package io.accrete.engine.query;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The film database of {@link MovieFixture} queried through every feature of the language. */
class MovieQueriesTest {
    static MovieFixture f;
    static Db db;

    @BeforeAll static void setUp() {
        f = new MovieFixture();
        db = f.db();
    }

    @AfterAll static void tearDown() { f.close(); }

    static void rel(String expected, String query, Object... inputs) {
        assertEquals(Edn.read(expected), Query.q(query, inputs), query);
    }

    static void coll(String expected, String query, Object... inputs) {
        Object r = Query.q(query, inputs);
        assertInstanceOf(List.class, r, query);
        assertEquals(new HashSet<>((Collection<?>) Edn.read(expected)), new HashSet<>((List<?>) r), query);
        assertEquals(((Collection<?>) Edn.read(expected)).size(), ((List<?>) r).size(), query);
    }

    static void scalar(Object expected, String query, Object... inputs) {
        assertEquals(expected, Query.q(query, inputs), query);
    }

    static final String RULES = """
        [[(costar ?a ?b) [?m :movie/cast ?a] [?m :movie/cast ?b] [(!= ?a ?b)]]
         [(connected ?a ?b) (costar ?a ?b)]
         [(connected ?a ?b) (costar ?a ?x) (connected ?x ?b)]
         [(born-before [?year] ?p) [?p :person/born ?b] [(< ?b ?year)]]
         [(action-or-drama ?m) [?m :movie/genre :action]]
         [(action-or-drama ?m) [?m :movie/genre :drama]]
         [(directed-by ?m ?name) [?m :movie/director ?d] [?d :person/name ?name]]
         [(follows ?a ?b) [?a :movie/sequel ?b]]
         [(follows ?a ?b) [?a :movie/sequel ?x] (follows ?x ?b)]]""";

    // ---- data patterns and find specs --------------------------------------------------------

    @Test void constantValue() {
        rel("#{[\"RoboCop\"] [\"Predator\"] [\"Lethal Weapon\"]}", "[:find ?t :where [?m :movie/year 1987] [?m :movie/title ?t]]", db);
    }

    @Test void scalarFind() {
        scalar(1979L, "[:find ?y . :in $ ?t :where [?m :movie/title ?t] [?m :movie/year ?y]]", db, "Alien");
    }

    @Test void scalarFindNothing() {
        scalar(null, "[:find ?y . :in $ ?t :where [?m :movie/title ?t] [?m :movie/year ?y]]", db, "Jaws");
    }

    @Test void collectionFind() {
        coll("[\"The Terminator\" \"Terminator 2: Judgment Day\" \"Aliens\"]",
                "[:find [?t ...] :where [?d :person/name \"James Cameron\"] [?m :movie/director ?d] [?m :movie/title ?t]]", db);
    }

    @Test void tupleFind() {
        scalar(List.of(1988L, 8.2), "[:find [?y ?r] :in $ ?t :where [?m :movie/title ?t] [?m :movie/year ?y] [?m :movie/rating ?r]]", db, "Die Hard");
        scalar(null, "[:find [?y ?r] :in $ ?t :where [?m :movie/title ?t] [?m :movie/year ?y] [?m :movie/rating ?r]]", db, "Jaws");
    }

    @Test void joinThroughRefMany() {
        rel("#{[\"Arnold Schwarzenegger\"] [\"Linda Hamilton\"] [\"Michael Biehn\"]}",
                "[:find ?n :where [?m :movie/title \"The Terminator\"] [?m :movie/cast ?p] [?p :person/name ?n]]", db);
    }

    @Test void sameVariableTwiceJoins() {
        rel("#{[\"Mel Gibson\"]}", "[:find ?n :where [?m :movie/director ?p] [?m :movie/cast ?p] [?p :person/name ?n]]", db);
    }

    @Test void actorsOfADirector() {
        rel("#{[\"Arnold Schwarzenegger\"] [\"Linda Hamilton\"] [\"Edward Furlong\"] [\"Michael Biehn\"] [\"Sigourney Weaver\"]}",
                "[:find ?n :in $ ?dn :where [?d :person/name ?dn] [?m :movie/director ?d] [?m :movie/cast ?p] [?p :person/name ?n]]",
                db, "James Cameron");
    }

    @Test void costarsWithInequality() {
        rel("#{[\"Linda Hamilton\"] [\"Edward Furlong\"] [\"Michael Biehn\"] [\"Carl Weathers\"]}",
                "[:find ?n :where [?a :person/name \"Arnold Schwarzenegger\"] [?m :movie/cast ?a] [?m :movie/cast ?p] [(!= ?p ?a)] [?p :person/name ?n]]", db);
    }

    @Test void badlyOrderedClausesGiveSameAnswer() {
        rel("#{[\"Linda Hamilton\"] [\"Edward Furlong\"] [\"Michael Biehn\"] [\"Carl Weathers\"]}",
                "[:find ?n :where [?p :person/name ?n] [(!= ?p ?a)] [?m :movie/cast ?p] [?m :movie/cast ?a] [?a :person/name \"Arnold Schwarzenegger\"]]", db);
    }

    @Test void lookupRefAsEntityConstant() {
        rel("#{[\"Bruce Willis\"] [\"Alan Rickman\"]}", "[:find ?n :where [[:movie/title \"Die Hard\"] :movie/cast ?p] [?p :person/name ?n]]", db);
    }

    @Test void lookupRefAsInput() {
        scalar(1988L, "[:find ?y . :in $ ?m :where [?m :movie/year ?y]]", db, List.of(Keyword.of("movie/title"), "Die Hard"));
    }

    @Test void lookupRefAsRefValue() {
        rel("#{[\"Die Hard\"] [\"Predator\"]}", "[:find ?t :where [?m :movie/director [:person/name \"John McTiernan\"]] [?m :movie/title ?t]]", db);
    }

    @Test void keywordValue() {
        rel("#{[\"Lethal Weapon\"] [\"Lethal Weapon 2\"]}", "[:find ?t :where [?m :movie/genre :comedy] [?m :movie/title ?t]]", db);
    }

    @Test void identAsEntity() {
        scalar(Keyword.of("db.type/string"), "[:find ?t . :where [:movie/title :db/valueType ?v] [?v :db/ident ?t]]", db);
    }

    @Test void attributeVariable() {
        rel("#{[:movie/title] [:movie/year] [:movie/rating] [:movie/runtime] [:movie/tagline] [:movie/director] [:movie/cast] [:movie/genre]}",
                "[:find ?attr :where [[:movie/title \"Die Hard\"] ?a _] [?a :db/ident ?attr]]", db);
    }

    @Test void valueWithoutAttribute() {
        // As the Datomic peer answers: with neither entity nor attribute, only references match (VAET).
        rel("#{}", "[:find ?e :where [?e _ \"Die Hard\"]]", db);
        long dieHard = f.id("movie/title", "Die Hard");
        rel("#{[" + dieHard + "]}", "[:find ?e :where [?e :movie/title \"Die Hard\"]]", db);
    }

    @Test void blanksAndShortPatterns() {
        scalar(3L, "[:find (count ?m) . :where [?m :movie/tagline]]", db);
        scalar(12L, "[:find (count ?m) . :where [?m :movie/title _ _]]", db);
    }

    // ---- predicates and functions ------------------------------------------------------------

    @Test void rangePredicate() {
        rel("#{[\"Alien\"] [\"Mad Max\"] [\"Mad Max 2\"]}", "[:find ?t :where [?m :movie/year ?y] [(< ?y 1984)] [?m :movie/title ?t]]", db);
    }

    @Test void predicateOverTwoVariables() {
        rel("#{[\"Ridley Scott\"] [\"Paul Verhoeven\"] [\"Alan Rickman\"] [\"Richard Donner\"] [\"Danny Glover\"] [\"George Miller\"]}",
                "[:find ?n :where [?a :person/name \"Arnold Schwarzenegger\"] [?a :person/born ?ab] [?p :person/born ?b] [(< ?b ?ab)] [?p :person/name ?n]]", db);
    }

    @Test void arithmeticFunction() {
        scalar(39L, "[:find ?age . :where [?m :movie/title \"Braveheart\"] [?m :movie/year ?y] [?m :movie/director ?d] [?d :person/born ?b] [(- ?y ?b) ?age]]", db);
    }

    @Test void strFunction() {
        scalar("Die Hard (1988)", "[:find ?l . :where [?m :movie/title \"Die Hard\"] [?m :movie/year ?y] [(str ?t \" (\" ?y \")\") ?l] [?m :movie/title ?t]]", db);
    }

    @Test void stringPredicates() {
        rel("#{[\"Lethal Weapon\"] [\"Lethal Weapon 2\"]}", "[:find ?t :where [_ :movie/title ?t] [(clojure.string/starts-with? ?t \"Lethal\")]]", db);
        rel("#{[\"Mad Max\"] [\"Mad Max 2\"]}", "[:find ?t :where [_ :movie/title ?t] [(clojure.string/includes? ?t \"Max\")]]", db);
        rel("#{[\"Mad Max 2\"] [\"Lethal Weapon 2\"]}", "[:find ?t :where [_ :movie/title ?t] [(clojure.string/ends-with? ?t \"2\")]]", db);
        scalar("die hard", "[:find ?l . :where [_ :movie/title \"Die Hard\"] [(clojure.string/lower-case \"Die Hard\") ?l]]", db);
    }

    @Test void regexes() {
        rel("#{[\"Aliens\"] [\"Alien\"] [\"Predator\"] [\"Braveheart\"]}",
                "[:find ?t :where [_ :movie/title ?t] [(re-pattern \"[A-Z][a-z]+\") ?re] [(re-matches ?re ?t)]]", db);
        scalar("Weapon", "[:find ?w . :where [_ :movie/title ?t] [(re-find \"W\\\\w+\" ?t) ?w]]", db);
        scalar(List.of("Weapon 2", "2"), "[:find ?w . :where [_ :movie/title ?t] [(re-find \"W\\\\w+ (\\\\d)\" ?t) ?w]]", db);
        scalar(List.of("Mad", "Max"), "[:find ?w . :where [_ :movie/title \"Mad Max 2\"] [(re-seq \"[A-Z]\\\\w+\" \"Mad Max 2\") ?w]]", db);
    }

    @Test void keywordComparison() {
        rel("#{[\"Alan Rickman\"] [\"Ridley Scott\"]}", "[:find ?n :where [?p :person/country ?c] [(= ?c :gb)] [?p :person/name ?n]]", db);
    }

    @Test void javaStaticAndInstanceMethods() {
        scalar(16L, "[:find ?a . :where [?m :movie/title \"Alien\"] [?m :movie/year ?y] [(- ?y 1995) ?d] [(java.lang.Math/abs ?d) ?a]]", db);
        rel("#{[\"Mad Max\"] [\"Mad Max 2\"]}", "[:find ?t :where [_ :movie/title ?t] [(.startsWith ?t \"Mad\")]]", db);
        scalar(8L, "[:find ?n . :where [_ :movie/title \"Die Hard\"] [(.length \"Die Hard\") ?n]]", db);
    }

    @Test void getElseAndMissing() {
        rel("#{[\"RoboCop\" \"none\"] [\"Predator\" \"none\"] [\"Lethal Weapon\" \"none\"]}",
                "[:find ?t ?tl :where [?m :movie/year 1987] [?m :movie/title ?t] [(get-else $ ?m :movie/tagline \"none\") ?tl]]", db);
        scalar(9L, "[:find (count ?m) . :where [?m :movie/title] [(missing? $ ?m :movie/tagline)]]", db);
    }

    @Test void getSome() {
        long tagline = db.attribute(Keyword.of("movie/tagline")).id();
        long title = db.attribute(Keyword.of("movie/title")).id();
        rel("#{[\"Die Hard\" " + tagline + "] [\"Alien\" " + title + "]}",
                "[:find ?t ?a :in $ [?t ...] :where [?m :movie/title ?t] [(get-some $ ?m :movie/tagline :movie/title) [?a _]]]",
                db, List.of("Die Hard", "Alien"));
    }

    @Test void groundAndCollectionBindingOfFunctionResult() {
        rel("#{[\"Alien\"] [\"Mad Max\"] [\"Braveheart\"]}", "[:find ?t :where [(ground [1979 1995]) [?y ...]] [?m :movie/year ?y] [?m :movie/title ?t]]", db);
    }

    @Test void relationBindingOfFunctionResult() {
        rel("#{[1 \"a\"] [2 \"b\"]}", "[:find ?n ?s :where [(ground [[1 \"a\"] [2 \"b\"]]) [[?n ?s]]]]");
    }

    @Test void tupleAndUntuple() {
        scalar(List.of("Die Hard", 1988L), "[:find ?tup . :where [?m :movie/title \"Die Hard\"] [?m :movie/year ?y] [(tuple \"Die Hard\" ?y) ?tup]]", db);
        rel("#{[\"Die Hard\" 1988]}", "[:find ?a ?b :where [?m :movie/title \"Die Hard\"] [?m :movie/year ?y] [(tuple \"Die Hard\" ?y) ?tup] [(untuple ?tup) [?a ?b]]]", db);
    }

    @Test void functionResultUnifiesWithBoundVariable() {
        rel("#{[\"Mad Max\"] [\"Mad Max 2\"]}", "[:find ?t :where [?m :movie/director ?d] [?d :person/name \"George Miller\"] [?m :movie/title ?t] [(str ?t) ?t]]", db);
    }

    // ---- aggregates --------------------------------------------------------------------------

    @Test void countPerGroup() {
        rel("#{[\"James Cameron\" 3] [\"Ridley Scott\" 1] [\"Paul Verhoeven\" 1] [\"John McTiernan\" 2] [\"Richard Donner\" 2] [\"George Miller\" 2] [\"Mel Gibson\" 1]}",
                "[:find ?n (count ?m) :where [?m :movie/director ?d] [?d :person/name ?n]]", db);
    }

    @Test void sumIsOverASetUnlessWith() {
        String base = "[:find (sum ?rt) . %s :where [?d :person/name \"James Cameron\"] [?m :movie/director ?d] [?m :movie/runtime ?rt]]";
        scalar(244L, String.format(base, ""), db);
        scalar(381L, String.format(base, ":with ?m"), db);
    }

    @Test void minMaxOverNumbersAndStrings() {
        rel("#{[6.8 8.6]}", "[:find (min ?r) (max ?r) :where [_ :movie/rating ?r]]", db);
        rel("#{[\"Alien\" \"The Terminator\"]}", "[:find (min ?t) (max ?t) :where [_ :movie/title ?t]]", db);
    }

    @Test void minNMaxN() {
        rel("#{[[1979 1981 1984] [1995 1991]]}", "[:find (min 3 ?y) (max 2 ?y) :where [_ :movie/year ?y]]", db);
    }

    @Test void countAndCountDistinctWith() {
        rel("#{[12 9]}", "[:find (count ?y) (count-distinct ?y) :with ?m :where [?m :movie/year ?y]]", db);
    }

    @Test void median() {
        scalar(111L, "[:find (median ?rt) . :with ?m :where [?m :movie/runtime ?rt]]", db);
        scalar(107L, "[:find (median ?rt) . :where [?m :movie/runtime ?rt] [(< ?rt 120)]]", db);
    }

    @Test void varianceAndStddev() {
        rel("#{[16.0 4.0 92.0]}", "[:find (variance ?rt) (stddev ?rt) (avg ?rt) :with ?m :where [?m :movie/director [:person/name \"George Miller\"]] [?m :movie/runtime ?rt]]", db);
    }

    @Test void distinctAggregate() {
        rel("#{[#{:action :sci-fi :horror}]}", "[:find (distinct ?g) :where [?m :movie/director [:person/name \"James Cameron\"]] [?m :movie/genre ?g]]", db);
    }

    @Test void multipleAggregatesPerGroup() {
        rel("#{[\"James Cameron\" 3 8.6] [\"John McTiernan\" 2 8.2] [\"Richard Donner\" 2 7.6] [\"George Miller\" 2 7.6] [\"Ridley Scott\" 1 8.5] [\"Paul Verhoeven\" 1 7.6] [\"Mel Gibson\" 1 8.3]}",
                "[:find ?n (count ?m) (max ?r) :with ?m :where [?m :movie/director ?d] [?d :person/name ?n] [?m :movie/rating ?r]]", db);
    }

    @Test void randAndSample() {
        Object r = Query.q("[:find (rand ?t) . :where [_ :movie/title ?t]]", db);
        assertInstanceOf(String.class, r);
        List<?> sample = (List<?>) Query.q("[:find (sample 5 ?t) . :where [_ :movie/title ?t]]", db);
        assertEquals(5, sample.size());
        assertEquals(5, new HashSet<>(sample).size());
        List<?> rands = (List<?>) Query.q("[:find (rand 20 ?t) . :where [_ :movie/title ?t]]", db);
        assertEquals(20, rands.size());
        assertEquals(12, ((List<?>) Query.q("[:find (sample 50 ?t) . :where [_ :movie/title ?t]]", db)).size());
    }

    @Test void aggregateOfNothingIsEmpty() {
        rel("#{}", "[:find (count ?m) :where [?m :movie/year 2050]]", db);
        scalar(null, "[:find (count ?m) . :where [?m :movie/year 2050]]", db);
    }

    @Test void customAggregate() {
        Aggregates.register("test/longest", (args, vals) -> vals.stream().map(String.class::cast)
                .max((a, b) -> Integer.compare(a.length(), b.length())).orElse(null));
        try {
            scalar("Terminator 2: Judgment Day", "[:find (test/longest ?t) . :where [_ :movie/title ?t]]", db);
        } finally {
            Aggregates.unregister("test/longest");
        }
    }

    @Test void customFunction() {
        Functions.register("test/decade", a -> ((Long) a[0]) / 10 * 10);
        try {
            rel("#{[1970 2] [1980 8] [1990 2]}", "[:find ?d (count ?m) :where [?m :movie/year ?y] [(test/decade ?y) ?d]]", db);
        } finally {
            Functions.unregister("test/decade");
        }
    }

    // ---- return maps -------------------------------------------------------------------------

    @Test void returnMaps() {
        Object keys = Query.q("[:find ?t ?y :keys title year :where [?m :movie/title ?t] [?m :movie/year ?y] [(> ?y 1990)]]", db);
        assertEquals(Set.of(Map.of(Keyword.of("title"), "Terminator 2: Judgment Day", Keyword.of("year"), 1991L),
                Map.of(Keyword.of("title"), "Braveheart", Keyword.of("year"), 1995L)), keys);
        Object strs = Query.q("[:find ?t ?y :strs title year :where [?m :movie/title ?t] [?m :movie/year ?y] [(> ?y 1992)]]", db);
        assertEquals(Set.of(Map.of("title", "Braveheart", "year", 1995L)), strs);
        Object syms = Query.q("[:find [?t ?y] :syms title year :where [?m :movie/title ?t] [?m :movie/year ?y] [(> ?y 1992)]]", db);
        assertEquals(Map.of(Symbol.of("title"), "Braveheart", Symbol.of("year"), 1995L), syms);
    }

    // ---- inputs ------------------------------------------------------------------------------

    @Test void collectionInput() {
        rel("#{[\"Alien\"] [\"Mad Max\"] [\"Braveheart\"]}", "[:find ?t :in $ [?y ...] :where [?m :movie/year ?y] [?m :movie/title ?t]]", db, List.of(1979L, 1995L));
    }

    @Test void tupleInput() {
        rel("#{[8.5]}", "[:find ?r :in $ [?t ?y] :where [?m :movie/title ?t] [?m :movie/year ?y] [?m :movie/rating ?r]]", db, List.of("Alien", 1979));
    }

    @Test void relationInput() {
        rel("#{[\"Alien\"]}", "[:find ?t :in $ [[?t ?min]] :where [?m :movie/title ?t] [?m :movie/rating ?r] [(> ?r ?min)]]",
                db, List.of(List.of("Alien", 8.0), List.of("Mad Max", 7.0)));
    }

    @Test void ignoredInputPositions() {
        rel("#{[\"Alien\"] [\"Mad Max\"]}", "[:find ?t :in $ [[?t _]] _ :where [?m :movie/title ?t]]",
                db, List.of(List.of("Alien", 1), List.of("Mad Max", 2)), "ignored");
    }

    @Test void scalarInputsOnly() {
        rel("#{[\"Doe\" \"John\"]}", "[:find ?last ?first :in ?last ?first]", "Doe", "John");
    }

    @Test void mapFormAndDataForm() {
        Object mapForm = Edn.read("{:find [?t] :in [$ ?y] :where [[?m :movie/year ?y] [?m :movie/title ?t]]}");
        assertEquals(Edn.read("#{[\"Braveheart\"]}"), Query.q(mapForm, db, 1995L));
        Object data = Edn.read("[:find ?t :in $ ?y :where [?m :movie/year ?y] [?m :movie/title ?t]]");
        assertEquals(Edn.read("#{[\"Die Hard\"]}"), Query.q(data, db, 1988L));
        assertEquals(Edn.read("#{[\"Die Hard\"]}"), Query.q(data, db, 1988), "Integer inputs act as Longs");
    }

    // ---- not / or ----------------------------------------------------------------------------

    @Test void notClause() {
        scalar(9L, "[:find (count ?m) . :where [?m :movie/title] (not [?m :movie/tagline])]", db);
        rel("#{[\"Alien\"] [\"Braveheart\"]}", "[:find ?t :where [?m :movie/title ?t] (not [?m :movie/genre :action])]", db);
    }

    @Test void notJoin() {
        rel("#{[\"Peter Weller\"] [\"Carl Weathers\"] [\"Bruce Willis\"] [\"Alan Rickman\"] [\"Mel Gibson\"] [\"Danny Glover\"]}",
                "[:find ?n :where [_ :movie/cast ?p] [?p :person/name ?n] (not-join [?p] [?m :movie/cast ?p] [?m :movie/director ?d] [?d :person/name \"James Cameron\"])]", db);
    }

    @Test void notWithPredicateOnly() {
        scalar(11L, "[:find (count ?p) . :where [?p :person/born ?b] (not [(>= ?b 1950)] [(< ?b 1960)])]", db);
    }

    @Test void orClause() {
        rel("#{[\"Lethal Weapon\"] [\"Lethal Weapon 2\"] [\"Aliens\"] [\"Alien\"]}",
                "[:find ?t :where (or [?m :movie/genre :comedy] [?m :movie/genre :horror]) [?m :movie/title ?t]]", db);
    }

    @Test void orJoinWithAnd() {
        rel("#{[\"Braveheart\"] [\"Alien\"]}",
                "[:find ?t :where [?m :movie/title ?t] (or-join [?m] [?m :movie/genre :drama] (and [?m :movie/genre :horror] [?m :movie/year ?y] [(< ?y 1980)]))]", db);
    }

    @Test void orJoinUnbound() {
        rel("#{[\"Paul Verhoeven\"] [\"Peter Weller\"] [\"John McTiernan\"] [\"Arnold Schwarzenegger\"] [\"Carl Weathers\"] [\"Richard Donner\"] [\"Mel Gibson\"] [\"Danny Glover\"]}",
                "[:find ?n :where (or-join [?p] (and [?m :movie/cast ?p] [?m :movie/year 1987]) (and [?m :movie/director ?p] [?m :movie/year 1987])) [?p :person/name ?n]]", db);
    }

    // ---- rules -------------------------------------------------------------------------------

    @Test void recursiveRule() {
        rel("#{[\"Arnold Schwarzenegger\"] [\"Linda Hamilton\"] [\"Edward Furlong\"] [\"Michael Biehn\"] [\"Carl Weathers\"] [\"Sigourney Weaver\"]}",
                "[:find ?n :in $ % ?start :where [?s :person/name ?start] (connected ?s ?p) [?p :person/name ?n]]", db, RULES, "Arnold Schwarzenegger");
        rel("#{[\"Alan Rickman\"] [\"Bruce Willis\"]}", "[:find ?n :in $ % :where [?s :person/name \"Bruce Willis\"] (connected ?p ?s) [?p :person/name ?n]]", db, RULES);
    }

    @Test void recursiveRuleUnboundBothSides() {
        scalar(4L, "[:find (count ?a) . :in $ % :where (follows ?a ?b)]", db, RULES);
    }

    @Test void ruleWithRequiredVariable() {
        rel("#{[\"Ridley Scott\"] [\"Paul Verhoeven\"] [\"Richard Donner\"]}", "[:find ?n :in $ % ?y :where (born-before ?y ?p) [?p :person/name ?n]]", db, RULES, 1940L);
        rel("#{[\"Richard Donner\"]}", "[:find ?n :in $ % :where (born-before 1931 ?p) [?p :person/name ?n]]", db, RULES);
    }

    @Test void ruleWithSeveralDefinitions() {
        scalar(11L, "[:find (count ?m) . :in $ % :where (action-or-drama ?m)]", db, RULES);
    }

    @Test void ruleWithConstantArgument() {
        rel("#{[\"Die Hard\"] [\"Predator\"]}", "[:find ?t :in $ % :where (directed-by ?m \"John McTiernan\") [?m :movie/title ?t]]", db, RULES);
    }

    // ---- sources -----------------------------------------------------------------------------

    @Test void txDataAsSource() {
        Object r = Query.q("[:find ?n :in $ $tx :where [$tx ?e :person/name ?n]]", db, f.peopleReport.txData());
        assertEquals(17, ((Set<?>) r).size());
    }

    @Test void tuplesAsSource() {
        rel("#{[\"John\"]}", "[:find ?first :in $db :where [$db _ :firstName ?first]]", List.of(List.of(1, Keyword.of("firstName"), "John")));
    }

    @Test void twoSources() {
        rel("#{[\"Die Hard\" \"great\"]}", "[:find ?t ?verdict :in $ $reviews :where [$reviews ?t ?verdict] [?m :movie/title ?t]]",
                db, List.of(List.of("Die Hard", "great"), List.of("Jaws", "scary")));
    }

    @Test void txAndInstant() {
        long tx = f.moviesReport.txData().get(0).tx();
        scalar(tx, "[:find ?tx . :where [?m :movie/title \"Alien\" ?tx]]", db);
        assertInstanceOf(Date.class, Query.q("[:find ?i . :where [_ :movie/title \"Alien\" ?tx] [?tx :db/txInstant ?i]]", db));
        scalar(true, "[:find ?added . :where [_ :movie/title \"Alien\" _ ?added]]", db);
    }

    @Test void asOfAndSince() {
        long peopleT = f.peopleReport.dbAfter().basisT();
        scalar(null, "[:find (count ?m) . :where [?m :movie/title]]", db.asOf(peopleT));
        scalar(17L, "[:find (count ?p) . :where [?p :person/name]]", db.asOf(peopleT));
        scalar(12L, "[:find (count ?m) . :where [?m :movie/title]]", db.since(peopleT));
        scalar(null, "[:find (count ?p) . :where [?p :person/name]]", db.since(peopleT));
    }

    // ---- options -----------------------------------------------------------------------------

    @Test void offsetAndLimit() {
        Object r = Query.q("[:find ?y :where [_ :movie/year ?y]]", new QueryOptions(null, 2, 3), db);
        assertEquals(List.of(List.of(1984L), List.of(1986L), List.of(1987L)), List.copyOf((Set<?>) r));
        Object all = Query.q("[:find ?y :where [_ :movie/year ?y]]", new QueryOptions(null, 8, 10), db);
        assertEquals(1, ((Set<?>) all).size());
    }

    @Test void timeout() {
        String rules = "[[(up ?x ?y) [(inc ?x) ?y]] [(up ?x ?y) [(inc ?x) ?z] (up ?z ?y)]]";
        AccreteException e = assertThrows(AccreteException.class,
                () -> Query.q("[:find ?y :in % ?x :where (up ?x ?y)]", QueryOptions.timeout(200), rules, 0L));
        assertEquals(QueryErrors.TIMEOUT, e.category());
        AccreteException e2 = assertThrows(AccreteException.class,
                () -> Query.q("[:find ?y :in % ?x :timeout 100 :where (up ?x ?y)]", rules, 0L));
        assertEquals(QueryErrors.TIMEOUT, e2.category());
    }

    // ---- pull --------------------------------------------------------------------------------

    @Test void pullInFind() {
        rel("[[{:movie/title \"Alien\" :movie/year 1979}]]", "[:find (pull ?m [:movie/title :movie/year]) :where [?m :movie/title \"Alien\"]]", db);
        scalar(Edn.read("{:person/born 1956}"), "[:find (pull ?e pattern) . :in $ pattern :where [?e :person/name \"Mel Gibson\"]]", db, Edn.read("[:person/born]"));
        coll("[{:movie/title \"Mad Max\"} {:movie/title \"Mad Max 2\"}]",
                "[:find [(pull ?m [:movie/title]) ...] :where [?m :movie/director [:person/name \"George Miller\"]]]", db);
        rel("[[\"Die Hard\" {:person/name \"John McTiernan\"}]]",
                "[:find ?t (pull $ ?d [:person/name]) :where [?m :movie/title \"Die Hard\"] [?m :movie/title ?t] [?m :movie/director ?d]]", db);
    }
}
