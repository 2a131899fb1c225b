package io.accrete.engine.tx;

import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Altering an attribute from cardinality many to one, allowed as in Datomic when no entity keeps several values. */
class CardinalityManyToOneTest extends TxTestBase {
    static final String TO_ONE = "{:db/id :person/loves :db/cardinality :db.cardinality/one}";

    @Test void allowedWhenNothingHoldsAValue() {
        tx("[" + TO_ONE + "]");
        assertFalse(conn.db().attribute(kw("person/loves")).many());
    }

    @Test void allowedWhenEachEntityHoldsOneValueAndThenNewValuesReplace() {
        long a = tx("[{:db/id \"a\" :person/email \"a@x\" :person/loves :pizza} {:person/email \"b@x\" :person/loves :pizza}]").tempid("a");
        tx("[" + TO_ONE + "]");
        TxReport r = tx("[[:db/add " + a + " :person/loves :pasta]]");
        assertEquals(Set.of(kw("pasta")), vals(a, "person/loves"));
        assertTrue(shown(r.dbAfter(), withoutTxInstant(r)).contains(List.of(a, kw("person/loves"), kw("pizza"), false)),
                "the attribute now retracts the value it replaces");
    }

    @Test void refusedWhileAnEntityHoldsTwoValues() {
        long a = tx("[{:db/id \"a\" :person/email \"a@x\" :person/loves [:pizza :pasta]}]").tempid("a");
        AccreteException e = fails(Errors.INVALID_ALTER_ATTRIBUTE, "[" + TO_ONE + "]");
        assertTrue(e.getMessage().contains(":db.error/cardinality-violation"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(a)), e.getMessage());
        assertTrue(conn.db().attribute(kw("person/loves")).many());
    }

    @Test void pastValuesDoNotCount() {
        long a = tx("[{:db/id \"a\" :person/email \"a@x\" :person/loves [:pizza :pasta]}]").tempid("a");
        tx("[[:db/retract " + a + " :person/loves :pasta]]");
        tx("[" + TO_ONE + "]");
        assertFalse(conn.db().attribute(kw("person/loves")).many());
    }

    @Test void theAlteringTransactionCountsWithItsOwnDatoms() {
        long a = tx("[{:db/id \"a\" :person/email \"a@x\" :person/loves [:pizza :pasta]}]").tempid("a");
        long b = tx("[{:db/id \"b\" :person/email \"b@x\" :person/loves :pizza}]").tempid("b");
        // a second value asserted alongside the change is still under the old cardinality
        fails(Errors.INVALID_ALTER_ATTRIBUTE, "[[:db/retract " + a + " :person/loves :pasta] [:db/add " + b + " :person/loves :tea] " + TO_ONE + "]");
        fails(Errors.INVALID_ALTER_ATTRIBUTE, "[[:db/retract " + a + " :person/loves :pasta] {:person/email \"c@x\" :person/loves [:x :y]} " + TO_ONE + "]");
        // retracting the extra value in the same transaction makes the change possible
        tx("[[:db/retract " + a + " :person/loves :pasta] " + TO_ONE + "]");
        assertEquals(Set.of(kw("pizza")), vals(a, "person/loves"));
        assertFalse(conn.db().attribute(kw("person/loves")).many());
    }
}
