package io.accrete.engine.db;

import io.accrete.engine.data.Edn;
import io.accrete.engine.index.Index;
import io.accrete.engine.pull.Entity;
import io.accrete.engine.pull.Pull;
import io.accrete.engine.query.Query;
import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * No entity has a negative id. The scans use -1 for "any entity", so an id of -1 coming from a
 * caller once matched every entity; it must match none, wherever an entity id is taken.
 */
class NegativeEntityIdTest {
    static TempDb temp;
    static Db db;

    @BeforeAll static void setUp() {
        temp = TempDb.open();
        temp.tx("[{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]");
        db = temp.tx("[{:p/name \"ann\"} {:p/name \"bob\"}]").dbAfter();
    }

    @AfterAll static void tearDown() { temp.close(); }

    @Test void aQueryBindingMinusOneFindsNothing() {
        String q = "[:find ?n :in $ ?e :where [?e :p/name ?n]]";
        assertEquals(Set.of(), Query.q(q, db, -1L));
        assertEquals(Set.of(), Query.q(q, db, -2L));
        assertEquals(Set.of(), Query.q("[:find ?n :where [-1 :p/name ?n]]", db));
        assertEquals(Edn.read("#{[\"ann\"] [\"bob\"]}"), Query.q("[:find ?n :where [?e :p/name ?n]]", db));
    }

    @Test void datomsEntityAndPullOfMinusOneAreEmpty() {
        assertFalse(db.datoms(Index.EAVT, -1L).iterator().hasNext());
        assertFalse(db.datoms(Index.EAVT, -1L, Edn.read(":p/name")).iterator().hasNext());
        assertNull(db.entid(-1L));
        assertNull(Entity.of(db, -1L));
        // As Datomic: the id asked for, and nothing else (-1 must not match every entity).
        assertEquals(Edn.read("{:db/id -1}"), Pull.pull(db, Edn.read("[*]"), -1L));
        assertNull(Pull.pull(db, Edn.read("[:p/name]"), -1L));
    }

    @Test void getElseGetSomeAndMissingOfANegativeIdSeeNoValue() {
        assertEquals("none", Query.q("[:find ?n . :in $ ?e :where [(get-else $ ?e :p/name \"none\") ?n]]", db, -5L));
        assertEquals("none", Query.q("[:find ?n . :in $ ?e :where [(get-else $ ?e :p/name \"none\") ?n]]", db, -1L));
        assertNull(Query.q("[:find ?n . :in $ ?e :where [(get-some $ ?e :p/name) ?n]]", db, -1L));
        assertEquals(true, Query.q("[:find ?m . :in $ ?e :where [(missing? $ ?e :p/name) ?m]]", db, -1L));
        assertEquals(true, Query.q("[:find ?m . :in $ ?e :where [(missing? $ ?e :p/name) ?m]]", db, Edn.read(":no/such-ident")));
    }
}
