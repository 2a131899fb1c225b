package io.accrete.engine.tx;

import io.accrete.engine.data.Symbol;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Index;
import io.accrete.engine.query.Functions;
import io.accrete.engine.query.Query;
import io.accrete.engine.schema.BuiltIns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Attribute predicates ({@code :db.attr/preds}) and entity specs ({@code :db/ensure} with
 * {@code :db.entity/attrs} and {@code :db.entity/preds}), with the outcomes and error categories
 * the Datomic peer (1.0.7622) gives for the same transactions: {@code :db.error/attr-pred},
 * {@code :db.error/entity-attr}, {@code :db.error/entity-pred}; {@code :db/ensure} is never stored,
 * retractions are not checked, and a spec that names an unknown ident is {@code not-an-entity}.
 */
class EntitySpecsTest extends TxTestBase {

    @BeforeAll static void registerPredicates() {
        Functions.register("test.preds/short?", a -> a[0] instanceof String s && s.length() < 10);
        // An entity predicate gets the database after the transaction and the entity id.
        Functions.register("test.preds/long-name?", a -> {
            Object name = TxTestBase.val((Db) a[0], (Long) a[1], "person/name");
            return name instanceof String s && s.length() > 2;
        });
        Functions.register("test.preds/boom", a -> { throw new IllegalStateException("boom"); });
    }

    @AfterAll static void unregisterPredicates() {
        Functions.unregister("test.preds/short?");
        Functions.unregister("test.preds/long-name?");
        Functions.unregister("test.preds/boom");
    }

    @BeforeEach void specs() {
        tx("""
            [{:db/id :person/name :db.attr/preds [test.preds/short? clojure.core/string?]}
             {:db/id :person/age :db.attr/preds clojure.core/pos?}
             {:db/ident :person/validate :db.entity/attrs [:person/name :person/email] :db.entity/preds test.preds/long-name?}
             {:db/ident :person/named :db.entity/attrs [:person/name]}]
            """);
    }

    @Test void theBuiltInsAreDatomicsAttributes() {
        Db db = conn.db();
        assertEquals(BuiltIns.ENSURE, db.schema().attribute(kw("db/ensure")).id());
        assertEquals(BuiltIns.ATTR_PREDS, db.schema().attribute(kw("db.attr/preds")).id());
        assertTrue(db.schema().attribute(kw("db.entity/attrs")).many());
        assertEquals(Set.of(Symbol.of("test.preds/short?"), Symbol.of("clojure.core/string?")),
                Set.copyOf(db.schema().attribute(kw("person/name")).preds()));
    }

    @Test void everyAssertedValueMustSatisfyTheAttributesPredicates() {
        AccreteException e = fails(Errors.ATTR_PRED, "[{:person/email \"a@x\" :person/name \"abcdefghijkl\"}]");
        assertTrue(e.getMessage().contains("attribute :person/name value \"abcdefghijkl\" failed pred test.preds/short?"), e.getMessage());
        assertEquals(false, e.data().get(AttributePredicates.PRED_RETURN));
        fails(Errors.ATTR_PRED, "[{:person/email \"a@x\" :person/age -1}]");
        fails(Errors.ATTR_PRED, "[{:person/email \"a@x\" :person/age 0}]");
        long a = tx("[{:db/id \"a\" :person/email \"a@x\" :person/age 5 :person/name \"Ann\"}]").tempid("a");
        assertEquals(5L, val(a, "person/age"));
        // a retraction is not checked
        tx("[[:db/retract " + a + " :person/age 5]]");
        assertNull(val(a, "person/age"));
    }

    @Test void predicatesCanBeAddedAndRetracted() {
        tx("[[:db/retract :person/age :db.attr/preds clojure.core/pos?]]");
        long a = tx("[{:db/id \"a\" :person/email \"a@x\" :person/age -1}]").tempid("a");
        assertEquals(-1L, val(a, "person/age"));
        tx("[[:db/add :person/age :db.attr/preds clojure.core/neg?]]");
        fails(Errors.ATTR_PRED, "[[:db/add " + a + " :person/age 3]]");
        fails(Errors.WRONG_TYPE, "[[:db/add :person/age :db.attr/preds \"pos?\"]]");
    }

    @Test void anEntitySpecRequiresItsAttributesAtTheEndOfTheTransaction() {
        AccreteException e = fails(Errors.ENTITY_ATTR, "[{:person/name \"Bob\" :db/ensure :person/validate}]");
        assertTrue(e.getMessage().contains("missing attributes [:person/email] of spec :person/validate"), e.getMessage());
        long b = tx("[{:db/id \"b\" :person/name \"Bob\" :person/email \"b@x\" :db/ensure :person/validate}]").tempid("b");
        assertEquals("Bob", val(b, "person/name"));
        // several specs, as a vector
        tx("[{:person/name \"Bob2\" :person/email \"b2@x\" :db/ensure [:person/validate :person/named]}]");
        // the attributes may come from earlier transactions; the check sees the database after this one
        long c = tx("[{:db/id \"c\" :person/email \"c@x\"}]").tempid("c");
        tx("[[:db/add " + c + " :person/name \"Cid\"] [:db/add " + c + " :db/ensure :person/named]]");
        fails(Errors.ENTITY_ATTR, "[[:db/retract " + c + " :person/name \"Cid\"] [:db/add " + c + " :db/ensure :person/named]]");
    }

    @Test void anEntitySpecsPredicatesSeeTheDatabaseAfterTheTransaction() {
        AccreteException e = fails(Errors.ENTITY_PRED, "[{:person/name \"Bo\" :person/email \"b@x\" :db/ensure :person/validate}]");
        assertTrue(e.getMessage().contains("failed pred test.preds/long-name? of spec :person/validate"), e.getMessage());
        assertEquals(false, e.data().get(AttributePredicates.PRED_RETURN));
    }

    @Test void ensureIsNeverStored() {
        long b = tx("[{:db/id \"b\" :person/name \"Bob\" :person/email \"b@x\" :db/ensure :person/validate}]").tempid("b");
        assertFalse(conn.db().datoms(Index.AEVT, kw("db/ensure")).iterator().hasNext());
        assertTrue(((java.util.Collection<?>) Query.q("[:find ?e :where [?e :db/ensure]]", conn.db())).isEmpty());
        assertNull(val(b, "db/ensure"));
    }

    @Test void specsAndPredicatesThatNameNothingAreClearErrors() {
        fails(Errors.NOT_AN_ENTITY, "[{:person/email \"x@x\" :db/ensure :person/nosuch}]");
        // an attribute is no spec: nothing to check
        tx("[{:person/email \"y@x\" :db/ensure :person/name}]");
        tx("[{:db/ident :person/odd :db.entity/preds test.preds/nosuch} {:db/ident :person/throws :db.entity/preds test.preds/boom}]");
        AccreteException e = fails(Errors.ENTITY_PRED, "[{:person/email \"z@x\" :db/ensure :person/odd}]");
        assertTrue(e.getMessage().contains("names no function"), e.getMessage());
        e = fails(Errors.ENTITY_PRED, "[{:person/email \"z@x\" :db/ensure :person/throws}]");
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
        tx("[{:db/id :person/height :db.attr/preds test.preds/nosuch}]");
        fails(Errors.ATTR_PRED, "[{:person/email \"w@x\" :person/height 1.5}]");
    }

    @Test void withChecksTheSameWay() {
        assertThrows(AccreteException.class, () -> conn.with(conn.db(), read("[{:person/email \"a@x\" :person/age -4}]")));
        TxReport r = conn.with(conn.db(), read("[{:db/id \"a\" :person/email \"a@x\" :person/name \"Ann\" :db/ensure :person/validate}]"));
        assertEquals("Ann", val(r.dbAfter(), r.tempid("a"), "person/name"));
    }
}
