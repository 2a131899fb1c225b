package io.accrete.engine.pull;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.accrete.engine.pull.MusicFixture.edn;
import static io.accrete.engine.pull.MusicFixture.map;
import static io.accrete.engine.pull.PullAssert.assertPull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The examples of Datomic's pull documentation (and the :as announcement), on a small mbrainz slice. */
class PullDocExamplesTest {
    static MusicFixture f;
    static Db db;

    @BeforeAll static void setUp() {
        f = new MusicFixture();
        db = f.db();
    }

    @AfterAll static void tearDown() { f.close(); }

    static Map<Keyword, Object> pull(String pattern, Object eid) { return Pull.pull(db, pattern, eid); }

    @Test void attributeNames() {
        assertPull(map("{:artist/name \"Led Zeppelin\" :artist/startYear 1968}"),
                pull("[:artist/name :artist/startYear]", f.id("zep")));
    }

    @Test void dbIdIsAnAttributeName() {
        assertPull(map("{:db/id %d :artist/name \"Led Zeppelin\"}", f.id("zep")), pull("[:db/id :artist/name]", f.id("zep")));
    }

    @Test void patternAsJavaString() {
        assertEquals(pull("[*]", f.id("zep")), Pull.pull(db, edn("[*]"), f.id("zep")));
    }

    @Test void reverseLookup() {
        assertPull(map("{:artist/_country [{:db/id %d} {:db/id %d} {:db/id %d}]}", f.id("zep"), f.id("macca"), f.id("george")),
                pull("[:artist/_country]", Keyword.of("country/GB")));
    }

    @Test void mapSpecifications() {
        assertPull(map("""
                {:track/name "Ghost Riders in the Sky"
                 :track/artists [{:db/id %d :artist/name "Bob Dylan"} {:db/id %d :artist/name "George Harrison"}]}""",
                        f.id("dylan"), f.id("george")),
                pull("[:track/name {:track/artists [:db/id :artist/name]}]", f.id("ghost")));
    }

    @Test void nestedMapSpecifications() {
        assertPull(map("""
                {:release/media
                 [{:medium/tracks [{:track/name "George Harrison / Ravi Shankar Introduction" :track/artists [{:artist/name "George Harrison"}]}
                                   {:track/name "Wah-Wah" :track/artists [{:artist/name "George Harrison"}]}]}
                  {:medium/tracks [{:track/name "Just Like a Woman" :track/artists [{:artist/name "Bob Dylan"} {:artist/name "George Harrison"}]}]}]}"""),
                pull("[{:release/media [{:medium/tracks [:track/name {:track/artists [:artist/name]}]}]}]", f.id("bangla")));
    }

    @Test void componentAttributesAreExpandedByDefault() {
        long medium = f.lookup("medium/tracks", f.id("ghost"));
        assertPull(map("""
                {:release/media [{:db/id %d :medium/position 1 :medium/format {:db/id %d}
                                  :medium/tracks [{:db/id %d :track/name "Ghost Riders in the Sky" :track/position 11
                                                   :track/artists [{:db/id %d} {:db/id %d}]}]}]}""",
                        medium, f.ident("medium.format/cd"), f.id("ghost"), f.id("dylan"), f.id("george")),
                pull("[:release/media]", f.id("sessions")));
    }

    @Test void wildcard() {
        assertPull(map("""
                {:db/id %d :track/name "Ghost Riders in the Sky" :track/position 11 :track/artists [{:db/id %d} {:db/id %d}]}""",
                        f.id("ghost"), f.id("dylan"), f.id("george")),
                pull("[*]", f.id("ghost")));
    }

    @Test void wildcardWithComponentsExpandsThemRecursively() {
        Map<Keyword, Object> r = pull("[*]", f.id("bangla"));
        List<?> media = (List<?>) r.get(Keyword.of("release/media"));
        assertEquals(2, media.size());
        for (Object m : media) {
            Map<?, ?> medium = (Map<?, ?>) m;
            assertEquals(Map.of(Keyword.of("db/id"), f.ident("medium.format/vinyl")), medium.get(Keyword.of("medium/format")));
            for (Object t : (List<?>) medium.get(Keyword.of("medium/tracks"))) {
                Map<?, ?> track = (Map<?, ?>) t;
                assertEquals(List.of(Keyword.of("db/id"), Keyword.of("track/artists"), Keyword.of("track/name"), Keyword.of("track/position")),
                        track.keySet().stream().sorted().toList());
            }
        }
        assertEquals(List.of(Map.of(Keyword.of("db/id"), f.id("george"))), r.get(Keyword.of("release/artists")));
        assertEquals(Map.of(Keyword.of("db/id"), f.ident("country/US")), r.get(Keyword.of("release/country")));
    }

    @Test void wildcardCombinedWithMapSpec() {
        assertPull(map("""
                {:db/id %d :track/name "Ghost Riders in the Sky" :track/position 11
                 :track/artists [{:artist/name "Bob Dylan"} {:artist/name "George Harrison"}]}""", f.id("ghost")),
                pull("[* {:track/artists [:artist/name]}]", f.id("ghost")));
    }

    @Test void defaultExpressions() {
        assertPull(map("{:artist/name \"Paul McCartney\" :artist/endYear 0}"), pull("[:artist/name (:artist/endYear :default 0)]", f.id("macca")));
        assertPull(map("{:artist/name \"Paul McCartney\" :artist/endYear \"N/A\"}"), pull("[:artist/name (:artist/endYear :default \"N/A\")]", f.id("macca")));
        assertPull(map("{:artist/name \"Paul McCartney\" :artist/endYear 0}"), pull("[:artist/name [:artist/endYear :default 0]]", f.id("macca")));
        assertPull(map("{:artist/name \"Led Zeppelin\" :artist/endYear 1980}"), pull("[:artist/name (:artist/endYear :default 0)]", f.id("zep")));
    }

    @Test void absentAttributesAreOmitted() {
        assertPull(map("{:artist/name \"Paul McCartney\"}"), pull("[:artist/name :died-in-1966?]", f.id("macca")));
    }

    @Test void limitExpressions() {
        assertEquals(10, ((List<?>) pull("[(:track/_artists :limit 10)]", f.id("zep")).get(Keyword.of("track/_artists"))).size());
        assertEquals(13, ((List<?>) pull("[:track/_artists]", f.id("zep")).get(Keyword.of("track/_artists"))).size());
        List<?> named = (List<?>) pull("[{(:track/_artists :limit 10) [:track/name]}]", f.id("zep")).get(Keyword.of("track/_artists"));
        assertEquals(10, named.size());
        for (Object t : named) assertEquals(1, ((Map<?, ?>) t).size());
        assertEquals(13, ((List<?>) pull("[(:track/_artists :limit nil)]", f.id("zep")).get(Keyword.of("track/_artists"))).size());
        assertEquals(13, ((List<?>) pull("[[:track/_artists :limit nil]]", f.id("zep")).get(Keyword.of("track/_artists"))).size());
    }

    @Test void legacyLimitAndDefaultExpressions() {
        assertEquals(10, ((List<?>) pull("[(limit :track/_artists 10)]", f.id("zep")).get(Keyword.of("track/_artists"))).size());
        assertEquals(10, ((List<?>) pull("[[\"limit\" :track/_artists 10]]", f.id("zep")).get(Keyword.of("track/_artists"))).size());
        assertPull(map("{:artist/name \"Paul McCartney\" :artist/endYear 0}"), pull("[:artist/name (default :artist/endYear 0)]", f.id("macca")));
        List<?> named = (List<?>) pull("[{(limit :track/_artists 2) [:track/name]}]", f.id("zep")).get(Keyword.of("track/_artists"));
        assertEquals(2, named.size());
    }

    @Test void emptyResultsAreNil() {
        assertNull(pull("[:penguins]", f.id("zep")));
        assertNull(pull("[:artist/endYear]", f.id("macca")));
    }

    @Test void asRenamesKeys() {
        assertPull(map("{\"Band Name\" \"Led Zeppelin\"}"), pull("[[:artist/name :as \"Band Name\"]]", f.id("zep")));
        // The :as announcement: the first track by entity id.
        long firstTrack = f.db().datoms(io.accrete.engine.index.Index.VAET, f.id("zep"), Keyword.of("track/artists")).iterator().next().e();
        String name = (String) Pull.pull(db, "[:track/name]", firstTrack).get(Keyword.of("track/name"));
        assertPull(map("{:track/_artists [{:db/id %d}]}", firstTrack), pull("[[:track/_artists :limit 1]]", f.id("zep")));
        assertPull(map("{:track/_artists [{:track/name \"%s\"}]}", name), pull("[{[:track/_artists :limit 1] [:track/name]}]", f.id("zep")));
        assertPull(map("{\"Tracks\" [{\"Name\" \"%s\"}]}", name),
                pull("[{[:track/_artists :limit 1 :as \"Tracks\"] [[:track/name :as \"Name\"]]}]", f.id("zep")));
    }

    @Test void xformBuiltIn() {
        assertPull(map("{:artist/name \"Led Zeppelin\" :artist/startYear \"1968\"}"), pull("[:artist/name [:artist/startYear :xform str]]", f.id("zep")));
    }

    @Test void entityIdentifiersOfEveryKind() {
        Map<Keyword, Object> byId = pull("[:artist/name]", f.id("zep"));
        assertEquals(byId, Pull.pull(db, "[:artist/name]", edn("[:artist/gid #uuid \"%s\"]", MusicFixture.ZEPPELIN_GID)));
        assertPull(map("{:db/id %d :db/ident :country/GB :country/name \"United Kingdom\"}", f.ident("country/GB")),
                pull("[*]", Keyword.of("country/GB")));
    }

    @Test void pullMany() {
        assertEquals(List.of(map("{:artist/name \"Led Zeppelin\"}"), map("{:artist/name \"Jimi Hendrix\"}"), map("{:artist/name \"Janis Joplin\"}")),
                Pull.pullMany(db, "[:artist/name]", List.of(f.id("zep"), f.id("jimi"), f.id("janis"))));
    }

    @Test void enumValuesThroughDbIdent() {
        assertPull(map("{:artist/country {:db/ident :country/GB}}"), pull("[{:artist/country [:db/ident]}]", f.id("zep")));
        assertPull(map("{:release/country {:db/id %d :db/ident :country/US :country/name \"United States\"}}", f.ident("country/US")),
                pull("[{:release/country [*]}]", f.id("bangla")));
    }

    @Test void recursionWithADepthLimit() {
        // Day of Datomic's pull_recursion: names of friends, three hops out.
        assertPull(map("""
                {:person/name "Ann"
                 :person/friend [{:person/name "Bob" :person/friend [{:person/name "Cid" :person/friend [{:person/name "Dan"}]}]}
                                 {:person/name "Cid" :person/friend [{:person/name "Dan" :person/friend [{:person/name "Eve"}]}]}]}"""),
                pull("[:person/name {:person/friend 3}]", f.id("ann")));
    }

    @Test void wildcardWithRecursion() {
        Map<Keyword, Object> r = pull("[* {:person/friend 1}]", f.id("bob"));
        assertPull(map("""
                {:db/id %d :person/name "Bob" :person/age 41 :person/enemy [{:db/id %d}]
                 :person/friend [{:db/id %d :person/name "Cid" :person/enemy [{:db/id %d}] :person/friend [{:db/id %d}]}]}""",
                        f.id("bob"), f.id("dan"), f.id("cid"), f.id("ann"), f.id("dan")), r);
    }
}
