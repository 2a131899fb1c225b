package io.accrete.engine.pull;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.tx.TxReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static io.accrete.engine.pull.MusicFixture.edn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The entity view, checked against what Datomic's d/entity gives for the same data. */
class EntityTest {
    static MusicFixture f;
    static Db db;

    @BeforeAll static void setUp() {
        f = new MusicFixture();
        db = f.db();
    }

    @AfterAll static void tearDown() { f.close(); }

    static Keyword k(String s) { return Keyword.of(s); }

    @Test void attributesAndId() {
        Entity ann = Entity.of(db, f.id("ann"));
        assertEquals(f.id("ann"), ann.id());
        assertSame(db, ann.db());
        assertEquals(f.id("ann"), ann.get(k("db/id")));
        assertEquals("Ann", ann.get(k("person/name")));
        assertEquals("Ann", ann.get(":person/name"));
        assertEquals("Ann", ann.get("person/name"));
        assertEquals(30L, ann.get(k("person/age")));
        assertEquals(Set.of("A", "Annie"), ann.get(k("person/aka")));
        assertNull(ann.get(k("person/enemy")));
        assertNull(ann.get(k("no/such")));
        assertNull(ann.get(42));
        assertEquals(Set.of(k("person/name"), k("person/aka"), k("person/age"), k("person/friend"), k("person/spouse"), k("person/address")), ann.keySet());
        assertEquals(6, ann.size());
        assertTrue(ann.containsKey(k("person/name")));
        assertFalse(ann.containsKey(k("person/enemy")));
    }

    @Test void refsAreEntitiesAndEnumsKeywords() {
        Entity ann = Entity.of(db, f.id("ann"));
        Entity bob = assertInstanceOf(Entity.class, ann.get(k("person/spouse")));
        assertEquals("Bob", bob.get(k("person/name")));
        Set<?> friends = (Set<?>) ann.get(k("person/friend"));
        assertEquals(Set.of(Entity.of(db, f.id("bob")), Entity.of(db, f.id("cid"))), friends);
        // Datomic: a ref to an entity with an ident reads as the keyword.
        Entity zep = Entity.of(db, f.id("zep"));
        assertEquals(k("country/GB"), zep.get(k("artist/country")));
        assertEquals(k("db.type/string"), Entity.of(db, k("person/name")).get(k("db/valueType")));
        assertEquals(k("country/GB"), Entity.of(db, k("country/GB")).get(k("db/ident")));
    }

    @Test void reverseNavigation() {
        Entity cid = Entity.of(db, f.id("cid"));
        assertEquals(Set.of(Entity.of(db, f.id("ann")), Entity.of(db, f.id("bob"))), cid.get(k("person/_friend")));
        assertNull(Entity.of(db, f.id("zep")).get(k("person/_friend")));
        Entity address = (Entity) Entity.of(db, f.id("ann")).get(k("person/address"));
        assertEquals(Entity.of(db, f.id("ann")), address.get(k("person/_address")));
        Set<?> tracks = (Set<?>) Entity.of(db, f.id("zep")).get(k("track/_artists"));
        assertEquals(13, tracks.size());
        // Reverse keys are navigable but not listed, as in Datomic.
        assertFalse(cid.keySet().contains(k("person/_friend")));
    }

    @Test void designators() {
        assertEquals("Ann", Entity.of(db, edn("[:person/name \"Ann\"]")).get(k("person/name")));
        assertNull(Entity.of(db, edn("[:person/name \"Nobody\"]")));
        assertNull(Entity.of(db, k("no/such-ident")));
        Entity ghost = Entity.of(db, 999999L);
        assertTrue(ghost.isEmpty());
        assertEquals(999999L, ghost.get(k("db/id")));
    }

    @Test void touchLoadsComponentsAndPrints() {
        Entity ann = Entity.of(db, f.id("ann")).touch();
        String printed = ann.toString();
        assertTrue(printed.contains(":address/street \"Main St\""), printed);
        assertTrue(printed.contains(":person/spouse {:db/id " + f.id("bob") + "}"), printed);
        assertEquals(printed, Edn.print(ann));
        assertEquals("{:db/id " + f.id("bob") + "}", Entity.of(db, f.id("bob")).toString());
        // A component that owns its owner back does not loop.
        TxReport r = f.tdb.tx("[{:db/id \"h\" :person/name \"H\" :person/address \"ad\"} {:db/id \"ad\" :address/street \"S\" :address/owner \"h\"}]");
        Entity h = Entity.of(r.dbAfter(), r.tempid("h")).touch();
        assertTrue(h.toString().contains(":address/owner {:db/id " + r.tempid("h") + "}"), h.toString());
    }

    @Test void readOnlyAndEqualById() {
        Entity ann = Entity.of(db, f.id("ann"));
        assertThrows(UnsupportedOperationException.class, () -> ann.put(k("person/name"), "x"));
        assertThrows(UnsupportedOperationException.class, () -> ann.remove(k("person/name")));
        assertThrows(UnsupportedOperationException.class, () -> ann.entrySet().clear());
        assertThrows(UnsupportedOperationException.class, () -> ((Set<?>) ann.get(k("person/aka"))).clear());
        assertEquals(Entity.of(db, f.id("ann")), ann);
        assertEquals(ann.hashCode(), Entity.of(db, f.id("ann")).hashCode());
        assertNotEquals(Entity.of(db, f.id("bob")), ann);
        assertNotEquals(Map.of(), ann);
    }

    @Test void asOfView() {
        TxReport before = f.tdb.tx("[{:db/id \"t\" :person/name \"Tess\" :person/age 20}]");
        long tess = before.tempid("t");
        TxReport after = f.tdb.tx(String.format("[[:db/add %d :person/age 21]]", tess));
        assertEquals(21L, Entity.of(after.dbAfter(), tess).get(k("person/age")));
        assertEquals(20L, Entity.of(after.dbAfter().asOf(before.t()), tess).get(k("person/age")));
        assertNull(Entity.of(after.dbAfter().asOf(before.t() - 1), tess).get(k("person/name")));
        assertEquals(Set.of(k("person/age")), Entity.of(after.dbAfter().since(before.t()), tess).keySet());
    }

    @Test void entityIsLazyAndFixedToItsValue() {
        TxReport r = f.tdb.tx("[{:db/id \"l\" :person/name \"Lazy\"}]");
        Entity lazy = Entity.of(r.dbAfter(), r.tempid("l"));
        f.tdb.tx(String.format("[[:db/add %d :person/age 99]]", r.tempid("l")));
        // Loaded after the write, but reads its own database value.
        assertNull(lazy.get(k("person/age")));
        assertEquals(99L, Entity.of(f.db(), r.tempid("l")).get(k("person/age")));
    }
}
