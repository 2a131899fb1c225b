package io.accrete.engine.pull;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.tx.TxReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.accrete.engine.pull.MusicFixture.edn;
import static io.accrete.engine.pull.MusicFixture.map;
import static io.accrete.engine.pull.PullAssert.assertPull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Missing entities, enums, schema entities, time views, odd attribute names, data patterns, caching. */
class PullEdgeCasesTest {
    static MusicFixture f;
    static Db db;

    @BeforeAll static void setUp() {
        f = new MusicFixture();
        db = f.db();
    }

    @AfterAll static void tearDown() { f.close(); }

    static Map<Keyword, Object> pull(String pattern, Object eid) { return Pull.pull(db, pattern, eid); }

    @Test void entitiesWithoutDatoms() {
        // Datomic: * and :db/id answer with the id even when nothing is there; anything else is nil.
        assertPull(map("{:db/id 999999}"), pull("[*]", 999999L));
        assertPull(map("{:db/id 999999}"), pull("[:db/id]", 999999L));
        assertNull(pull("[:person/name]", 999999L));
        assertPull(map("{:person/age 1}"), pull("[(:person/age :default 1)]", 999999L));
        // An ident or lookup ref that names nothing: the :db/id asked for is nil (checked on the peer).
        assertEquals(java.util.Collections.singletonMap(Keyword.of("db/id"), null), pull("[*]", edn("[:person/name \"Nobody\"]")));
        assertEquals(java.util.Collections.singletonMap(Keyword.of("db/id"), null), pull("[*]", Keyword.of("no/such-ident")));
        assertNull(pull("[:person/name]", Keyword.of("no/such-ident")));
        assertEquals(Arrays.asList(map("{:person/name \"Ann\"}"), null, null),
                Pull.pullMany(db, "[:person/name]", List.of(f.id("ann"), f.id("zep"), edn("[:person/name \"Nobody\"]"))));
    }

    @Test void entityIdForms() {
        Map<Object, Object> expected = map("{:person/name \"Ann\"}");
        long attrId = db.entid(Keyword.of("person/name"));
        assertEquals(Map.of(Keyword.of("db/ident"), Keyword.of("person/name")), pull("[:db/ident]", (int) attrId));
        assertEquals(expected, pull("[:person/name]", edn("[:person/name \"Ann\"]")));
        assertEquals(expected, pull("[:person/name]", Entity.of(db, f.id("ann"))));
        // As the peer: text names an ident only with its colon; a lookup ref on an unknown ident names no entity.
        assertEquals(Map.of(Keyword.of("db/ident"), Keyword.of("person/name")), pull("[:db/ident]", ":person/name"));
        AccreteException e = assertThrows(AccreteException.class, () -> pull("[*]", "Ann"));
        assertEquals(Errors.NOT_A_KEYWORD, e.category());
        assertEquals(Errors.NOT_AN_ENTITY, assertThrows(AccreteException.class, () -> pull("[*]", edn("[:no/such \"x\"]"))).category());
        assertEquals(Errors.NOT_AN_ATTRIBUTE, assertThrows(AccreteException.class, () -> pull("[*]", List.of(attrId + 1000, "x"))).category());
        assertEquals(Errors.LOOKUP_REF_ATTR_NOT_UNIQUE, assertThrows(AccreteException.class, () -> pull("[*]", edn("[:person/age 30]"))).category());
    }

    @Test void enumRefsPullAsIdsLikeAnyRef() {
        // The Datomic peer gives {:db/id n} for enum refs, in * as for names; [:db/ident] shows the keyword.
        assertPull(map("{:artist/country {:db/id %d} :artist/type {:db/id %d}}", f.ident("country/GB"), f.ident("artist.type/group")),
                pull("[:artist/country :artist/type]", f.id("zep")));
        assertPull(map("{:artist/type {:db/ident :artist.type/group}}"), pull("[{:artist/type [:db/ident]}]", f.id("zep")));
        assertPull(map("{:db/id %d :db/ident :artist.type/group}", f.ident("artist.type/group")), pull("[*]", Keyword.of("artist.type/group")));
    }

    @Test void schemaEntities() {
        assertPull(map("{:db/ident :person/name}"), pull("[:db/ident]", Keyword.of("person/name")));
        Map<Keyword, Object> attr = pull("[*]", Keyword.of("person/friend"));
        assertEquals(Keyword.of("person/friend"), attr.get(Keyword.of("db/ident")));
        assertEquals(Map.of(Keyword.of("db/id"), db.entid(Keyword.of("db.cardinality/many"))), attr.get(Keyword.of("db/cardinality")));
    }

    @Test void historyIsRefusedAsInDatomic() {
        AccreteException e = assertThrows(AccreteException.class, () -> Pull.pull(db.history(), "[*]", f.id("ann")));
        assertEquals(Errors.INVALID_ARGUMENT, e.category());
        assertThrows(AccreteException.class, () -> Entity.of(db.history(), f.id("ann")));
    }

    @Test void asOfAndSince() {
        TxReport before = f.tdb.tx("[{:db/id \"t\" :person/name \"Tim\" :person/age 20 :person/aka [\"T\"]}]");
        long tim = before.tempid("t");
        TxReport after = f.tdb.tx(String.format("[[:db/add %d :person/age 21] [:db/add %d :person/aka \"Timmy\"] [:db/retract %d :person/aka \"T\"]]", tim, tim, tim));
        Db now = after.dbAfter();
        assertPull(map("{:db/id %d :person/name \"Tim\" :person/age 21 :person/aka [\"Timmy\"]}", tim), Pull.pull(now, "[*]", tim));
        assertPull(map("{:db/id %d :person/name \"Tim\" :person/age 20 :person/aka [\"T\"]}", tim), Pull.pull(now.asOf(before.t()), "[*]", tim));
        assertPull(map("{:db/id %d}", tim), Pull.pull(now.asOf(before.t() - 1), "[*]", tim));
        assertNull(Pull.pull(now.asOf(before.t() - 1), "[:person/name]", tim));
        assertPull(map("{:db/id %d :person/age 21 :person/aka [\"Timmy\"]}", tim), Pull.pull(now.since(before.t()), "[*]", tim));
        // A lookup ref resolves in the view too: Tim did not exist yet, so it names nothing.
        assertEquals(java.util.Collections.singletonMap(Keyword.of("db/id"), null),
                Pull.pull(now.asOf(before.t() - 1), "[*]", edn("[:person/name \"Tim\"]")));
        assertNull(Pull.pull(now.asOf(before.t() - 1), "[:person/name]", edn("[:person/name \"Tim\"]")));
    }

    @Test void underscoreNames() {
        f.tdb.tx("[{:db/ident :thing/_odd :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]");
        TxReport r = f.tdb.tx("[[:db/add \"x\" :thing/_odd \"forward after all\"] [:db/add \"x\" :person/name \"Odd\"]]");
        Db d = r.dbAfter();
        long x = r.tempid("x");
        assertPull(map("{:thing/_odd \"forward after all\"}"), Pull.pull(d, "[:thing/_odd]", x));
        // Only refs point back: the reverse of a string attribute never has values.
        assertNull(Pull.pull(d, "[:person/_name]", x));
    }

    @Test void patternsAsJavaData() {
        Object pattern = List.of(Keyword.of("person/name"),
                Map.of(Keyword.of("person/friend"), List.of(Keyword.of("person/name"))),
                List.of(Keyword.of("person/age"), Keyword.of("default"), 0L));
        assertPull(map("{:person/name \"Bob\" :person/friend [{:person/name \"Cid\"}] :person/age 41}"), Pull.pull(db, pattern, f.id("bob")));
        assertPull(map("{:person/name \"Bob\"}"), Pull.pull(db, List.of(":person/name"), f.id("bob")));
        assertPull(map("{:db/id %d :person/name \"Bob\" :person/age 41 :person/friend [{:db/id %d}] :person/enemy [{:db/id %d}]}",
                f.id("bob"), f.id("cid"), f.id("dan")), Pull.pull(db, List.of("*"), f.id("bob")));
    }

    @Test void resultsAreValues() {
        Map<Keyword, Object> r = pull("[:person/name :person/aka {:person/friend [:person/name]}]", f.id("ann"));
        assertThrows(UnsupportedOperationException.class, () -> r.put(Keyword.of("x"), 1));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) r.get(Keyword.of("person/aka"))).add("x"));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) r.get(Keyword.of("person/friend"))).clear());
        assertThrows(UnsupportedOperationException.class, () -> Pull.pullMany(db, "[:person/name]", List.of(f.id("ann"))).clear());
    }

    @Test void parsedPatternsAreCachedByForm() {
        PullPattern a = Pull.parse("[:person/name {:person/friend [:person/name]}]");
        assertSame(a, Pull.parse("[:person/name {:person/friend [:person/name]}]"));
        Object form = edn("[:person/name {:person/friend [:person/name]}]");
        PullPattern b = Pull.parse(form);
        assertSame(b, Pull.parse(edn("[:person/name {:person/friend [:person/name]}]")));
        assertSame(b, Pull.parse(b));
        assertEquals(form, b.form());
        assertEquals(pull("[:person/name]", f.id("ann")), Pull.pull(db, Pull.parse("[:person/name]"), f.id("ann")));
    }

    @Test void resolutionFollowsSchemaChanges() {
        PullPattern p = Pull.parse("[:late/attr]");
        assertNull(Pull.pull(db, p, f.id("ann")));
        TxReport r = f.tdb.tx("[{:db/ident :late/attr :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]");
        f.tdb.tx(String.format("[[:db/add %d :late/attr 7]]", f.id("ann")));
        assertPull(map("{:late/attr 7}"), Pull.pull(f.db(), p, f.id("ann")));
        assertNull(Pull.pull(r.dbBefore(), p, f.id("ann")));
    }
}
