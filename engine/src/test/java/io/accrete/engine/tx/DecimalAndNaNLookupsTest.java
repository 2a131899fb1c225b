package io.accrete.engine.tx;

import io.accrete.engine.error.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Transactions meeting the index lookups that go by number (a decimal at any scale, NaN): what the
 * Datomic 1.0.7622 peer answered for the same transactions, run side by side in a review probe.
 */
class DecimalAndNaNLookupsTest extends TxTestBase {

    @BeforeEach void schema() {
        tx("[{:db/ident :n/code :db/valueType :db.type/double :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                + " {:db/ident :n/dec :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                + " {:db/ident :n/plain :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/one :db/index true}"
                + " {:db/ident :n/label :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]");
    }

    @Test void aLookupRefOfNaNNamesNoEntity() {
        long three = tx("[{:db/id \"a\" :n/code 3.0 :n/label 1} {:db/id \"b\" :n/code 5.0 :n/label 2} {:n/dec 3.0M}]").tempid("a");
        // peer: :db.error/not-an-entity "Unable to resolve entity: [:p/code ##NaN]"
        fails(Errors.NOT_AN_ENTITY, "[[:db/add [:n/code ##NaN] :n/label 99]]");
        fails(Errors.NOT_AN_ENTITY, "[[:db/add [:n/dec ##NaN] :n/label 98]]");
        assertEquals(1L, val(three, "n/label"), "no entity was written through the NaN lookup ref");
    }

    @Test void makingAnAttributeUniqueSeesOneNumberAtTwoScales() {
        tx("[{:n/plain 1.5M} {:n/plain 1.50M}]");
        // peer: :db.error/invalid-alter-attribute naming :db.error/unique-violation
        fails(Errors.INVALID_ALTER_ATTRIBUTE, "[{:db/id :n/plain :db/unique :db.unique/identity}]");
    }

    // Found by DatomicParityShapesDifferentialProperties; the peer accepted each, as one entity whose
    // identity is the first scale written.
    @Test void twoTempidsAssertingOneIdentityNumberAtTwoScalesAreOneEntity() {
        TxReport r = tx("[{:db/id \"x\" :n/dec 1.5M} {:db/id \"y\" :n/dec 1.50M :n/label 7}]");
        assertEquals(r.tempid("x"), r.tempid("y"));
        assertEquals(new java.math.BigDecimal("1.5"), val(r.tempid("x"), "n/dec"));
        assertEquals(7L, val(r.tempid("x"), "n/label"));
        assertEquals(2, withoutTxInstant(r).size(), "one :n/dec datom and the label, at the first scale: " + r.txData());
        // and a map that upserts through another attribute takes the tempid along
        long ann = tx("[{:db/id \"a\" :n/code 1.0}]").tempid("a");
        tx("[{:n/code 1.0 :n/dec 2M} {:n/dec 2.0M :n/label 8}]");
        assertEquals(8L, val(ann, "n/label"));
        assertEquals(new java.math.BigDecimal("2"), val(ann, "n/dec"));
    }

    // Found by DatomicParityShapesDifferentialProperties: the peer takes two retractions of one number
    // at two scales as one, at the first scale, when the entity holds at most one of them (it refused
    // none of these; Accrete called the card-one pair a datoms conflict).
    @Test void twoRetractionsOfOneNumberAtTwoScalesAreOneAtTheFirstScale() {
        long e = tx("[{:db/id \"e\" :n/label 1 :n/plain 2M}]").tempid("e");
        tx("[[:db/retract " + e + " :n/plain 2.0M] [:db/retract " + e + " :n/plain 2M]]");
        assertEquals(new java.math.BigDecimal("2"), val(e, "n/plain"), "2.0M came first: nothing retracted");
        TxReport r = tx("[[:db/retract " + e + " :n/plain 2M] [:db/retract " + e + " :n/plain 2.0M]]");
        assertEquals(null, val(e, "n/plain"));
        assertEquals(1, withoutTxInstant(r).size(), r.txData().toString());
        assertEquals(0, withoutTxInstant(tx("[[:db/retract " + e + " :n/plain 2M] [:db/retract " + e + " :n/plain 2.0M]]")).size());
    }
}
