package io.accrete.engine.tx;

import io.accrete.engine.data.Edn;
import io.accrete.engine.error.Errors;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Transactions where Accrete differed from Datomic 1.0.7622 (found by
 * {@code DatomicTxReportDifferentialProperties}); each expectation is what Datomic does.
 */
class DatomicTxParityTest extends TxTestBase {

    @Test void compositeTupleMayBeInstalledWithItsParts() {
        tx("[{:db/ident :reg/course :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
                + " {:db/ident :reg/student :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
                + " {:db/ident :reg/key :db/valueType :db.type/tuple :db/tupleAttrs [:reg/course :reg/student]"
                + "  :db/cardinality :db.cardinality/one :db/unique :db.unique/value}]");
        TxReport r = tx("[{:db/id \"r\" :reg/course \"bio\" :reg/student \"ann\"}]");
        assertEquals(List.of("bio", "ann"), val(r.tempid("r"), "reg/key"));
    }

    @Test void compositeTupleInstalledWithItsPartsStillChecksThem() {
        fails(Errors.INCORRECT_SCHEMA, "[{:db/ident :reg/courses :db/valueType :db.type/string :db/cardinality :db.cardinality/many}"
                + " {:db/ident :reg/student :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
                + " {:db/ident :reg/key :db/valueType :db.type/tuple :db/tupleAttrs [:reg/courses :reg/student]"
                + "  :db/cardinality :db.cardinality/one}]");
        fails(Errors.INCORRECT_SCHEMA, "[{:db/ident :reg/student :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
                + " {:db/ident :reg/key :db/valueType :db.type/tuple :db/tupleAttrs [:reg/nothing :reg/student]"
                + "  :db/cardinality :db.cardinality/one}]");
    }

    @Test void aDoubleForAFloatAttributeIsNarrowedButALongIsNot() {
        tx("[{:db/ident :m/ratio :db/valueType :db.type/float :db/cardinality :db.cardinality/one}]");
        TxReport r = tx("[{:db/id \"m\" :m/ratio 0.1}]");
        assertEquals(0.1f, val(r.tempid("m"), "m/ratio"));
        assertEquals(Float.POSITIVE_INFINITY, val(tx("[{:db/id \"m\" :m/ratio 1e300}]").tempid("m"), "m/ratio"));
        fails(Errors.WRONG_TYPE, "[{:m/ratio 1}]");
    }

    @Test void datomicTxIsListedAmongTheTempids() {
        TxReport r = tx("[[:db/add \"datomic.tx\" :data/src \"import\"]]");
        assertEquals(txId(r), r.tempid("datomic.tx"));
        assertNull(tx("[{:person/email \"ann@x\"}]").tempid("datomic.tx"), "only a transaction that names itself lists it");
    }

    @Test void casOnALookupRefThatFindsNothingFailsTheCompare() {
        fails(Errors.CAS_FAILED, "[[:db/cas [:person/email \"nobody@x\"] :person/age 1 2]]");
        // with no value expected there is nothing to compare, and the entity itself is missing
        fails(Errors.NOT_AN_ENTITY, "[[:db/cas [:person/email \"nobody@x\"] :person/age nil 2]]");
    }

    @Test void failedCasIsReportedBeforeLaterUnresolvedIds() {
        tx("[{:person/email \"ann@x\" :person/age 30}]");
        fails(Errors.CAS_FAILED, "[[:db/cas [:person/email \"ann@x\"] :person/age 31 32]"
                + " [:db/add [:person/email \"nobody@x\"] :person/age 1]]");
        // Datomic resolves ids form by form, so an earlier unresolvable one still comes first
        fails(Errors.NOT_AN_ENTITY, "[[:db/add [:person/email \"nobody@x\"] :person/age 1]"
                + " [:db/cas [:person/email \"ann@x\"] :person/age 31 32]]");
    }

    @Test void twoEntitiesAssertingOneUniqueValueConflictAsDatoms() {
        tx("[{:person/email \"ann@x\" :person/ssn \"held\"} {:person/email \"bob@x\"} {:person/email \"cid@x\"}]");
        fails(Errors.DATOMS_CONFLICT, "[{:person/email \"new1@x\" :person/ssn \"1\"} {:person/email \"new2@x\" :person/ssn \"1\"}]");
        fails(Errors.DATOMS_CONFLICT, "[[:db/add [:person/email \"bob@x\"] :person/handle \"h\"] [:db/add [:person/email \"cid@x\"] :person/handle \"h\"]]");
        // ahead of the conflict with the value ann holds, even when it comes first
        fails(Errors.DATOMS_CONFLICT, "[[:db/add [:person/email \"bob@x\"] :person/ssn \"held\"] [:db/add [:person/email \"cid@x\"] :person/ssn \"held\"]]");
        fails(Errors.UNIQUE_CONFLICT, "[[:db/add [:person/email \"bob@x\"] :person/ssn \"held\"]]");
    }

    @Test void twoRetractionsOfACardinalityOneAttributeConflict() {
        tx("[{:person/email \"ann@x\" :person/age 2}]");
        fails(Errors.DATOMS_CONFLICT, "[[:db/retract [:person/email \"ann@x\"] :person/age 1] [:db/retract [:person/email \"ann@x\"] :person/age]]");
        fails(Errors.DATOMS_CONFLICT, "[[:db/retract [:person/email \"ann@x\"] :person/age 1] [:db/retract [:person/email \"ann@x\"] :person/age 2]]");
        TxReport r = tx("[[:db/retract [:person/email \"ann@x\"] :person/age 2] [:db/retract [:person/email \"ann@x\"] :person/age]]");
        assertEquals(1, withoutTxInstant(r).size());
        assertNull(val(id("person/email", "ann@x"), "person/age"));
    }

    @Test void conflictingDatomsAreReportedBeforeATempidThatResolvesToTwoEntities() {
        tx("[{:person/email \"ann@x\"} {:person/handle \"bob\"}]");
        fails(Errors.UNIQUE_CONFLICT, "[{:person/email \"ann@x\" :person/handle \"bob\"}]");
        fails(Errors.DATOMS_CONFLICT, "[{:person/email \"ann@x\" :person/handle \"bob\"}"
                + " [:db/add \"datomic.tx\" :data/src \"a\"] [:db/add \"datomic.tx\" :data/src \"b\"]]");
    }

    // Found by a review against Datomic 1.0.7622 (stop 19).

    @Test void anEarlierTransactionsInstantCannotChange() {
        TxReport first = tx("[{:person/email \"ann@x\"}]");
        long old = txId(first);
        fails(Errors.RESET_TX_INSTANT, "[[:db/add " + old + " :db/txInstant #inst \"2030-01-01\"]]");
        Object instant = val(old, "db/txInstant");
        fails(Errors.RESET_TX_INSTANT, "[[:db/retract " + old + " :db/txInstant " + io.accrete.engine.data.Edn.print(instant) + "]]");
        // Other facts about an earlier transaction are fine.
        tx("[[:db/add " + old + " :data/src \"backfill\"]]");
        assertEquals("backfill", val(old, "data/src"));
    }

    // Checked on Datomic 1.0.7622 (datomic:mem): "Boot datoms cannot be altered" is any retraction on
    // a built-in entity; assertions of user attributes are accepted.
    @Test void builtInDatomsCannotBeAltered() {
        fails(Errors.DATOM_CANNOT_BE_ALTERED, "[[:db/retract :db/doc :db/ident :db/doc]]");
        fails(Errors.DATOM_CANNOT_BE_ALTERED, "[[:db/add :db/doc :db/doc \"x\"]]");
        fails(Errors.DATOM_CANNOT_BE_ALTERED, "[[:db/retractEntity :db.part/user]]");
        assertEquals(kw("db/doc"), conn.db().attributeStrict(kw("db/doc")).ident(), "still there");
    }

    // Checked on Datomic 1.0.7622: refused at install (components-must-be-refs), accepted as an
    // alteration, after which the values stay plain values for pull and retractEntity.
    @Test void aNonRefAttributeMayBecomeAComponentByAlterationAndKeepsPlainValues() {
        fails(Errors.INCORRECT_SCHEMA, "[{:db/ident :p/age2 :db/valueType :db.type/long :db/cardinality :db.cardinality/one :db/isComponent true}]");
        long ann = tx("[{:db/id \"a\" :person/email \"ann@x\"}]").tempid("a");
        tx("[{:db/id :person/age :db/isComponent true} {:db/id :person/aliases :db/isComponent true}"
                + " {:db/ident :n/many :db/valueType :db.type/long :db/cardinality :db.cardinality/many}]");
        tx("[{:db/id :n/many :db/isComponent true}]");
        assertTrue(conn.db().attribute(kw("person/age")).component());
        long bob = tx("[{:db/id \"b\" :person/email \"bob@x\" :person/age " + ann + " :n/many [" + ann + " 7] :person/aliases \"x\"}]").tempid("b");
        Map<?, ?> all = io.accrete.engine.pull.Pull.pull(conn.db(), "[*]", bob);
        assertEquals(ann, all.get(kw("person/age")), "a long, not a component map");
        assertEquals(Set.of(7L, ann), Set.copyOf((Collection<?>) all.get(kw("n/many"))));
        assertEquals(Map.of(kw("person/age"), ann, kw("person/aliases"), List.of("x")),
                io.accrete.engine.pull.Pull.pull(conn.db(), "[:person/age :person/aliases]", bob));
        TxReport r = tx("[[:db/retractEntity " + bob + "]]");
        assertTrue(withoutTxInstant(r).stream().allMatch(d -> d.e() == bob), "ann is no component of bob's");
        assertEquals("ann@x", val(ann, "person/email"));
    }

    @Test void builtInEntitiesTakeUserFactsButNeverLoseOne() {
        for (String builtIn : List.of(":db.part/user", ":db.part/db", ":db.part/tx", ":db/doc", ":db.type/long")) {
            tx("[[:db/add " + builtIn + " :person/age 1] [:db/add " + builtIn + " :person/aliases \"x\"]]");
            assertEquals(1L, val(conn.db().entid(kw(builtIn.substring(1))), "person/age"), builtIn);
            tx("[[:db/add " + builtIn + " :person/aliases \"y\"]]");
            // no retraction, explicit or by replacing a cardinality-one value
            fails(Errors.DATOM_CANNOT_BE_ALTERED, "[[:db/add " + builtIn + " :person/age 2]]");
            fails(Errors.DATOM_CANNOT_BE_ALTERED, "[[:db/retract " + builtIn + " :person/age 1]]");
            fails(Errors.DATOM_CANNOT_BE_ALTERED, "[[:db/retract " + builtIn + " :person/aliases \"y\"]]");
            fails(Errors.DATOM_CANNOT_BE_ALTERED, "[[:db/retract " + builtIn + " :person/age]]");
        }
        // an upsert onto a built-in entity is refused only where it would retract
        tx("[[:db/add :db.part/user :person/email \"user-part\"]]");
        fails(Errors.DATOM_CANNOT_BE_ALTERED, "[[:db/add \"x\" :person/email \"user-part\"] [:db/add \"x\" :person/age 5]]");
        // built-in attributes stay refused (those Datomic refuses: each would replace a built-in value)
        fails(Errors.DATOM_CANNOT_BE_ALTERED, "[[:db/add :db.part/user :db/doc \"x\"]]");
        fails(Errors.DATOM_CANNOT_BE_ALTERED, "[[:db/add :db.part/user :db/ident :foo]]");
        fails(Errors.DATOM_CANNOT_BE_ALTERED, "[[:db/add :db.type/long :db/ident :foo]]");
        fails(Errors.DATOM_CANNOT_BE_ALTERED, "[[:db/add :db/txInstant :db/doc \"x\"]]");
    }

    @Test void minusZeroIsZeroAndADecimalsScaleIsPartOfIt() {
        tx("[{:db/ident :n/d :db/valueType :db.type/double :db/cardinality :db.cardinality/many}"
                + " {:db/ident :n/m :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/many}"
                + " {:db/ident :n/one :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/one}]");
        long e = tx("[{:db/id \"e\" :n/d [0.0 -0.0] :n/m [1.5M 1.50M] :n/one 1.0M}]").tempid("e");
        assertEquals(1, vals(conn.db(), e, "n/d").size(), "-0.0 and 0.0 are one value");
        assertEquals(Set.of(new java.math.BigDecimal("1.5")), vals(conn.db(), e, "n/m"), "1.5M and 1.50M in one transaction are one, the first");
        assertTrue(withoutTxInstant(tx("[[:db/add " + e + " :n/d -0.0]]")).isEmpty(), "redundant");
        // A compare-and-swap compares by value: 1.00M matches 1.0M.
        tx("[[:db/cas " + e + " :n/one 1.00M 2.0M]]");
        assertEquals(new java.math.BigDecimal("2.0"), val(e, "n/one"));
    }

    // Checked on Datomic 1.0.7622 (datomic:mem), form by form.
    @Test void oneNumberAtTwoScalesIsOneFactWithinATransaction() {
        tx("[{:db/ident :n/m :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/many}"
                + " {:db/ident :n/one :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/one}]");
        for (String[] firstThen : new String[][] {{"7.5M", "7.50M"}, {"7.50M", "7.5M"}}) {
            Object first = Edn.read(firstThen[0]);
            for (String attr : List.of("n/one", "n/m")) {
                TxReport r = tx("[[:db/add \"e\" :" + attr + " " + firstThen[0] + "] [:db/add \"e\" :" + attr + " " + firstThen[1] + "]]");
                assertEquals(Set.of(first), vals(conn.db(), r.tempid("e"), attr), attr + " keeps the first scale");
                assertEquals(1, withoutTxInstant(r).size());
            }
        }
        long e = tx("[{:db/id \"e\" :person/email \"e@x\" :n/one 7.5M :n/m 7.5M}]").tempid("e");
        fails(Errors.DATOMS_CONFLICT, "[[:db/add " + e + " :n/one 8M] [:db/retract " + e + " :n/one 8.0M]]");
        fails(Errors.DATOMS_CONFLICT, "[[:db/add " + e + " :n/m 9M] [:db/retract " + e + " :n/m 9.0M]]");
        // across transactions the scale is part of the value
        TxReport other = tx("[[:db/add " + e + " :n/one 7.50M] [:db/add " + e + " :n/m 7.500M]]");
        assertEquals(Set.of(List.of(e, kw("n/one"), Edn.read("7.50M"), true), List.of(e, kw("n/one"), Edn.read("7.5M"), false),
                List.of(e, kw("n/m"), Edn.read("7.500M"), true)), shown(conn.db(), withoutTxInstant(other)));
        // retracting both scales leaves neither (Datomic's report shows one retraction, Accrete's two)
        tx("[[:db/retract " + e + " :n/m 7.500M] [:db/retract " + e + " :n/m 7.5M]]");
        assertEquals(Set.of(), vals(conn.db(), e, "n/m"));
    }

    @Test void aTempidMayBeRetractedFrom() {
        tx("[{:person/email \"ann@x\" :person/age 30}]");
        // Upserted to Ann by the other form: her age goes.
        tx("[[:db/add \"x\" :person/email \"ann@x\"] [:db/retract \"x\" :person/age 30]]");
        assertNull(val(id(conn.db(), "person/email", "ann@x"), "person/age"));
        // A new entity has nothing to retract: nothing changes.
        assertTrue(withoutTxInstant(tx("[[:db/retract \"y\" :person/age 30]]")).isEmpty());
    }

    @Test void aCompositeTupleInTxDataIsForUpsertingByAndIsNeverStoredAsGiven() {
        tx("[{:db/ident :s/a :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
                + " {:db/ident :s/b :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
                + " {:db/ident :s/n :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
                + " {:db/ident :s/ab :db/valueType :db.type/tuple :db/tupleAttrs [:s/a :s/b] :db/cardinality :db.cardinality/one"
                + "  :db/unique :db.unique/identity}]");
        long a = tx("[{:db/id \"a\" :s/a \"A\" :s/b 1 :s/n 1}]").tempid("a");
        // Asserted on an existing entity: accepted and dropped; the members decide.
        tx("[[:db/add " + a + " :s/ab [\"Q\" 7]]]");
        assertEquals(List.of("A", 1L), val(a, "s/ab"));
        // Upsert through the composite identity.
        TxReport r = tx("[{:db/id \"n\" :s/ab [\"A\" 1] :s/n 99}]");
        assertEquals(a, r.tempid("n"));
        assertEquals(99L, val(a, "s/n"));
        fails(Errors.INVALID_TUPLE, "[{:db/id \"m\" :s/ab [\"A\"]}]");
    }

    @Test void aMapWithOnlyItsDbIdMakesNoEntity() {
        // a reference to such a tempid points at nothing, so Datomic refuses it
        fails(Errors.TEMPID_NOT_AN_ENTITY, "[{:db/id \"y\" :person/email \"y@x\" :person/spouse \"x\"} {:db/id \"x\"}]");
        fails(Errors.TEMPID_NOT_AN_ENTITY, "[{:person/email \"a@x\" :person/address {}}]");
        fails(Errors.TEMPID_NOT_AN_ENTITY, "[{:person/email \"a@x\" :person/address {:db/id \"x\"}}]");
        // nor does one whose keys assert nothing about it: an empty collection, a reverse reference
        fails(Errors.TEMPID_NOT_AN_ENTITY, "[{:db/id \"q\" :person/friends []} {:db/id \"r\" :person/email \"r@x\" :person/spouse \"q\"}]");
        fails(Errors.TEMPID_NOT_AN_ENTITY, "[{:db/id \"q\" :person/_friends \"r\"} {:db/id \"r\" :person/email \"r@x\" :person/spouse \"q\"}]");
        assertEquals(0, withoutTxInstant(tx("[{:db/id \"q\" :person/friends []}]")).size());
        // alone it is no error: nothing is made, and no tempid is reported
        TxReport r = tx("[{:db/id \"x\"}]");
        assertNull(r.tempid("x"));
        assertEquals(0, withoutTxInstant(r).size());
        // named elsewhere as an entity, it is one
        TxReport s = tx("[{:db/id \"x\"} {:db/id \"y\" :person/email \"y@x\" :person/spouse \"x\"} [:db/add \"x\" :person/email \"x@x\"]]");
        assertEquals(s.tempid("x"), val(s.tempid("y"), "person/spouse"));
    }

    @Test void aNestedMapUnderAPlainRefNeedsAnIdentityNotJustAUniqueValue() {
        fails(Errors.INVALID_NESTED_ENTITY, "[{:person/email \"a@x\" :person/spouse {:person/ssn \"123\"}}]");
        fails(Errors.INVALID_NESTED_ENTITY, "[{:person/email \"a@x\" :person/friends [{:person/ssn \"123\"}]}]");
        TxReport r = tx("[{:db/id \"a\" :person/email \"a@x\" :person/spouse {:person/email \"b@x\" :person/ssn \"123\"}}]");
        assertEquals(id("person/email", "b@x"), val(r.tempid("a"), "person/spouse"));
    }

    @Test void anAttributesCardinalityCannotBeRemoved() {
        fails(Errors.INVALID_ALTER_ATTRIBUTE, "[[:db/retract :person/age :db/cardinality :db.cardinality/one]]");
        // replacing it is an alteration like any other
        tx("[[:db/add :person/age :db/cardinality :db.cardinality/many]]");
        assertTrue(conn.db().schema().attribute(kw("person/age")).many());
    }

    /** Not a Datomic rule but a round-trip one: such a string would come back from every answer changed. */
    @Test void aStringWithAnUnpairedSurrogateIsRefused() {
        fails(Errors.WRONG_TYPE, List.of(java.util.Map.of(kw("person/email"), "a\ud800b")));
        fails(Errors.WRONG_TYPE, List.of(java.util.Map.of(kw("person/email"), "\udc00")));
        TxReport r = tx(List.of(java.util.Map.of(kw("db/id"), "a", kw("person/email"), "smile \ud83d\ude00")));
        assertEquals("smile \ud83d\ude00", val(r.tempid("a"), "person/email"));
    }

    @Test void retractingAnEntityThatAnIdentDoesNotNameDoesNothing() {
        assertEquals(0, withoutTxInstant(tx("[[:db/retractEntity :nope/x]]")).size());
        assertEquals(0, withoutTxInstant(tx("[[:db/retractEntity [:person/email \"nobody@x\"]]]")).size());
        fails(Errors.NOT_AN_ENTITY, "[[:db/retract :nope/x :person/name \"q\"]]");
    }

    // Datomic 1.0.7622 drops an assertion of the value a :db.part/db entity (an attribute) holds before
    // it looks for conflicts, so another value of the same cardinality-one attribute replaces it; on a
    // user entity the two still conflict (found by DatomicParityShapesDifferentialProperties).
    @Test void onAnAttributeTheHeldValueAndAnotherAreNoConflict() {
        tx("[[:db/add :person/age :db/ident :person/age] [:db/add :person/age :db/ident :person/years]]");
        assertNotNull(conn.db().entid(kw("person/years")));
        assertEquals(kw("person/years"), conn.db().ident(conn.db().entid(kw("person/years"))));
        tx("[[:db/add :person/years :db/doc \"a\"]]");
        TxReport r = tx("[[:db/add :person/years :db/doc \"b\"] [:db/add :person/years :db/doc \"a\"]]");
        assertEquals("b", val(conn.db().entid(kw("person/years")), "db/doc"));
        assertEquals(2, withoutTxInstant(r).size(), "\"a\" retracted, \"b\" asserted: " + r.txData());
        // asserting and retracting the held value retracts it, either way round
        r = tx("[[:db/add :person/years :db/doc \"b\"] [:db/retract :person/years :db/doc \"b\"]]");
        assertNull(val(conn.db().entid(kw("person/years")), "db/doc"));
        assertEquals(1, withoutTxInstant(r).size(), r.txData().toString());
        tx("[[:db/add :person/years :db/doc \"b\"]]");
        tx("[[:db/retract :person/years :db/doc \"b\"] [:db/add :person/years :db/doc \"b\"]]");
        assertNull(val(conn.db().entid(kw("person/years")), "db/doc"));
        tx("[[:db/add :person/years :db/doc \"b\"]]");
        // a third value still conflicts, and so do two values on a user entity
        fails(Errors.DATOMS_CONFLICT, "[[:db/add :person/years :db/doc \"b\"] [:db/add :person/years :db/doc \"c\"] [:db/add :person/years :db/doc \"d\"]]");
        tx("[{:person/email \"ann@x\" :person/age 1}]");
        fails(Errors.DATOMS_CONFLICT, "[[:db/add [:person/email \"ann@x\"] :person/years 1] [:db/add [:person/email \"ann@x\"] :person/years 2]]");
    }

    // Datomic 1.0.7622 answers not-an-entity (not wrong-type-for-attribute) for a ref value that
    // designates no entity, alone or in a card-many vector (found by DatomicParityShapesDifferentialProperties).
    @Test void aRefValueThatDesignatesNoEntityIsNotAnEntity() {
        tx("[{:person/email \"ann@x\"}]");
        for (String v : List.of("1.5M", "1.5", "true", "#inst \"2020-01-01\"", "#uuid \"6f1b6f1b-6f1b-6f1b-6f1b-6f1b6f1b6f1b\""))
            fails(Errors.NOT_AN_ENTITY, "[{:person/email \"ann@x\" :person/spouse " + v + "}]");
        fails(Errors.NOT_AN_ENTITY, "[{:person/email \"ann@x\" :person/friends [:person/email 1.5M]}]");
    }

    // Datomic 1.0.7622 reads a string attribute before it resolves the entity: each of these is
    // not-a-keyword there, though the entity is missing too (found by DatomicParityShapesDifferentialProperties).
    @Test void aStringAttributeWithoutItsColonIsRefusedBeforeAMissingEntity() {
        fails(Errors.NOT_A_KEYWORD, "[[:db/add [:person/email \"nobody@x\"] \"person/age\" 1]]");
        fails(Errors.NOT_A_KEYWORD, "[[:db/retract [:person/email \"nobody@x\"] \"person/age\" 1]]");
        fails(Errors.NOT_A_KEYWORD, "[[:db/add :nope/x \"person/age\" 1]]");
        fails(Errors.NOT_A_KEYWORD, "[{:db/id [:person/email \"nobody@x\"] \"person/age\" 1}]");
        // an unknown attribute keyword still comes after the entity, as in Datomic
        fails(Errors.NOT_AN_ENTITY, "[[:db/add [:person/email \"nobody@x\"] :nope/x 1]]");
    }

    // Datomic 1.0.7622 answered :db.error/not-a-keyword for each of these ("Cannot interpret as a
    // keyword: p/name, no leading :"), and accepted the same forms written with the colon.
    @Test void aStringNamingAnAttributeOrOperationNeedsItsLeadingColon() {
        tx("[{:person/email \"ann@x\" :person/age 1}]");
        fails(Errors.NOT_A_KEYWORD, "[{\"person/email\" \"bob@x\"}]");
        fails(Errors.NOT_A_KEYWORD, "[{\"db/id\" \"b\" :person/email \"bob@x\"}]");
        fails(Errors.NOT_A_KEYWORD, "[{:person/email \"bob@x\" \"person/_friends\" [:person/email \"ann@x\"]}]");
        fails(Errors.NOT_A_KEYWORD, "[[:db/add \"b\" \"person/email\" \"bob@x\"]]");
        fails(Errors.NOT_A_KEYWORD, "[[\"db/add\" \"b\" :person/email \"bob@x\"]]");
        fails(Errors.NOT_A_KEYWORD, "[[:db/retract [:person/email \"ann@x\"] \"person/age\" 1]]");
        fails(Errors.NOT_A_KEYWORD, "[[:db/retract [:person/email \"ann@x\"] \"person/age\"]]");
        fails(Errors.NOT_A_KEYWORD, "[[:db/cas [:person/email \"ann@x\"] \"person/age\" 1 2]]");
        fails(Errors.NOT_A_KEYWORD, "[[:db/add [\"person/email\" \"ann@x\"] :person/age 2]]");
        // checked before the name is resolved: an attribute the same transaction defines is no exception
        fails(Errors.NOT_A_KEYWORD, "[{:db/ident :q/x :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
                + " [:db/add [:person/email \"ann@x\"] \"q/x\" 1]]");

        TxReport r = tx("[{\":db/id\" \"b\" \":person/email\" \"bob@x\"} [\":db/add\" \"c\" \":person/email\" \"cid@x\"]"
                + " [:db/add [\":person/email\" \"ann@x\"] \":person/age\" 2]]");
        assertEquals("bob@x", val(r.tempid("b"), "person/email"));
        assertEquals("cid@x", val(r.tempid("c"), "person/email"));
        assertEquals(2L, val(id("person/email", "ann@x"), "person/age"));
    }

    // Datomic 1.0.7622 reads a vector under a cardinality-many ref as a collection of values, even one
    // shaped like a lookup ref: [:person/email "ann@x"] is the attribute's entity and a tempid "ann@x"
    // (used only as a value: :db.error/tempid-not-an-entity). A lookup ref goes in a vector of its own.
    @Test void aVectorUnderACardinalityManyRefIsAlwaysACollection() {
        tx("[{:person/email \"ann@x\"} {:person/email \"bob@x\"}]");
        long ann = id("person/email", "ann@x"), bob = id("person/email", "bob@x");
        fails(Errors.TEMPID_NOT_AN_ENTITY, "[{:person/email \"cid@x\" :person/friends [:person/email \"ann@x\"]}]");
        TxReport r = tx("[{:person/email \"cid@x\" :person/friends [:person/age :color/red]}]");
        assertEquals(java.util.Set.of((long) attrId("person/age"), conn.db().entid(kw("color/red"))), vals(id("person/email", "cid@x"), "person/friends"));
        tx("[{:person/email \"dan@x\" :person/friends [[:person/email \"ann@x\"]]}]");
        assertEquals(java.util.Set.of(ann), vals(id("person/email", "dan@x"), "person/friends"));
        tx("[{:person/email \"eve@x\" :person/friends [[:person/email \"ann@x\"] [:person/email \"bob@x\"]]}]");
        assertEquals(java.util.Set.of(ann, bob), vals(id("person/email", "eve@x"), "person/friends"));
        // under a cardinality-one ref the same vector is one lookup ref
        tx("[{:person/email \"fay@x\" :person/spouse [:person/email \"ann@x\"]}]");
        assertEquals(ann, val(id("person/email", "fay@x"), "person/spouse"));
        assertNotNull(r);
    }

    // What Datomic 1.0.7622 answered for each form: it resolves a tuple's ref members as it resolves a
    // ref value (idents, lookup refs, tempids, "datomic.tx"), leaves a keyword member alone, takes an
    // entity id as written, and fails an ident that names nothing before it checks the tuple's size.
    @Test void aTuplesRefMembersResolveIdentsLookupRefsAndTempids() {
        tx("[{:db/ident :t/refs :db/valueType :db.type/tuple :db/tupleType :db.type/ref :db/cardinality :db.cardinality/one}"
                + " {:db/ident :t/mixed :db/valueType :db.type/tuple :db/tupleTypes [:db.type/ref :db.type/long] :db/cardinality :db.cardinality/one}"
                + " {:db/ident :t/kw :db/valueType :db.type/tuple :db/tupleTypes [:db.type/keyword :db.type/ref] :db/cardinality :db.cardinality/one}"
                + " {:person/email \"ann@x\"} {:person/email \"bob@x\"}]");
        long ann = id("person/email", "ann@x"), bob = id("person/email", "bob@x"), red = conn.db().entid(kw("color/red"));
        TxReport r = tx("[{:db/id \"c\" :person/email \"cid@x\" :t/refs [:color/red [:person/email \"bob@x\"]]"
                + " :t/mixed [\"d\" 1] :t/kw [:color/red :color/red]} {:db/id \"d\" :person/email \"dan@x\"}]");
        long c = r.tempid("c");
        assertEquals(List.of(red, bob), val(c, "t/refs"));
        assertEquals(List.of(r.tempid("d"), 1L), val(c, "t/mixed"));
        assertEquals(List.of(kw("color/red"), red), val(c, "t/kw"));
        // a tempid that upserts is the entity it upserts to; "datomic.tx" is the transaction
        tx("[{:db/id \"a\" :person/email \"ann@x\"} {:db/id \"c\" :person/email \"cid@x\" :t/mixed [\"a\" 2]}]");
        assertEquals(List.of(ann, 2L), val(c, "t/mixed"));
        TxReport viaTx = tx("[{:person/email \"cid@x\" :t/mixed [\"datomic.tx\" 3]}]");
        assertEquals(List.of(txId(viaTx), 3L), val(c, "t/mixed"));
        assertNull(viaTx.tempid("datomic.tx"), "Datomic lists it only when it names an entity");
        // a retraction resolves them too
        tx("[[:db/retract [:person/email \"cid@x\"] :t/refs [:color/red [:person/email \"bob@x\"]]]]");
        assertNull(val(c, "t/refs"));
        fails(Errors.TEMPID_NOT_AN_ENTITY, "[{:person/email \"cid@x\" :t/mixed [\"nowhere\" 1]}]");
        fails(Errors.NOT_AN_ENTITY, "[{:person/email \"cid@x\" :t/refs [:nope/nope]}]");
        fails(Errors.NOT_AN_ENTITY, "[{:person/email \"cid@x\" :t/refs [[:person/email \"nobody@x\"] :color/red]}]");
        fails(Errors.INVALID_TUPLE, "[{:person/email \"cid@x\" :t/refs [:color/red]}]");
    }

    // Datomic 1.0.7622 compares a ref's old value as written: the entity id matches, while the ident or
    // lookup ref naming the same entity fails the compare ("Compare failed: :color/red 17592186045417").
    @Test void casComparesARefsOldValueAsWritten() {
        tx("[{:person/email \"ann@x\" :person/color :color/red}]");
        tx("[{:person/email \"bob@x\" :person/spouse [:person/email \"ann@x\"]}]");
        long ann = id("person/email", "ann@x"), red = conn.db().entid(kw("color/red"));
        fails(Errors.CAS_FAILED, "[[:db/cas [:person/email \"ann@x\"] :person/color :color/red :color/green]]");
        fails(Errors.CAS_FAILED, "[[:db/cas [:person/email \"bob@x\"] :person/spouse [:person/email \"ann@x\"] :color/red]]");
        fails(Errors.CAS_FAILED, "[[:db/cas [:person/email \"bob@x\"] :person/spouse \"t\" [:person/email \"ann@x\"]] [:db/add \"t\" :person/email \"ann@x\"]]");
        tx("[[:db/cas [:person/email \"ann@x\"] :person/color " + red + " :color/green]]");
        assertEquals(conn.db().entid(kw("color/green")), val(ann, "person/color"));
    }

    // Datomic 1.0.7622: a string entity in :db/cas is read as an ident ("new" is not-a-keyword,
    // ":color/red" names :color/red); a #db/id or negative tempid makes a new entity, which holds no
    // value to compare, even when it upserts (nil matches and replaces the upserted entity's value).
    @Test void casOnATempidComparesAgainstANewEntity() {
        fails(Errors.NOT_A_KEYWORD, "[[:db/cas \"new\" :person/age nil 5]]");
        fails(Errors.NOT_A_KEYWORD, "[[:db/cas \"new\" :person/age nil 5] [:db/add \"new\" :person/email \"zed@x\"]]");
        fails(Errors.NOT_A_KEYWORD, "[[:db/cas \"datomic.tx\" :db/doc nil \"d\"]]");
        tx("[[:db/cas \":color/red\" :db/doc nil \"red\"]]");
        assertEquals("red", val(conn.db().entid(kw("color/red")), "db/doc"));

        TxReport r = tx("[[:db/cas -1 :person/age nil 5] [:db/add -1 :person/email \"zed@x\"]]");
        assertEquals(5L, val(r.tempid(-1L), "person/age"));
        tx("[{:person/email \"ann@x\" :person/age 1}]");
        long ann = id("person/email", "ann@x");
        fails(Errors.CAS_FAILED, "[[:db/cas #db/id[:db.part/user -5] :person/age 1 5] [:db/add #db/id[:db.part/user -5] :person/email \"ann@x\"]]");
        tx("[[:db/cas #db/id[:db.part/user -5] :person/age nil 5] [:db/add #db/id[:db.part/user -5] :person/email \"ann@x\"]]");
        assertEquals(5L, val(ann, "person/age"));
    }

    // Datomic 1.0.7622 ignores what follows the value of :db/add and :db/retract (a 5th "tx" element,
    // even a 6th), and refused no 5-element form it was given.
    @Test void elementsPastTheValueAreIgnored() {
        tx("[{:person/email \"ann@x\" :person/age 1}]");
        long ann = id("person/email", "ann@x");
        tx("[[:db/add [:person/email \"ann@x\"] :person/age 7 \"datomic.tx\"]]");
        assertEquals(7L, val(ann, "person/age"));
        tx("[[:db/add [:person/email \"ann@x\"] :person/age 8 :garbage 2]]");
        assertEquals(8L, val(ann, "person/age"));
        tx("[[:db/retract [:person/email \"ann@x\"] :person/age 8 123]]");
        assertNull(val(ann, "person/age"));
    }

    // Datomic 1.0.7622: invalid-alter-attribute, naming :db.error/unique-violation and the datoms
    // (for an attribute with :db/index true; without it Datomic names unique-without-index first).
    @Test void makingAnAttributeWithSharedValuesUniqueIsAnInvalidAlteration() {
        tx("[{:person/name \"same\"} {:person/name \"same\"}]");
        fails(Errors.INVALID_ALTER_ATTRIBUTE, "[{:db/id :person/name :db/unique :db.unique/identity}]");
    }

    // Datomic 1.0.7622 takes any entity id as a ref value, allocated or not (500, 17592186045500 and an
    // id in no partition were all accepted), while it refuses most of them as the entity of a datom.
    @Test void anEntityIdNeverAllocatedIsAValidRefValue() {
        tx("[{:person/email \"ann@x\"}]");
        long ann = id("person/email", "ann@x");
        long ahead = conn.db().nextT() + 1000 + io.accrete.engine.index.EntityIds.make(io.accrete.engine.index.EntityIds.PART_USER, 0);
        tx("[[:db/add [:person/email \"ann@x\"] :person/friends " + ahead + "] [:db/add [:person/email \"ann@x\"] :person/spouse 500]]");
        assertEquals(java.util.Set.of(ahead), vals(ann, "person/friends"));
        assertEquals(500L, val(ann, "person/spouse"));
        tx("[[:db/retract [:person/email \"ann@x\"] :person/friends " + ahead + "]]");
        assertEquals(java.util.Set.of(), vals(ann, "person/friends"));
        fails(Errors.INVALID_ENTITY_ID, "[[:db/add " + ahead + " :person/age 1]]");
    }

    // Datomic 1.0.7622 reads a string with a leading colon in an entity or ref-value position as the
    // ident it names (writing onto that entity), and an unknown one as not-an-entity; never as a tempid.
    @Test void aStringWithALeadingColonNamesAnIdentNotATempid() {
        long red = conn.db().entid(kw("color/red"));
        TxReport r = tx("[{:db/id \":color/red\" :db/doc \"the colour red\"} {:db/id \"n\" :person/email \"n@x\" :person/color \":color/red\"}]");
        assertEquals("the colour red", val(red, "db/doc"));
        assertEquals(red, val(r.tempid("n"), "person/color"));
        assertNull(r.tempid(":color/red"), "not a tempid");
        fails(Errors.NOT_AN_ENTITY, "[{:db/id \":new/thing\" :person/email \"x@x\"}]");
    }
}
