package io.accrete.engine.tx;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.data.TempId;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.BuiltIns;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The examples of Datomic's transaction documentation (transactions, identity and uniqueness,
 * schema change, tuples), each run against a real database.
 */
class DatomicTransactionDocExamplesTest extends TxTestBase {

    // ---- list forms --------------------------------------------------------------------------

    @Test void addAndRetractListForms() {
        TxReport r = tx("[[:db/add \"jdoe\" :person/name \"Jan\"] [:db/add \"jdoe\" :person/aliases \"J\"] [:db/add \"jdoe\" :person/aliases \"JD\"]]");
        long jdoe = r.tempid("jdoe");
        assertEquals("Jan", val(jdoe, "person/name"));
        assertEquals(Set.of("J", "JD"), vals(jdoe, "person/aliases"));
        assertEquals(Set.of(List.of(jdoe, kw("person/name"), "Jan", true), List.of(jdoe, kw("person/aliases"), "J", true),
                List.of(jdoe, kw("person/aliases"), "JD", true)), shown(r.dbAfter(), withoutTxInstant(r)));

        TxReport r2 = tx("[[:db/retract " + jdoe + " :person/aliases \"J\"]]");
        assertEquals(Set.of("JD"), vals(jdoe, "person/aliases"));
        assertEquals(Set.of(List.of(jdoe, kw("person/aliases"), "J", false)), shown(r2.dbAfter(), withoutTxInstant(r2)));
        for (Datom d : r2.txData()) assertEquals(txId(r2), d.tx());
    }

    @Test void retractWithoutValueRetractsEveryValue() {
        long e = tx("[{:db/id \"x\" :person/name \"X\" :person/aliases [\"a\" \"b\" \"c\"]}]").tempid("x");
        TxReport r = tx("[[:db/retract " + e + " :person/aliases]]");
        assertEquals(Set.of(), vals(e, "person/aliases"));
        assertEquals("X", val(e, "person/name"));
        assertEquals(3, withoutTxInstant(r).size());
        for (Datom d : withoutTxInstant(r)) assertFalse(d.added());
    }

    @Test void mapFormIsShorthandForListForms() {
        Db db = conn.db();
        TxReport viaMap = conn.with(db, read("[{:db/id \"bob\" :person/name \"Bob\" :person/email \"bob@example.com\" :person/aliases [\"Bobby\" \"Rob\"]}]"));
        TxReport viaList = conn.with(db, read("[[:db/add \"bob\" :person/name \"Bob\"] [:db/add \"bob\" :person/email \"bob@example.com\"]"
                + " [:db/add \"bob\" :person/aliases \"Bobby\"] [:db/add \"bob\" :person/aliases \"Rob\"]]"));
        assertEquals(viaMap.tempid("bob"), viaList.tempid("bob"));
        assertEquals(shown(viaMap.dbAfter(), withoutTxInstant(viaMap)), shown(viaList.dbAfter(), withoutTxInstant(viaList)));
        assertEquals(4, withoutTxInstant(viaMap).size());
    }

    @Test void mapKeysMayBeStringsAndCardinalityManyValuesSets() {
        Map<Object, Object> m = new LinkedHashMap<>();
        // as in Datomic, a string key is a keyword only with its leading colon ("person/name" is not-a-keyword)
        m.put(":db/id", "s");
        m.put(":person/name", "Stringy");
        m.put(":person/age", 7L);
        m.put(kw("person/aliases"), Set.of("s1", "s2"));
        TxReport r = tx(List.of(m));
        long e = r.tempid("s");
        assertEquals("Stringy", val(e, "person/name"));
        assertEquals(7L, val(e, "person/age"));
        assertEquals(Set.of("s1", "s2"), vals(e, "person/aliases"));
        // attribute names may be strings in list forms too
        tx(List.of(List.of(kw("db/add"), e, ":person/name", "Renamed")));
        assertEquals("Renamed", val(e, "person/name"));
    }

    @Test void mapWithoutIdIsANewEntity() {
        TxReport r = tx("[{:person/name \"Anon\"} {:person/name \"Anon\"}]");
        List<Datom> ds = withoutTxInstant(r);
        assertEquals(2, ds.size());
        assertNotEquals(ds.get(0).e(), ds.get(1).e());
        for (Datom d : ds) assertEquals(EntityIds.PART_USER, EntityIds.partition(d.e()));
    }

    @Test void javaIntegersWidenToLong() {
        long e = tx(List.of(Map.of(kw("db/id"), "i", kw("person/age"), 41))).tempid("i");
        assertEquals(41L, val(e, "person/age"));
    }

    // ---- identifying entities ----------------------------------------------------------------

    @Test void stringTempidsNameOneEntityPerTransaction() {
        TxReport r = tx("[[:db/add \"jdoe\" :person/name \"Jan\"] {:db/id \"jdoe\" :person/age 30} [:db/add \"other\" :person/name \"O\"]]");
        long jdoe = r.tempid("jdoe");
        assertEquals("Jan", val(jdoe, "person/name"));
        assertEquals(30L, val(jdoe, "person/age"));
        assertNotEquals(jdoe, (long) r.tempid("other"));
        // the same string in the next transaction is a new entity
        TxReport r2 = tx("[[:db/add \"jdoe\" :person/name \"Someone else\"]]");
        assertNotEquals(jdoe, (long) r2.tempid("jdoe"));
        assertEquals("Jan", val(jdoe, "person/name"));
    }

    @Test void negativeNumberTempids() {
        TxReport r = tx("[[:db/add -1 :person/name \"Minus one\"] [:db/add -1 :person/spouse -2] [:db/add -2 :person/name \"Minus two\"]]");
        long a = r.tempid(-1L), b = r.tempid(-2L);
        assertNotEquals(a, b);
        assertEquals(b, val(a, "person/spouse"));
        assertEquals("Minus two", val(b, "person/name"));
    }

    @Test void dbIdLiteralTempids() {
        TxReport r = tx("[{:db/id #db/id[:db.part/user] :person/name \"A\"} {:db/id #db/id[:db.part/user] :person/name \"B\"}"
                + " {:db/id #db/id[:db.part/user -1] :person/name \"C\"} [:db/add #db/id[:db.part/user -1] :person/age 3]]");
        Db db = r.dbAfter();
        Set<Long> named = new HashSet<>();
        for (Datom d : withoutTxInstant(r)) if (d.a() == attrId("person/name")) named.add(d.e());
        assertEquals(3, named.size(), "each #db/id[:db.part/user] is its own entity");
        long c = r.tempid(TempId.of(kw("db.part/user"), -1L));
        assertEquals("C", val(db, c, "person/name"));
        assertEquals(3L, val(db, c, "person/age"));
        for (long e : named) assertEquals(EntityIds.PART_USER, EntityIds.partition(e));
    }

    @Test void datomicTxNamesTheTransactionEntity() {
        TxReport r = tx("[{:db/id \"datomic.tx\" :data/src \"https://example.com/catalog-2_29_2012.xml\"} {:person/name \"Imported\"}]");
        long tx = txId(r);
        assertEquals("https://example.com/catalog-2_29_2012.xml", val(tx, "data/src"));
        assertEquals(EntityIds.PART_TX, EntityIds.partition(tx));
        assertEquals(r.t(), EntityIds.txToT(tx));
        assertNotNull(val(tx, "db/txInstant"));
        // the same through a #db/id[:db.part/tx] literal and in value position
        TxReport r2 = tx("[[:db/add #db/id[:db.part/tx] :data/src \"second\"] [:db/add \"p\" :person/name \"P\"] [:db/add \"p\" :person/spouse \"datomic.tx\"]]");
        assertEquals("second", val(txId(r2), "data/src"));
        assertEquals(txId(r2), val(r2.tempid("p"), "person/spouse"));
    }

    @Test void existingIdsAndIdents() {
        long e = tx("[{:db/id \"e\" :person/name \"E\"}]").tempid("e");
        tx("[[:db/add " + e + " :person/age 50] {:db/id " + e + " :person/aliases \"ee\"}]");
        assertEquals(50L, val(e, "person/age"));
        assertEquals(Set.of("ee"), vals(e, "person/aliases"));
        // an ident names its entity: documenting an attribute, and enum values in value position
        tx("[[:db/add :person/name :db/doc \"A person's full name\"] {:db/id " + e + " :person/color :color/red}]");
        assertEquals("A person's full name", val(conn.db().entid(kw("person/name")), "db/doc"));
        assertEquals(conn.db().entid(kw("color/red")), val(e, "person/color"));
        // a new enum ident
        tx("[{:db/ident :color/blue}]");
        tx("[[:db/add " + e + " :person/color :color/blue]]");
        assertEquals(conn.db().entid(kw("color/blue")), val(e, "person/color"));
    }

    // ---- nested maps, components, reverse refs -----------------------------------------------

    @Test void nestedComponentMapsBecomeTheirOwnEntities() {
        tx("[{:product/sku \"CHOC\" :product/name \"Chocolate\"} {:product/sku \"WHSK\" :product/name \"Whisky\"}]");
        TxReport r = tx("[{:db/id \"order\" :order/id \"o-1\""
                + " :order/lineItems [{:lineItem/product [:product/sku \"CHOC\"] :lineItem/quantity 1}"
                + "                   {:lineItem/product [:product/sku \"WHSK\"] :lineItem/quantity 2}]}]");
        long order = r.tempid("order");
        Set<Object> items = vals(order, "order/lineItems");
        assertEquals(2, items.size());
        Map<Object, Object> qtyByProduct = new LinkedHashMap<>();
        for (Object item : items) {
            assertNotEquals(order, item);
            qtyByProduct.put(val((Long) item, "lineItem/product"), val((Long) item, "lineItem/quantity"));
        }
        assertEquals(Map.of(id("product/sku", "CHOC"), 1L, id("product/sku", "WHSK"), 2L), qtyByProduct);
        // a cardinality-one component, nested twice
        TxReport r2 = tx("[{:db/id \"p\" :person/name \"Nested\" :person/address {:address/street \"1 Main St\" :address/geo {:geo/lat 1.5}}}]");
        long addr = (Long) val(r2.tempid("p"), "person/address");
        assertEquals("1 Main St", val(addr, "address/street"));
        assertEquals(1.5, val((Long) val(addr, "address/geo"), "geo/lat"));
    }

    @Test void nestedMapUnderNonComponentRefNeedsAUniqueAttribute() {
        fails(Errors.INVALID_NESTED_ENTITY, "[{:person/name \"A\" :person/friends {:person/name \"not identified\"}}]");
        fails(Errors.INVALID_NESTED_ENTITY, "[{:person/name \"A\" :person/spouse {:person/age 3}}]");
        // with a unique attribute the nested map is allowed, and upserts
        long joe = tx("[{:person/email \"joe@example.com\" :person/name \"Joe\"}]").dbAfter().entid(lookup("person/email", "joe@example.com"));
        TxReport r = tx("[{:db/id \"a\" :person/name \"A\" :person/friends [{:person/email \"joe@example.com\" :person/age 33}"
                + " {:person/email \"new@example.com\"}]}]");
        long a = r.tempid("a");
        long fresh = id("person/email", "new@example.com");
        assertEquals(Set.of(joe, fresh), vals(a, "person/friends"));
        assertEquals(33L, val(joe, "person/age"));
        assertEquals("Joe", val(joe, "person/name"));
    }

    @Test void reverseAttributeNamesInMaps() {
        tx("[{:person/email \"ann@example.com\"} {:person/email \"cy@example.com\"}]");
        long ann = id("person/email", "ann@example.com"), cy = id("person/email", "cy@example.com");
        TxReport r = tx("[{:db/id \"bob\" :person/name \"Bob\" :person/_friends [:person/email \"ann@example.com\"]}]");
        long bob = r.tempid("bob");
        assertEquals(Set.of(bob), vals(ann, "person/friends"));
        // As in Datomic (checked against the peer), a reverse attribute names one referrer:
        // a list of lookup refs is an invalid list form and a nested map is not an entity.
        fails(Errors.INVALID_LOOKUP_REF, "[{:db/id \"dee\" :person/name \"Dee\" :person/_friends [[:person/email \"ann@example.com\"] [:person/email \"cy@example.com\"]]}]");
        fails(Errors.NOT_AN_ENTITY, "[{:db/id \"dee\" :person/name \"Dee\" :person/_friends {:person/email \"ann@example.com\"}}]");
        TxReport r2 = tx("[{:db/id \"dee\" :person/name \"Dee\" :person/_friends \"eve\"} {:db/id \"eve\" :person/name \"Eve\"}]");
        assertEquals(Set.of(r2.tempid("dee")), vals(r2.tempid("eve"), "person/friends"));
        // a reverse attribute of a non-ref attribute is an error
        fails(Errors.INVALID_TX, "[{:person/name \"x\" :person/_name \"y\"}]");
    }

    // ---- lookup refs --------------------------------------------------------------------------

    @Test void lookupRefsInEntityPosition() {
        tx("[{:person/email \"joe@example.com\" :person/name \"Joe\"}]");
        long joe = id("person/email", "joe@example.com");
        tx("[[:db/add [:person/email \"joe@example.com\"] :person/age 42] {:db/id [:person/email \"joe@example.com\"] :person/loves :pizza}]");
        assertEquals(42L, val(joe, "person/age"));
        assertEquals(Set.of(kw("pizza")), vals(joe, "person/loves"));
        tx("[[:db/retract [:person/email \"joe@example.com\"] :person/loves :pizza]]");
        assertEquals(Set.of(), vals(joe, "person/loves"));
    }

    @Test void lookupRefsInValuePosition() {
        tx("[{:person/email \"joe@example.com\"} {:person/email \"kim@example.com\"} {:person/email \"lu@example.com\"}]");
        long joe = id("person/email", "joe@example.com"), kim = id("person/email", "kim@example.com"), lu = id("person/email", "lu@example.com");
        TxReport r = tx("[[:db/add \"o\" :order/customer [:person/email \"joe@example.com\"]] [:db/add \"o\" :order/id \"o-9\"]]");
        assertEquals(joe, val(r.tempid("o"), "order/customer"));
        // a list of lookup refs for a cardinality-many ref in a map (as in Datomic, a bare lookup ref there
        // would be read as a list of two values)
        tx("[{:db/id [:person/email \"joe@example.com\"] :person/friends [[:person/email \"kim@example.com\"]]}]");
        assertEquals(Set.of(kim), vals(joe, "person/friends"));
        tx("[{:db/id [:person/email \"joe@example.com\"] :person/friends [[:person/email \"kim@example.com\"] [:person/email \"lu@example.com\"]]}]");
        assertEquals(Set.of(kim, lu), vals(joe, "person/friends"));
        // a lookup ref as :db/cas new value for a ref attribute (the old value is compared as written, so
        // it is the entity id: DatomicTxParityTest)
        tx("[[:db/add [:person/email \"joe@example.com\"] :person/spouse [:person/email \"kim@example.com\"]]]");
        tx("[[:db/cas [:person/email \"joe@example.com\"] :person/spouse " + kim + " [:person/email \"lu@example.com\"]]]");
        assertEquals(lu, val(joe, "person/spouse"));
    }

    @Test void lookupRefThatFindsNothingIsAnError() {
        fails(Errors.NOT_AN_ENTITY, "[[:db/add [:person/email \"nobody@example.com\"] :person/age 1]]");
        fails(Errors.NOT_AN_ENTITY, "[{:db/id \"x\" :person/name \"x\" :person/spouse [:person/email \"nobody@example.com\"]}]");
        fails(Errors.LOOKUP_REF_ATTR_NOT_UNIQUE, "[[:db/add [:person/name \"not unique\"] :person/age 1]]");
    }

    // ---- unique identity and upsert ----------------------------------------------------------

    @Test void upsertResolvesTempidToExistingEntity() {
        long joe = tx("[{:person/email \"joe@example.com\" :person/name \"Joe\" :person/age 41}]").dbAfter()
                .entid(lookup("person/email", "joe@example.com"));
        TxReport r = tx("[{:db/id \"temp\" :person/email \"joe@example.com\" :person/age 42} [:db/add \"temp\" :person/aliases \"J\"]]");
        assertEquals(joe, r.tempid("temp"));
        assertEquals(42L, val(joe, "person/age"));
        assertEquals("Joe", val(joe, "person/name"));
        assertEquals(Set.of("J"), vals(joe, "person/aliases"));
        // the email datom already exists: upserting drops it, and the replaced age is retracted
        assertEquals(Set.of(List.of(joe, kw("person/age"), 41L, false), List.of(joe, kw("person/age"), 42L, true),
                List.of(joe, kw("person/aliases"), "J", true)), shown(r.dbAfter(), withoutTxInstant(r)));
        // without :db/id as well
        tx("[{:person/email \"joe@example.com\" :person/age 43}]");
        assertEquals(43L, val(joe, "person/age"));
        assertEquals(1, count(conn.db(), "person/email"));
    }

    @Test void twoTempidsWithTheSameIdentityAreOneEntity() {
        TxReport r = tx("[[:db/add \"a\" :person/email \"new@example.com\"] [:db/add \"b\" :person/email \"new@example.com\"]"
                + " [:db/add \"a\" :person/name \"A\"] [:db/add \"b\" :person/age 3]]");
        assertEquals(r.tempid("a"), r.tempid("b"));
        long e = r.tempid("a");
        assertEquals("A", val(e, "person/name"));
        assertEquals(3L, val(e, "person/age"));
        // and when the identity already exists, both resolve to that entity
        TxReport r2 = tx("[{:db/id \"c\" :person/email \"new@example.com\" :person/aliases \"c\"} {:db/id \"d\" :person/email \"new@example.com\" :person/aliases \"d\"}]");
        assertEquals(e, r2.tempid("c"));
        assertEquals(e, r2.tempid("d"));
        assertEquals(Set.of("c", "d"), vals(e, "person/aliases"));
    }

    @Test void oneTempidResolvingToTwoEntitiesIsAnError() {
        tx("[{:person/email \"a@example.com\"} {:person/handle \"b\"}]");
        fails(Errors.UNIQUE_CONFLICT, "[{:db/id \"t\" :person/email \"a@example.com\" :person/handle \"b\"}]");
        // through two tempids that merge: Datomic then sees two :person/handle values for one entity
        fails(Errors.DATOMS_CONFLICT, "[[:db/add \"x\" :person/email \"a@example.com\"] [:db/add \"y\" :person/handle \"b\"]"
                + " [:db/add \"x\" :person/handle \"z\"] [:db/add \"y\" :person/handle \"z\"]]");
    }

    @Test void uniqueValueConflicts() {
        long a = tx("[{:db/id \"a\" :person/name \"A\" :person/ssn \"123\"}]").tempid("a");
        AccreteException e = fails(Errors.UNIQUE_CONFLICT, "[{:db/id \"b\" :person/name \"B\" :person/ssn \"123\"}]");
        assertTrue(e.getMessage().contains("123"), e.getMessage());
        // two entities claiming one value in the same transaction: Datomic calls it a datoms conflict
        fails(Errors.DATOMS_CONFLICT, "[{:person/name \"C\" :person/ssn \"9\"} {:person/name \"D\" :person/ssn \"9\"}]");
        // an existing entity asserting a held identity value does not upsert: it conflicts
        long c = tx("[{:db/id \"c\" :person/email \"c@example.com\"}]").tempid("c");
        fails(Errors.UNIQUE_CONFLICT, "[[:db/add " + a + " :person/email \"c@example.com\"]]");
        // moving a unique value within one transaction is fine
        long b = tx("[{:db/id \"b\" :person/name \"B\"}]").tempid("b");
        tx("[[:db/retract " + a + " :person/ssn \"123\"] [:db/add " + b + " :person/ssn \"123\"]]");
        assertEquals(b, id("person/ssn", "123"));
        assertNull(val(a, "person/ssn"));
        assertEquals(c, id("person/email", "c@example.com"));
    }

    // ---- cardinality, conflicts, redundancy --------------------------------------------------

    @Test void cardinalityOneAssertionRetractsTheOldValue() {
        long e = tx("[{:db/id \"e\" :person/age 42}]").tempid("e");
        TxReport r = tx("[[:db/add " + e + " :person/age 43]]");
        assertEquals(Set.of(List.of(e, kw("person/age"), 42L, false), List.of(e, kw("person/age"), 43L, true)),
                shown(r.dbAfter(), withoutTxInstant(r)));
        assertEquals(43L, val(e, "person/age"));
        List<Object> hist = new ArrayList<>();
        for (Datom d : conn.db().history().datoms(Index.EAVT, e, attrId("person/age"), null)) hist.add(List.of(d.v(), d.added()));
        assertEquals(3, hist.size());
        assertTrue(hist.containsAll(List.of(List.of(42L, true), List.of(42L, false), List.of(43L, true))));
        // cardinality many keeps both
        tx("[[:db/add " + e + " :person/aliases \"x\"]]");
        tx("[[:db/add " + e + " :person/aliases \"y\"]]");
        assertEquals(Set.of("x", "y"), vals(e, "person/aliases"));
    }

    @Test void conflictingDatomsInOneTransaction() {
        long e = tx("[{:db/id \"e\" :person/age 1}]").tempid("e");
        fails(Errors.DATOMS_CONFLICT, "[[:db/add " + e + " :person/age 2] [:db/add " + e + " :person/age 3]]");
        fails(Errors.DATOMS_CONFLICT, "[{:db/id \"n\" :person/name \"a\"} [:db/add \"n\" :person/name \"b\"]]");
        fails(Errors.DATOMS_CONFLICT, "[[:db/add " + e + " :person/aliases \"q\"] [:db/retract " + e + " :person/aliases \"q\"]]");
        // the same datom twice is not a conflict
        tx("[[:db/add " + e + " :person/age 5] [:db/add " + e + " :person/age 5]]");
        assertEquals(5L, val(e, "person/age"));
    }

    @Test void redundantDatomsAreEliminated() {
        long e = tx("[{:db/id \"e\" :person/name \"E\" :person/aliases [\"a\" \"b\"]}]").tempid("e");
        TxReport r = tx("[{:db/id " + e + " :person/name \"E\" :person/aliases [\"a\" \"b\"]} [:db/retract " + e + " :person/age 99]]");
        assertEquals(List.of(), withoutTxInstant(r));
        assertEquals(1, r.txData().size(), "every transaction still asserts its txInstant");
        Datom inst = r.txData().get(0);
        assertEquals(BuiltIns.TX_INSTANT, inst.a());
        assertEquals(txId(r), inst.e());
        List<Connection.LogTx> log = conn.txRange(r.t(), r.t() + 1, 10);
        assertEquals(1, log.size());
        assertEquals(r.txData(), log.get(0).datoms());
    }

    // ---- retractEntity ------------------------------------------------------------------------

    @Test void retractEntityRetractsItsDatomsComponentsAndReferences() {
        TxReport r = tx("[{:db/id \"bob\" :person/email \"bob@example.com\" :person/name \"Bob\" :person/aliases [\"b1\" \"b2\"]"
                + "   :person/address {:address/street \"1 Main\" :address/geo {:geo/lat 2.0}} :person/friends \"ann\"}"
                + " {:db/id \"ann\" :person/email \"ann@example.com\" :person/friends \"bob\" :person/spouse \"bob\"}"
                + " {:db/id \"o\" :order/id \"o-1\" :order/customer \"bob\"}]");
        long bob = r.tempid("bob"), ann = r.tempid("ann"), order = r.tempid("o");
        long addr = (Long) val(bob, "person/address");
        long geo = (Long) val(addr, "address/geo");
        Db before = conn.db();
        int bobDatoms = entity(before, bob).size();
        TxReport r2 = tx("[[:db/retractEntity [:person/email \"bob@example.com\"]]]");
        Db db = r2.dbAfter();
        assertEquals(List.of(), entity(db, bob));
        assertEquals(List.of(), entity(db, addr), "components are retracted");
        assertEquals(List.of(), entity(db, geo), "components of components are retracted");
        assertEquals(Set.of(), vals(db, ann, "person/friends"), "references to it are retracted");
        assertNull(val(db, ann, "person/spouse"));
        assertNull(val(db, order, "order/customer"));
        assertEquals("o-1", val(db, order, "order/id"));
        assertEquals("ann@example.com", val(db, ann, "person/email"), "the entities it referred to stay");
        for (Datom d : withoutTxInstant(r2)) assertFalse(d.added());
        assertEquals(bobDatoms + 2 + 1 + 3, withoutTxInstant(r2).size());
        assertFalse(db.datoms(Index.VAET, bob, Db.ANY_A, Db.ANY_E).iterator().hasNext());
        // history keeps what was retracted
        assertEquals("Bob", val(db.asOf(r.t()), bob, "person/name"));
    }

    @Test void retractEntityAliasAndIdent() {
        long e = tx("[{:db/id \"e\" :person/name \"E\" :person/color :color/red}]").tempid("e");
        tx("[[:db.fn/retractEntity " + e + "]]");
        assertEquals(List.of(), entity(conn.db(), e));
        // an enum entity retracted by ident: its ident datom goes, and so does the reference to it,
        // but as in Datomic (checked on 1.0.7622) the name still resolves to the entity
        long green = conn.db().entid(kw("color/green"));
        long f = tx("[{:db/id \"f\" :person/name \"F\" :person/color :color/green}]").tempid("f");
        tx("[[:db/retractEntity :color/green]]");
        assertEquals(List.of(), entity(conn.db(), green));
        assertEquals(green, conn.db().entid(kw("color/green")));
        assertNull(val(f, "person/color"));
        // retracting an entity that a lookup ref does not find retracts nothing
        TxReport none = tx("[[:db/retractEntity [:person/email \"nobody@example.com\"]]]");
        assertEquals(List.of(), withoutTxInstant(none));
    }

    // ---- cas ----------------------------------------------------------------------------------

    @Test void compareAndSwap() {
        long acct = tx("[{:db/id \"a\" :account/balance 100}]").tempid("a");
        TxReport r = tx("[[:db/cas " + acct + " :account/balance 100 110]]");
        assertEquals(110L, val(acct, "account/balance"));
        assertEquals(Set.of(List.of(acct, kw("account/balance"), 100L, false), List.of(acct, kw("account/balance"), 110L, true)),
                shown(r.dbAfter(), withoutTxInstant(r)));
        AccreteException e = fails(Errors.CAS_FAILED, "[[:db/cas " + acct + " :account/balance 100 120]]");
        assertTrue(e.getMessage().contains("110"), e.getMessage());
        tx("[[:db.fn/cas " + acct + " :account/balance 110 120]]");
        assertEquals(120L, val(acct, "account/balance"));
        // nil old value: "no value yet"
        long fresh = tx("[{:db/id \"f\" :person/name \"F\"}]").tempid("f");
        tx("[[:db/cas " + fresh + " :account/balance nil 1]]");
        assertEquals(1L, val(fresh, "account/balance"));
        fails(Errors.CAS_FAILED, "[[:db/cas " + fresh + " :account/balance nil 2]]");
        // cas only makes sense for cardinality one
        fails(Errors.INVALID_CAS_MANY, "[[:db/cas " + fresh + " :person/aliases \"a\" \"b\"]]");
        // a failing cas fails the whole transaction
        fails(Errors.CAS_FAILED, "[[:db/add " + fresh + " :person/name \"changed\"] [:db/cas " + acct + " :account/balance 1 2]]");
        assertEquals("F", val(fresh, "person/name"));
    }

    // ---- txInstant ----------------------------------------------------------------------------

    @Test void explicitTxInstant() throws InterruptedException {
        Date latest = conn.db().latestTxInstant();
        Thread.sleep(5);
        Date mine = new Date(latest.getTime() + 1);
        TxReport r = tx(List.of(Map.of(kw("db/id"), "datomic.tx", kw("db/txInstant"), mine), Map.of(kw("person/name"), "imported")));
        assertEquals(mine, val(txId(r), "db/txInstant"));
        assertEquals(mine, r.dbAfter().latestTxInstant());
        long instants = r.txData().stream().filter(d -> d.a() == BuiltIns.TX_INSTANT).count();
        assertEquals(1, instants);
        // equal to the latest is allowed
        TxReport same = tx(List.of(List.of(kw("db/add"), "datomic.tx", kw("db/txInstant"), mine)));
        assertEquals(mine, val(txId(same), "db/txInstant"));
        // older than the latest, or in the future, is refused
        fails(Errors.PAST_TX_INSTANT, List.of(List.of(kw("db/add"), "datomic.tx", kw("db/txInstant"), new Date(mine.getTime() - 1))));
        fails(Errors.FUTURE_TX_INSTANT, List.of(List.of(kw("db/add"), "datomic.tx", kw("db/txInstant"), new Date(System.currentTimeMillis() + 3_600_000))));
        // implicit instants never go backwards
        TxReport next = tx("[{:person/name \"later\"}]");
        assertFalse(((Date) val(txId(next), "db/txInstant")).before(mine));
    }

    // ---- with, transact(fn) -------------------------------------------------------------------

    @Test void withIsSpeculativeAndComposes() {
        Db db0 = conn.db();
        int logSize = conn.txRange(null, null, 1000).size();
        TxReport r1 = conn.with(db0, read("[{:db/id \"a\" :person/email \"w@example.com\" :person/age 1}]"));
        TxReport r2 = conn.with(r1.dbAfter(), read("[[:db/add [:person/email \"w@example.com\"] :person/age 2]]"));
        assertSame(db0, r1.dbBefore());
        assertSame(r1.dbAfter(), r2.dbBefore());
        assertTrue(r2.t() > r1.t() && r1.t() > db0.basisT());
        long a = r1.tempid("a");
        assertEquals(1L, val(r1.dbAfter(), a, "person/age"));
        assertEquals(2L, val(r2.dbAfter(), a, "person/age"));
        assertEquals(1L, val(r2.dbAfter().asOf(r1.t()), a, "person/age"));
        assertEquals(Set.of(List.of(a, kw("person/age"), 1L, false), List.of(a, kw("person/age"), 2L, true)),
                shown(r2.dbAfter(), withoutTxInstant(r2)));
        // nothing was written
        assertSame(db0, conn.db());
        assertNull(conn.db().entid(lookup("person/email", "w@example.com")));
        assertEquals(logSize, conn.txRange(null, null, 1000).size());
        // the real transaction after a with still gets the next t
        TxReport real = tx("[{:person/email \"w@example.com\" :person/age 9}]");
        assertEquals(r1.t(), real.t());
    }

    @Test void transactAFunctionOfTheLatestValue() throws Exception {
        long acct = tx("[{:db/id \"a\" :account/balance 0}]").tempid("a");
        List<CompletableFuture<TxReport>> fs = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread th = new Thread(() -> {
                for (int j = 0; j < 25; j++) {
                    CompletableFuture<TxReport> f = conn.transactAsync(db -> List.of(
                            List.of(kw("db/add"), acct, kw("account/balance"), (Long) val(db, acct, "account/balance") + 1)));
                    synchronized (fs) { fs.add(f); }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) th.join();
        for (CompletableFuture<TxReport> f : fs) f.get();
        assertEquals(200L, val(acct, "account/balance"));
        TxReport r = conn.transact(db -> List.of(List.of(kw("db/cas"), acct, kw("account/balance"), val(db, acct, "account/balance"), 0L)));
        assertEquals(0L, val(r.dbAfter(), acct, "account/balance"));
        // a function that throws fails only its own transaction
        assertThrows(RuntimeException.class, () -> conn.transact(db -> { throw new IllegalStateException("no"); }));
        assertEquals(r.t(), conn.db().basisT());
    }

    // ---- tuples -------------------------------------------------------------------------------

    @Test void heterogeneousAndHomogeneousTuples() {
        tx("[{:db/ident :player/location :db/valueType :db.type/tuple :db/tupleTypes [:db.type/long :db.type/long]"
                + "  :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                + " {:db/ident :player/tags :db/valueType :db.type/tuple :db/tupleType :db.type/string :db/cardinality :db.cardinality/one}"
                + " {:db/ident :player/moves :db/valueType :db.type/tuple :db/tupleTypes [:db.type/keyword :db.type/long] :db/cardinality :db.cardinality/many}]");
        TxReport r = tx("[{:db/id \"p\" :player/location [1 2] :player/tags [\"a\" \"b\" \"c\"] :player/moves [[:up 1] [:left 2]]}]");
        long p = r.tempid("p");
        assertEquals(List.of(1L, 2L), val(p, "player/location"));
        assertEquals(List.of("a", "b", "c"), val(p, "player/tags"));
        assertEquals(Set.of(List.of(kw("up"), 1L), List.of(kw("left"), 2L)), vals(p, "player/moves"));
        assertEquals(p, id("player/location", List.of(1L, 2L)));
        // upsert through a tuple identity
        TxReport r2 = tx("[{:db/id \"q\" :player/location [1 2] :player/tags [\"z\" \"y\"]}]");
        assertEquals(p, r2.tempid("q"));
        // nil elements are allowed
        tx("[[:db/add " + p + " :player/location [3 nil]]]");
        assertEquals(java.util.Arrays.asList(3L, null), val(p, "player/location"));
        // values are the database's own: changing the list or array given afterwards changes nothing
        List<Object> mine = new ArrayList<>(List.of(7, 8));
        long q = tx(List.of(Map.of(kw("db/id"), "q", kw("player/location"), mine))).tempid("q");
        mine.set(0, 99);
        assertEquals(List.of(7L, 8L), val(q, "player/location"), "Java Integers in a long tuple are stored as Longs");
        assertEquals(q, id("player/location", List.of(7L, 8L)));
        fails(Errors.WRONG_TYPE, "[[:db/add " + p + " :player/location [1 \"two\"]]]");
        fails(Errors.INVALID_TUPLE, "[[:db/add " + p + " :player/location [1 2 3]]]");
        fails(Errors.INVALID_TUPLE, "[[:db/add " + p + " :player/tags [\"only one\"]]]");
        fails(Errors.WRONG_TYPE, "[[:db/add " + p + " :player/tags [\"a\" 1]]]");
        fails(Errors.WRONG_TYPE, "[[:db/add " + p + " :player/location 12]]");
    }

    @Test void compositeTuplesAreMaintainedByTheDatabase() {
        tx("[{:db/ident :course/id :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                + " {:db/ident :semester/year :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
                + " {:db/ident :semester/season :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}"
                + " {:db/ident :student/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                + " {:db/ident :reg/course :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}"
                + " {:db/ident :reg/semester :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}"
                + " {:db/ident :reg/student :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}]");
        tx("[{:db/ident :semester/year+season :db/valueType :db.type/tuple :db/tupleAttrs [:semester/year :semester/season]"
                + "  :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                + " {:db/ident :reg/course+semester+student :db/valueType :db.type/tuple :db/tupleAttrs [:reg/course :reg/semester :reg/student]"
                + "  :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}]");
        TxReport r = tx("[{:course/id \"BIO-101\"} {:semester/year 2018 :semester/season :fall}"
                + " {:student/email \"johndoe@university.edu\"} {:student/email \"jane@university.edu\"}]");
        long sem = r.dbAfter().entid(lookup("semester/year+season", List.of(2018L, kw("fall"))));
        assertEquals(List.of(2018L, kw("fall")), val(sem, "semester/year+season"));
        long course = id("course/id", "BIO-101"), john = id("student/email", "johndoe@university.edu");
        TxReport reg = tx("[{:db/id \"r\" :reg/course [:course/id \"BIO-101\"] :reg/semester [:semester/year+season [2018 :fall]]"
                + "  :reg/student [:student/email \"johndoe@university.edu\"]}]");
        long rid = reg.tempid("r");
        assertEquals(List.of(course, sem, john), val(rid, "reg/course+semester+student"));
        // a second registration with the same parts is a unique conflict
        fails(Errors.UNIQUE_CONFLICT, "[{:reg/course [:course/id \"BIO-101\"] :reg/semester [:semester/year+season [2018 :fall]]"
                + "  :reg/student [:student/email \"johndoe@university.edu\"]}]");
        // changing a part recomputes the tuple, retracting the old one
        long jane = id("student/email", "jane@university.edu");
        TxReport ch = tx("[[:db/add " + rid + " :reg/student [:student/email \"jane@university.edu\"]]]");
        assertEquals(List.of(course, sem, jane), val(rid, "reg/course+semester+student"));
        assertTrue(shown(ch.dbAfter(), withoutTxInstant(ch)).contains(List.of(rid, kw("reg/course+semester+student"), List.of(course, sem, john), false)));
        // retracting a part leaves nil in its place; retracting all removes the tuple
        tx("[[:db/retract " + rid + " :reg/semester " + sem + "]]");
        assertEquals(java.util.Arrays.asList(course, null, jane), val(rid, "reg/course+semester+student"));
        tx("[[:db/retract " + rid + " :reg/course " + course + "] [:db/retract " + rid + " :reg/student " + jane + "]]");
        assertNull(val(rid, "reg/course+semester+student"));
        // retracting a referenced entity recomputes the composites that pointed at it
        tx("[[:db/add " + rid + " :reg/course " + course + "] [:db/add " + rid + " :reg/semester " + sem + "]]");
        assertEquals(java.util.Arrays.asList(course, sem, null), val(rid, "reg/course+semester+student"));
        tx("[[:db/retractEntity [:course/id \"BIO-101\"]]]");
        assertEquals(java.util.Arrays.asList(null, sem, null), val(rid, "reg/course+semester+student"));
        // the database maintains composites: an asserted one is accepted and dropped, as the peer does
        tx("[[:db/add " + rid + " :reg/course+semester+student [" + sem + " " + sem + " " + jane + "]]]");
        assertEquals(java.util.Arrays.asList(null, sem, null), val(rid, "reg/course+semester+student"));
    }

    // ---- schema -------------------------------------------------------------------------------

    @Test void installingAttributes() {
        TxReport r = tx("[{:db/ident :thing/size :db/valueType :db.type/long :db/cardinality :db.cardinality/one :db/doc \"How big\"}]");
        long attr = r.dbAfter().entid(kw("thing/size"));
        assertEquals(EntityIds.PART_DB, EntityIds.partition(attr));
        assertEquals("How big", val(attr, "db/doc"));
        tx("[{:thing/size 3}]");
        fails(Errors.INCORRECT_SCHEMA, "[{:db/ident :thing/bad :db/cardinality :db.cardinality/one}]");
        fails(Errors.INCORRECT_SCHEMA, "[{:db/ident :thing/bad :db/valueType :db.type/long}]");
        fails(Errors.INCORRECT_SCHEMA, "[{:db/ident :thing/bad :db/valueType :db.type/long :db/cardinality :db.cardinality/one :db/isComponent true}]");
        // an attribute cannot be used in the transaction that installs it
        fails(Errors.NOT_AN_ATTRIBUTE, "[{:db/ident :thing/color :db/valueType :db.type/string :db/cardinality :db.cardinality/one} {:thing/color \"red\"}]");
    }

    @Test void allowedSchemaAlterations() {
        long e = tx("[{:db/id \"e\" :person/name \"Ann\" :person/age 30}]").tempid("e");
        // docs
        tx("[{:db/id :person/name :db/doc \"The full name\"}]");
        assertEquals("The full name", val(conn.db().entid(kw("person/name")), "db/doc"));
        // rename
        long nameAttr = conn.db().entid(kw("person/name"));
        tx("[{:db/id :person/name :db/ident :person/full-name}]");
        assertEquals(nameAttr, conn.db().entid(kw("person/full-name")));
        assertEquals("Ann", val(e, "person/full-name"));
        tx("[[:db/add " + e + " :person/full-name \"Ann B\"]]");
        assertEquals("Ann B", val(e, "person/full-name"));
        // cardinality one -> many
        tx("[{:db/id :person/age :db/cardinality :db.cardinality/many}]");
        tx("[[:db/add " + e + " :person/age 31]]");
        assertEquals(Set.of(30L, 31L), vals(e, "person/age"));
        // uniqueness when the values are unique, then used for lookup and upsert
        tx("[{:db/id :person/full-name :db/unique :db.unique/identity}]");
        assertEquals(e, id("person/full-name", "Ann B"));
        assertEquals(e, tx("[{:db/id \"u\" :person/full-name \"Ann B\" :person/aliases \"up\"}]").tempid("u"));
        // dropping uniqueness
        tx("[[:db/retract :person/email :db/unique :db.unique/identity]]");
        tx("[{:person/email \"same@example.com\"} {:person/email \"same@example.com\"}]");
        assertEquals(2, count(conn.db(), "person/email"));
        // component and history flags
        tx("[{:db/id :person/spouse :db/isComponent true} {:db/id :person/aliases :db/noHistory true}]");
        assertTrue(conn.db().attribute(kw("person/spouse")).component());
        assertTrue(conn.db().attribute(kw("person/aliases")).noHistory());
    }

    @Test void forbiddenSchemaAlterations() {
        tx("[{:db/id \"a\" :person/aliases [\"x\" \"y\"] :person/name \"N\"} {:person/name \"N\"}]");
        fails(Errors.INCOMPATIBLE_SCHEMA_CHANGE, "[{:db/id :person/age :db/valueType :db.type/string}]");
        fails(Errors.INVALID_ALTER_ATTRIBUTE, "[{:db/id :person/aliases :db/cardinality :db.cardinality/one}]");
        fails(Errors.INVALID_ALTER_ATTRIBUTE, "[{:db/id :person/name :db/unique :db.unique/value}]");
        fails(Errors.DATOM_CANNOT_BE_ALTERED, "[{:db/id :db/ident :db/doc \"built-ins are fixed\" :db/cardinality :db.cardinality/many}]");
        tx("[{:db/ident :pt/x :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
                + " {:db/ident :pt/y :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]");
        tx("[{:db/ident :pt/xy :db/valueType :db.type/tuple :db/tupleAttrs [:pt/x :pt/y] :db/cardinality :db.cardinality/one}]");
        fails(Errors.INCOMPATIBLE_SCHEMA_CHANGE, "[{:db/id :pt/xy :db/tupleAttrs [:pt/y :pt/x]}]");
    }

    @Test void renamedIdentKeepsResolvingByItsOldName() {
        long attr = conn.db().entid(kw("person/name"));
        long e = tx("[{:db/id \"e\" :person/name \"Old\"}]").tempid("e");
        tx("[{:db/id :person/name :db/ident :person/full-name}]");
        // "Both the new ident and the old ident will refer to the entity" (Datomic, schema change)
        assertEquals(attr, conn.db().entid(kw("person/name")));
        assertEquals(attr, conn.db().entid(kw("person/full-name")));
        tx("[[:db/add " + e + " :person/name \"Via old name\"]]");
        assertEquals("Via old name", val(e, "person/full-name"));
        assertEquals(kw("person/full-name"), conn.db().ident(attr));
    }

    @Test void retransactingTheSameSchemaIsANoOp() {
        TxReport r = tx(SCHEMA);
        assertEquals(List.of(), withoutTxInstant(r), "attribute maps upsert through :db/ident");
        // an alteration written as an attribute map without :db/id
        tx("[{:db/ident :person/aliases :db/doc \"Other names\"} {:db/ident :color/red :db/doc \"Red\"}]");
        assertEquals("Other names", val(conn.db().entid(kw("person/aliases")), "db/doc"));
        assertEquals("Red", val(conn.db().entid(kw("color/red")), "db/doc"));
        // and attributes installed through an explicit :db.part/db tempid
        TxReport r2 = tx("[{:db/id #db/id[:db.part/db] :db/ident :thing/weight :db/valueType :db.type/double :db/cardinality :db.cardinality/one}]");
        assertEquals(EntityIds.PART_DB, EntityIds.partition(r2.dbAfter().entid(kw("thing/weight"))));
        tx("[{:thing/weight 2.5}]");
    }

    @Test void upsertedTempidAlsoResolvesInValuePosition() {
        long joe = tx("[{:person/email \"joe@example.com\"}]").dbAfter().entid(lookup("person/email", "joe@example.com"));
        TxReport r = tx("[{:db/id \"joe\" :person/email \"joe@example.com\"} {:db/id \"kim\" :person/name \"Kim\" :person/spouse \"joe\"}]");
        assertEquals(joe, r.tempid("joe"));
        assertEquals(joe, val(r.tempid("kim"), "person/spouse"));
        // a retracted identity value no longer upserts: the tempid is a new entity
        tx("[[:db/retract " + joe + " :person/email \"joe@example.com\"]]");
        TxReport r2 = tx("[{:db/id \"j2\" :person/email \"joe@example.com\"}]");
        assertNotEquals(joe, r2.tempid("j2"));
    }

    @Test void schemaSurvivesReopen() {
        tx("[{:db/id :person/name :db/ident :person/full-name} {:db/id :person/age :db/cardinality :db.cardinality/many}]");
        long e = tx("[{:db/id \"e\" :person/full-name \"R\" :person/age [1 2]}]").tempid("e");
        Db before = conn.db();
        conn.close();
        try (Connection c2 = Connection.open("test", t.dir, ConnectionOptions.defaults())) {
            Db db = c2.db();
            assertEquals(before.basisT(), db.basisT());
            assertEquals(before.nextT(), db.nextT());
            assertEquals(before.nextDbIndex(), db.nextDbIndex());
            assertEquals(all(before.history()), all(db.history()));
            assertEquals("R", val(db, e, "person/full-name"));
            assertEquals(Set.of(1L, 2L), vals(db, e, "person/age"));
            assertTrue(db.attribute(kw("person/age")).many());
        }
    }

    // ---- transaction functions ----------------------------------------------------------------

    @Test void serviceLoadedTransactionFunction() {
        long acct = tx("[{:db/id \"a\" :person/email \"fn@example.com\" :account/balance 10}]").tempid("a");
        tx("[[accrete.test/inc [:person/email \"fn@example.com\"] :account/balance 5]]");
        assertEquals(15L, val(acct, "account/balance"));
        // by keyword as well, and it sees the database before the transaction
        tx("[[:accrete.test/inc " + acct + " :person/age 1] [:db/add " + acct + " :person/name \"x\"]]");
        assertEquals(1L, val(acct, "person/age"));
        fails(Errors.DATOMS_CONFLICT, "[[:db/add " + acct + " :account/balance 100] [accrete.test/inc " + acct + " :account/balance 1]]");
        fails(Errors.TX_FUNCTION_FAILED, "[[accrete.test/boom 1 2]]");
        fails(Errors.NOT_A_DATA_FUNCTION, "[[accrete.test/no-such-fn 1]]");
    }

    @Test void registeredTransactionFunction() {
        long counter = tx("[{:db/id \"c\" :person/email \"counter@example.com\" :account/balance 0}]").tempid("c");
        // returns a map with the caller's tempid, and a call of another function
        conn.registerTxFunction(TxFunction.of("my.ns/add-person", (db, args) -> List.of(
                Map.of(kw("db/id"), args.get(0), kw("person/name"), args.get(1)),
                List.of(Symbol.of("accrete.test/inc"), lookup("person/email", "counter@example.com"), kw("account/balance"), 1L))));
        TxReport r = tx("[[my.ns/add-person \"p\" \"Paula\"] [:db/add \"p\" :person/age 3]]");
        long p = r.tempid("p");
        assertEquals("Paula", val(p, "person/name"));
        assertEquals(3L, val(p, "person/age"));
        assertEquals(1L, val(counter, "account/balance"));
        conn.registerTxFunction(TxFunction.of("my.ns/refuse", (db, args) -> {
            throw io.accrete.engine.error.Errors.error(Errors.CAS_FAILED, "refused by the function");
        }));
        fails(Errors.CAS_FAILED, "[[my.ns/refuse]]");
        // functions apply in with too
        TxReport w = conn.with(conn.db(), read("[[my.ns/add-person \"q\" \"Quinn\"]]"));
        assertEquals("Quinn", val(w.dbAfter(), w.tempid("q"), "person/name"));
        // a function calling itself without end is stopped
        conn.registerTxFunction(TxFunction.of("my.ns/loop", (db, args) -> List.of(List.of(Symbol.of("my.ns/loop")))));
        fails(Errors.TX_FUNCTION_FAILED, "[[my.ns/loop]]");
    }

    // ---- helpers ------------------------------------------------------------------------------

    static int count(Db db, String attr) {
        int n = 0;
        for (Datom ignored : db.datoms(Index.AEVT, Db.ANY_E, db.attributeStrict(kw(attr)).id(), null)) n++;
        return n;
    }
}
