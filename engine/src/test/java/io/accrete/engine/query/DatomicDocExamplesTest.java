package io.accrete.engine.query;

import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.storage.Durability;
import io.accrete.engine.testing.TempDb;
import io.accrete.engine.tx.TxReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The examples of Datomic's query documentation (query reference, binding examples, the
 * monitoring-transactions and history examples), on a small slice of mbrainz-like data.
 */
class DatomicDocExamplesTest {
    static final String SCHEMA = """
        [{:db/ident :artist/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
         {:db/ident :artist/startYear :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :artist/startMonth :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :artist/startDay :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :artist/country :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
         {:db/ident :artist/type :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
         {:db/ident :artist/gender :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
         {:db/ident :country/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/value}
         {:db/ident :release/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
         {:db/ident :release/year :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :release/artists :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}
         {:db/ident :release/media :db/valueType :db.type/ref :db/cardinality :db.cardinality/many :db/isComponent true}
         {:db/ident :medium/format :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
         {:db/ident :medium/trackCount :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :medium/tracks :db/valueType :db.type/ref :db/cardinality :db.cardinality/many :db/isComponent true}
         {:db/ident :track/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
         {:db/ident :track/duration :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :track/artists :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}]""";

    static final String ENUMS = """
        [{:db/ident :country/GB :country/name "United Kingdom"} {:db/ident :country/US :country/name "United States"}
         {:db/ident :country/CA :country/name "Canada"}
         {:db/ident :artist.type/group} {:db/ident :artist.type/person}
         {:db/ident :artist.gender/female} {:db/ident :artist.gender/male}
         {:db/ident :medium.format/vinyl7} {:db/ident :medium.format/vinyl12} {:db/ident :medium.format/cd}]""";

    static final String DATA = """
        [{:db/id "lennon" :artist/name "John Lennon" :artist/startYear 1940 :artist/startMonth 10 :artist/startDay 9
          :artist/country :country/GB :artist/type :artist.type/person :artist/gender :artist.gender/male}
         {:db/id "mccartney" :artist/name "Paul McCartney" :artist/startYear 1942 :artist/country :country/GB
          :artist/type :artist.type/person :artist/gender :artist.gender/male}
         {:db/id "harrison" :artist/name "George Harrison" :artist/startYear 1943 :artist/country :country/GB
          :artist/type :artist.type/person :artist/gender :artist.gender/male}
         {:db/id "beatles" :artist/name "The Beatles" :artist/startYear 1957 :artist/country :country/GB :artist/type :artist.type/group}
         {:db/id "joni" :artist/name "Joni Mitchell" :artist/startYear 1943 :artist/country :country/CA
          :artist/type :artist.type/person :artist/gender :artist.gender/female}
         {:db/id "anon" :artist/name "Anonymous 4"}
         {:release/name "Imagine" :release/year 1971 :release/artists ["lennon"]
          :release/media [{:medium/format :medium.format/vinyl12 :medium/trackCount 2
                           :medium/tracks [{:track/name "Imagine" :track/duration 183000 :track/artists ["lennon"]}
                                           {:track/name "Jealous Guy" :track/duration 254000 :track/artists ["lennon"]}]}]}
         {:release/name "Mind Games" :release/year 1973 :release/artists ["lennon"]
          :release/media [{:medium/format :medium.format/vinyl7 :medium/trackCount 1
                           :medium/tracks [{:track/name "Mind Games" :track/duration 252000 :track/artists ["lennon"]}]}]}
         {:release/name "Ram" :release/year 1971 :release/artists ["mccartney"]
          :release/media [{:medium/format :medium.format/cd :medium/trackCount 1
                           :medium/tracks [{:track/name "Too Many People" :track/duration 250000 :track/artists ["mccartney"]}]}]}
         {:release/name "All Things Must Pass" :release/year 1970 :release/artists ["harrison"]
          :release/media [{:medium/format :medium.format/vinyl12 :medium/trackCount 2
                           :medium/tracks [{:track/name "My Sweet Lord" :track/duration 281000 :track/artists ["harrison"]}
                                           {:track/name "Isn't It a Pity" :track/duration 428000 :track/artists ["harrison"]}]}]}
         {:release/name "Let It Be" :release/year 1970 :release/artists ["beatles"]
          :release/media [{:medium/format :medium.format/vinyl12 :medium/trackCount 1
                           :medium/tracks [{:track/name "Let It Be" :track/duration 243000 :track/artists ["beatles"]}]}]}
         {:release/name "Blue" :release/year 1971 :release/artists ["joni"]
          :release/media [{:medium/format :medium.format/cd :medium/trackCount 1
                           :medium/tracks [{:track/name "A Case of You" :track/duration 260000 :track/artists ["joni"]}]}]}]""";

    static TempDb temp;
    static Db db;
    static TxReport data;

    @BeforeAll static void setUp() {
        temp = TempDb.open(ConnectionOptions.defaults().withDurability(Durability.NO_FSYNC));
        temp.tx(SCHEMA);
        temp.tx(ENUMS);
        data = temp.tx(DATA);
        db = temp.conn.db();
    }

    @AfterAll static void tearDown() { temp.close(); }

    static void rel(String expected, String query, Object... inputs) {
        assertEquals(Edn.read(expected), Query.q(query, inputs), query);
    }

    static long id(String name) {
        return (Long) Query.q("[:find ?e . :in $ ?n :where [?e :artist/name ?n]]", db, name);
    }

    // ---- binding forms -----------------------------------------------------------------------

    @Test void scalarBinding() {
        rel("#{[\"Imagine\"] [\"Mind Games\"]}",
                "[:find ?release-name :in $ ?artist-name :where [?artist :artist/name ?artist-name] [?release :release/artists ?artist] [?release :release/name ?release-name]]",
                db, "John Lennon");
    }

    @Test void tupleBinding() {
        Object r = Query.q("[:find ?release :in $ [?artist-name ?release-name] :where [?artist :artist/name ?artist-name] [?release :release/artists ?artist] [?release :release/name ?release-name]]",
                db, List.of("John Lennon", "Mind Games"));
        assertEquals(1, ((Set<?>) r).size());
    }

    @Test void collectionBinding() {
        rel("#{[\"Ram\"] [\"All Things Must Pass\"]}",
                "[:find ?release-name :in $ [?artist-name ...] :where [?artist :artist/name ?artist-name] [?release :release/artists ?artist] [?release :release/name ?release-name]]",
                db, List.of("Paul McCartney", "George Harrison"));
    }

    @Test void relationBinding() {
        Object r = Query.q("[:find ?release :in $ [[?artist-name ?release-name]] :where [?artist :artist/name ?artist-name] [?release :release/artists ?artist] [?release :release/name ?release-name]]",
                db, List.of(List.of("John Lennon", "Mind Games"), List.of("Paul McCartney", "Ram")));
        assertEquals(2, ((Set<?>) r).size());
    }

    @Test void bindingExamplesWithoutDatabase() {
        rel("#{[42]}", "[:find ?answer :in ?answer]", 42L);
        rel("#{[\"Doe\" \"John\"]}", "[:find ?last ?first :in [?last ?first]]", List.of("Doe", "John"));
        rel("#{[\"John\"] [\"Jane\"] [\"Phineas\"]}", "[:find ?first :in [?first ...]]", List.of("John", "Jane", "Phineas"));
        rel("#{[\"John\"] [\"Jane\"]}", "[:find ?first :in [[?first ?last]]]", List.of(List.of("John", "Doe"), List.of("Jane", "Doe")));
        rel("#{[\"John\"]}", "[:find ?first :where [_ :firstName ?first]]",
                List.of(List.of(1L, Keyword.of("firstName"), "John", 42L), List.of(1L, Keyword.of("lastName"), "Doe", 42L)));
        rel("#{[\"John\" 71]}", "[:find ?first ?height :in [?last ?first ?email] [?email ?height]]",
                List.of("Doe", "John", "jdoe@example.com"), List.of("jdoe@example.com", 71L));
        rel("#{[\"John\" 71] [\"Jane\" 73]}", "[:find ?first ?height :in [[?last ?first ?email]] [[?email ?height]]]",
                List.of(List.of("Doe", "John", "jdoe@example.com"), List.of("Doe", "Jane", "jane@example.com")),
                List.of(List.of("jane@example.com", 73L), List.of("jdoe@example.com", 71L)));
    }

    // ---- find specs --------------------------------------------------------------------------

    @Test void findSpecs() {
        assertEquals(1943L, Query.q("[:find ?year . :in $ ?name :where [?artist :artist/name ?name] [?artist :artist/startYear ?year]]", db, "George Harrison"));
        assertEquals(Set.of("Imagine", "Mind Games"), new HashSet<>((List<?>) Query.q(
                "[:find [?release-name ...] :in $ ?artist-name :where [?artist :artist/name ?artist-name] [?release :release/artists ?artist] [?release :release/name ?release-name]]",
                db, "John Lennon")));
        assertEquals(List.of(1940L, 10L, 9L), Query.q(
                "[:find [?year ?month ?day] :in $ ?name :where [?artist :artist/name ?name] [?artist :artist/startDay ?day] [?artist :artist/startMonth ?month] [?artist :artist/startYear ?year]]",
                db, "John Lennon"));
    }

    @Test void returnMaps() {
        Object r = Query.q("[:find ?artist-name ?release-name :keys artist release :where [?release :release/name ?release-name] [?release :release/artists ?artist] [?artist :artist/name ?artist-name] [(= ?release-name \"Ram\")]]", db);
        assertEquals(Set.of(Map.of(Keyword.of("artist"), "Paul McCartney", Keyword.of("release"), "Ram")), r);
    }

    // ---- not / or ----------------------------------------------------------------------------

    @Test void notClause() {
        assertEquals(5L, Query.q("[:find (count ?eid) . :where [?eid :artist/name] (not [?eid :artist/country :country/CA])]", db));
    }

    @Test void notJoinClause() {
        rel("#{[\"John Lennon\"] [\"Paul McCartney\"] [\"Joni Mitchell\"] [\"Anonymous 4\"]}",
                "[:find ?name :where [?artist :artist/name ?name] (not-join [?artist] [?release :release/artists ?artist] [?release :release/year 1970])]", db);
    }

    @Test void orClause() {
        assertEquals(3L, Query.q("[:find (count ?medium) . :where (or [?medium :medium/format :medium.format/vinyl7] [?medium :medium/format :medium.format/cd])]", db));
    }

    @Test void orWithAnd() {
        rel("#{[\"The Beatles\"] [\"Joni Mitchell\"]}",
                "[:find ?name :where [?artist :artist/name ?name] (or [?artist :artist/type :artist.type/group] (and [?artist :artist/type :artist.type/person] [?artist :artist/gender :artist.gender/female]))]", db);
    }

    @Test void orJoin() {
        rel("#{[\"All Things Must Pass\"] [\"Let It Be\"] [\"Blue\"]}",
                "[:find ?name :where [?release :release/name ?name] (or-join [?release] (and [?release :release/artists ?artist] [?artist :artist/country :country/CA]) [?release :release/year 1970])]", db);
    }

    // ---- expressions -------------------------------------------------------------------------

    @Test void predicateExpression() {
        rel("#{[\"John Lennon\" 1940] [\"Paul McCartney\" 1942]}", "[:find ?name ?year :where [?artist :artist/name ?name] [?artist :artist/startYear ?year] [(< ?year 1943)]]", db);
    }

    @Test void functionExpression() {
        rel("#{[\"Imagine\" 3] [\"Jealous Guy\" 4] [\"Mind Games\" 4]}",
                "[:find ?track-name ?minutes :in $ ?artist-name :where [?artist :artist/name ?artist-name] [?track :track/artists ?artist] [?track :track/duration ?millis] [(quot ?millis 60000) ?minutes] [?track :track/name ?track-name]]",
                db, "John Lennon");
    }

    @Test void getElse() {
        rel("#{[\"Paul McCartney\" 1942] [\"Anonymous 4\" \"N/A\"]}",
                "[:find ?artist-name ?year :in $ [?artist-name ...] :where [?artist :artist/name ?artist-name] [(get-else $ ?artist :artist/startYear \"N/A\") ?year]]",
                db, List.of("Paul McCartney", "Anonymous 4"));
    }

    @Test void getSome() {
        long gb = db.entid(Keyword.of("country/GB"));
        long countryName = db.attribute(Keyword.of("country/name")).id();
        rel("#{[" + gb + " " + countryName + " \"United Kingdom\"]}",
                "[:find ?e ?attr ?name :in $ ?e :where [(get-some $ ?e :country/name :artist/name) [?attr ?name]]]", db, gb);
    }

    @Test void missing() {
        rel("#{[\"Anonymous 4\"]}", "[:find ?name :where [?artist :artist/name ?name] [(missing? $ ?artist :artist/startYear)]]", db);
    }

    @Test void groundTupleUntuple() {
        rel("#{[:a] [:b]}", "[:find ?x :where [(ground [:a :b]) [?x ...]]]");
        rel("#{[[1 2]]}", "[:find ?tup :in ?a ?b :where [(tuple ?a ?b) ?tup]]", 1L, 2L);
        rel("#{[2]}", "[:find ?b :in ?tup :where [(untuple ?tup) [?a ?b]]]", List.of(1L, 2L));
    }

    @Test void javaMethods() {
        rel("#{[\"Jealous Guy\"]}", "[:find ?name :where [?t :track/name ?name] [(.endsWith ?name \"Guy\")]]", db);
        rel("#{[5]}", "[:find ?a :in ?x :where [(java.lang.Math/abs ?x) ?a]]", -5L);
        rel("#{[5]}", "[:find ?a :in ?x :where [(Math/abs ?x) ?a]]", -5L);
    }

    // ---- aggregates --------------------------------------------------------------------------

    @Test void aggregates() {
        rel("#{[183000 428000]}", "[:find (min ?dur) (max ?dur) :where [_ :track/duration ?dur]]", db);
        assertEquals(8L, Query.q("[:find (sum ?count) . :with ?medium :where [?medium :medium/trackCount ?count]]", db));
        rel("#{[5 4]}", "[:find (count ?year) (count-distinct ?year) :with ?artist :where [?artist :artist/startYear ?year]]", db);
        rel("#{[1970 #{\"All Things Must Pass\" \"Let It Be\"}] [1971 #{\"Imagine\" \"Ram\" \"Blue\"}] [1973 #{\"Mind Games\"}]}",
                "[:find ?year (distinct ?name) :where [?r :release/year ?year] [?r :release/name ?name]]", db);
        Object r = Query.q("[:find ?year (median ?namelen) (avg ?namelen) (stddev ?namelen) :with ?track "
                + ":where [?track :track/name ?name] [(count ?name) ?namelen] [?medium :medium/tracks ?track] "
                + "[?release :release/media ?medium] [?release :release/year ?year] [(= ?year 1973)]]", db);
        assertEquals(Set.of(List.of(1973L, 10L, 10.0, 0.0)), r);
    }

    // ---- rules -------------------------------------------------------------------------------

    @Test void rules() {
        String rules = "[[(track-info ?artist ?name ?duration) [?track :track/artists ?artist] [?track :track/name ?name] [?track :track/duration ?duration]]]";
        rel("#{[\"Too Many People\" 250000]}", "[:find ?name ?duration :in $ % ?aname :where [?artist :artist/name ?aname] (track-info ?artist ?name ?duration)]",
                db, rules, "Paul McCartney");
        String either = "[[(north-america ?artist) [?artist :artist/country :country/CA]] [(north-america ?artist) [?artist :artist/country :country/US]]]";
        rel("#{[\"Joni Mitchell\"]}", "[:find ?name :in $ % :where (north-america ?a) [?a :artist/name ?name]]", db, either);
    }

    // ---- transactions and history ------------------------------------------------------------

    @Test void monitoringTransactions() {
        try (TempDb t = TempDb.open(ConnectionOptions.defaults().withDurability(Durability.NO_FSYNC))) {
            t.tx(SCHEMA);
            TxReport report = t.tx("[{:artist/name \"Bob Dylan\" :artist/startYear 1941}]");
            Object r = Query.q("[:find ?e ?aname ?v ?added :in $ [[?e ?a ?v _ ?added]] :where [?e ?a ?v _ ?added] [?a :db/ident ?aname]]",
                    report.dbAfter(), report.txData());
            Set<?> rows = (Set<?>) r;
            assertTrue(rows.contains(List.of(report.txData().stream().filter(d -> "Bob Dylan".equals(d.v())).findFirst().orElseThrow().e(),
                    Keyword.of("artist/name"), "Bob Dylan", true)), rows.toString());
            assertTrue(rows.stream().anyMatch(x -> ((List<?>) x).get(1).equals(Keyword.of("db/txInstant"))));
        }
    }

    @Test void historyAsOfSince() {
        try (TempDb t = TempDb.open(ConnectionOptions.defaults().withDurability(Durability.NO_FSYNC))) {
            t.tx(SCHEMA);
            TxReport first = t.tx("[{:db/id \"a\" :artist/name \"Prince\"}]");
            long e = first.tempid("a");
            TxReport second = t.tx("[[:db/add " + e + " :artist/name \"The Artist\"]]");
            TxReport third = t.tx("[[:db/add " + e + " :artist/name \"Prince\"]]");
            Db now = t.conn.db();
            Object hist = Query.q("[:find ?v ?tx ?added :in $ ?e :where [?e :artist/name ?v ?tx ?added]]", now.history(), e);
            long tx1 = first.txData().get(0).tx(), tx2 = second.txData().get(0).tx(), tx3 = third.txData().get(0).tx();
            assertEquals(Set.of(List.of("Prince", tx1, true), List.of("Prince", tx2, false), List.of("The Artist", tx2, true),
                    List.of("The Artist", tx3, false), List.of("Prince", tx3, true)), hist);
            assertEquals("The Artist", Query.q("[:find ?v . :in $ ?e :where [?e :artist/name ?v]]", now.asOf(second.t()), e));
            assertEquals(Set.of(List.of("Prince")), Query.q("[:find ?v :in $ ?e :where [?e :artist/name ?v]]", now.since(second.t()), e));
            assertEquals(Set.of(List.of("The Artist")), Query.q("[:find ?v :in $ $h ?e :where [$h ?e :artist/name ?v _ false] [$ ?e :artist/name \"Prince\"] [(!= ?v \"Prince\")]]",
                    now, now.history(), e));
        }
    }
}
