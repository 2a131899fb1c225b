package io.accrete.engine.tx;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.query.Query;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Old-style schema installation ({@code :db.install/_attribute}, {@code :db.alter/_attribute}) and
 * the install and alter markers Datomic records on {@code :db.part/db} whatever the form.
 */
class SchemaInstallTest extends TxTestBase {
    static final String MODERN = "[{:db/ident :s/a :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/doc \"A\"}]";
    static final String OLD_MAP = "[{:db/id #db/id[:db.part/db] :db/ident :s/a :db/valueType :db.type/string"
            + " :db/cardinality :db.cardinality/one :db/doc \"A\" :db.install/_attribute :db.part/db}]";
    static final String OLD_LIST = "[[:db/add #db/id[:db.part/db -1] :db/ident :s/a] [:db/add #db/id[:db.part/db -1] :db/valueType :db.type/string]"
            + " [:db/add #db/id[:db.part/db -1] :db/cardinality :db.cardinality/one] [:db/add #db/id[:db.part/db -1] :db/doc \"A\"]"
            + " [:db/add :db.part/db :db.install/attribute #db/id[:db.part/db -1]]]";
    static final String OLD_STRING_TEMPID = "[{:db/id \"a\" :db/ident :s/a :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/doc \"A\"}"
            + " [:db/add :db.part/db :db.install/attribute \"a\"]]";

    @Test void everyFormInstallsTheSameDatoms() {
        Db db = conn.db();
        TxReport modern = conn.with(db, read(MODERN));
        long attr = modern.dbAfter().entid(kw("s/a"));
        assertEquals(EntityIds.PART_DB, EntityIds.partition(attr));
        Set<List<Object>> expected = Set.of(List.of(attr, kw("db/ident"), kw("s/a"), true),
                List.of(attr, kw("db/valueType"), conn.db().entid(kw("db.type/string")), true),
                List.of(attr, kw("db/cardinality"), conn.db().entid(kw("db.cardinality/one")), true),
                List.of(attr, kw("db/doc"), "A", true),
                List.of(0L, kw("db.install/attribute"), attr, true));
        assertEquals(expected, shown(modern.dbAfter(), withoutTxInstant(modern)));
        for (String form : List.of(OLD_MAP, OLD_LIST, OLD_STRING_TEMPID)) {
            TxReport r = conn.with(db, read(form));
            assertEquals(expected, shown(r.dbAfter(), withoutTxInstant(r)), form);
            assertEquals(r.dbAfter().attribute(kw("s/a")), modern.dbAfter().attribute(kw("s/a")), form);
        }
    }

    @Test void oldStyleAttributesWorkAndSurviveReopen() {
        tx(OLD_MAP);
        tx("[{:db/id #db/id[:db.part/db -1] :db/ident :s/tags :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many}"
                + " [:db/add :db.part/db :db.install/attribute #db/id[:db.part/db -1]]]");
        long e = tx("[{:db/id \"e\" :s/a \"x\" :s/tags [:t/a :t/b]}]").tempid("e");
        assertEquals("x", val(e, "s/a"));
        assertEquals(Set.of(kw("t/a"), kw("t/b")), vals(e, "s/tags"));
        Db before = conn.db();
        conn.close();
        try (Connection c2 = Connection.open("test", t.dir, ConnectionOptions.defaults())) {
            assertEquals(all(before.history()), all(c2.db().history()));
            assertEquals(before.attribute(kw("s/tags")), c2.db().attribute(kw("s/tags")));
        }
    }

    @Test void installedAttributesAreListedOnTheDbPartition() {
        tx(OLD_MAP);
        tx("[{:db/ident :s/b :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]");
        Set<Object> listed = new HashSet<>();
        for (Object row : (Collection<?>) Query.q("[:find ?i :where [:db.part/db :db.install/attribute ?a] [?a :db/ident ?i]]", conn.db())) {
            listed.add(((List<?>) row).get(0));
        }
        assertTrue(listed.containsAll(Set.of(kw("s/a"), kw("s/b"), kw("person/name"), kw("db/ident"), kw("db/doc"),
                kw("db.install/attribute"))), listed::toString);
        // the markers are derived: asserting or retracting them by hand changes nothing
        TxReport noop = tx("[[:db/retract :db.part/db :db.install/attribute :s/a] [:db/add :db.part/db :db.install/attribute :person/name]]");
        assertEquals(List.of(), withoutTxInstant(noop));
        // and an entity that is not an attribute is not installed by naming it
        TxReport identOnly = tx("[{:db/id #db/id[:db.part/db] :db/ident :s/not-an-attr :db.install/_attribute :db.part/db}]");
        assertEquals(Set.of(kw("db/ident")), attrsOf(identOnly));
        assertNull(conn.db().attribute(kw("s/not-an-attr")));
    }

    @Test void alterationsAreMarkedOnceButIdentsAndDocsAreNot() {
        tx("[{:db/ident :s/n :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]");
        long attr = conn.db().entid(kw("s/n"));
        TxReport old = tx("[{:db/id :s/n :db/cardinality :db.cardinality/many :db.alter/_attribute :db.part/db}]");
        assertTrue(conn.db().attribute(kw("s/n")).many());
        assertTrue(shown(old.dbAfter(), withoutTxInstant(old)).contains(List.of(0L, kw("db.alter/attribute"), attr, true)));
        // the marker is a fact of the current database: a second alteration does not repeat it
        TxReport again = tx("[{:db/id :s/n :db/noHistory true}]");
        assertEquals(Set.of(kw("db/noHistory")), attrsOf(again));
        assertEquals(Set.of(kw("db/ident")), attrsOf(tx("[{:db/id :s/n :db/ident :s/renamed}]")));
        assertEquals(Set.of(kw("db/doc")), attrsOf(tx("[{:db/id :s/renamed :db/doc \"N\"}]")));
        // a modern alteration is marked like an old-style one
        long color = conn.db().entid(kw("person/color"));
        TxReport modern = tx("[{:db/id :person/color :db/isComponent true}]");
        assertTrue(shown(modern.dbAfter(), withoutTxInstant(modern)).contains(List.of(0L, kw("db.alter/attribute"), color, true)));
        // :db.alter/_attribute on a forbidden change still refuses it
        fails(Errors.INCOMPATIBLE_SCHEMA_CHANGE, "[{:db/id :s/renamed :db/valueType :db.type/string :db.alter/_attribute :db.part/db}]");
    }

    @Test void oldStyleInstallKeepsTheInstallRules() {
        fails(Errors.INCORRECT_SCHEMA, "[{:db/id #db/id[:db.part/db] :db/ident :s/nc :db/valueType :db.type/string :db.install/_attribute :db.part/db}]");
        fails(Errors.INCORRECT_SCHEMA, "[{:db/id #db/id[:db.part/db] :db/ident :s/nt :db/cardinality :db.cardinality/one :db.install/_attribute :db.part/db}]");
        fails(Errors.TEMPID_NOT_AN_ENTITY, "[[:db/add :db.part/db :db.install/attribute \"nowhere\"]]");
        fails(Errors.NOT_AN_ENTITY, "[[:db/add :db.part/db :db.install/attribute :no/such]]");
        // as with the modern form, the attribute is not usable in the transaction installing it
        fails(Errors.NOT_AN_ATTRIBUTE, "[{:db/id #db/id[:db.part/db] :db/ident :s/k :db/valueType :db.type/long"
                + " :db/cardinality :db.cardinality/one :db.install/_attribute :db.part/db} {:s/k 1}]");
    }

    private static Set<Object> attrsOf(TxReport r) {
        Set<Object> out = new HashSet<>();
        for (Datom d : withoutTxInstant(r)) out.add(r.dbAfter().ident(d.a()));
        return out;
    }
}
