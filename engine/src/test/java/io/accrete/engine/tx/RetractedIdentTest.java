package io.accrete.engine.tx;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.pull.Pull;
import io.accrete.engine.query.Query;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Datomic never forgets an ident: after {@code [:db/retract :person/age :db/ident :person/age]}
 * the name still resolves, as an entity, a ref value and an attribute, until another entity takes
 * it. Every expectation here is what Datomic 1.0.7622 ({@code datomic:mem}) answered.
 */
class RetractedIdentTest extends TxTestBase {

    @Test void aRetractedIdentKeepsResolving() {
        long age = conn.db().entid(kw("person/age"));
        tx("[[:db/retract :person/age :db/ident :person/age]]");
        Db db = conn.db();
        assertEquals(age, db.entid(kw("person/age")));
        assertEquals(kw("person/age"), db.ident(age), "d/ident still names it");
        assertFalse(Pull.pull(db, "[*]", age).containsKey(kw("db/ident")), "but the datom is gone");
        assertEquals(Set.of(kw("db/valueType")), Pull.pull(db, "[:db/ident :db/valueType]", age).keySet());

        // as an attribute, and as a ref value
        long e = tx("[{:db/id \"e\" :person/email \"e@x\" :person/age 3 :person/color :person/age}]").tempid("e");
        assertEquals(3L, val(e, "person/age"));
        assertEquals(age, val(e, "person/color"));
        assertEquals(3L, Pull.pull(conn.db(), "[*]", e).get(kw("person/age")));
        assertEquals(Set.of(3L), Set.copyOf((java.util.Collection<?>) Query.q("[:find [?v ...] :where [_ :person/age ?v]]", conn.db())));
        assertReopensAlike();
    }

    @Test void anEnumKeepsItsRetractedIdentAndMayAssertItAgain() {
        long red = conn.db().entid(kw("color/red"));
        tx("[[:db/retract :color/red :db/ident :color/red]]");
        assertEquals(red, conn.db().entid(kw("color/red")));
        tx("[[:db/add :color/red :db/ident :color/red]]");
        assertEquals(red, conn.db().entid(kw("color/red")));
        assertEquals(kw("color/red"), val(red, "db/ident"));
    }

    @Test void anotherEntityMayTakeARetractedIdent() {
        long age = conn.db().entid(kw("person/age"));
        tx("[[:db/retract :person/age :db/ident :person/age]]");
        tx("[{:db/ident :person/age :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]");
        long taken = conn.db().entid(kw("person/age"));
        assertNotEquals(age, taken, "a new attribute, not an upsert onto the old one");
        assertEquals(taken, conn.db().entid(kw("person/age")));
        long e = tx("[{:db/id \"e\" :person/email \"e@x\" :person/age \"old\"}]").tempid("e");
        assertEquals("old", val(e, "person/age"));
        assertReopensAlike();
    }

    @Test void aRenamedAttributeAnswersToBothNamesEvenAfterItsNewOneIsRetracted() {
        long age = conn.db().entid(kw("person/age"));
        tx("[{:db/id :person/age :db/ident :person/years}]");
        assertEquals(age, conn.db().entid(kw("person/age")));
        assertEquals(kw("person/years"), conn.db().ident(age));
        tx("[[:db/retract :person/years :db/ident :person/years]]");
        assertEquals(age, conn.db().entid(kw("person/age")));
        assertEquals(age, conn.db().entid(kw("person/years")));
        assertEquals(kw("person/years"), conn.db().ident(age));
        fails(io.accrete.engine.error.Errors.DATOMS_CONFLICT, "[{:person/email \"e@x\" :person/age 4 :person/years 5}]");
        assertReopensAlike();
    }

    private void assertReopensAlike() {
        Db live = conn.db();
        conn.close();
        try (Connection c2 = Connection.open("test", t.dir, ConnectionOptions.defaults())) {
            Db reopened = c2.db();
            for (String name : new String[] {"person/age", "person/years", "color/red"}) {
                Keyword k = kw(name);
                assertEquals(live.entid(k), reopened.entid(k), name);
                Long id = live.entid(k);
                if (id != null) assertEquals(live.ident(id), reopened.ident(id), name);
                assertEquals(live.attribute(k), reopened.attribute(k), name);
            }
        }
    }
}
