package io.accrete.engine.tx;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Malformed tx-data is rejected with the right category and changes nothing: same basis-t, same
 * datoms in every view, nothing in the log; the connection goes on working afterwards.
 * {@code $E} in a case stands for an existing entity holding :person/email "e@example.com",
 * :person/name "E", :person/ssn "1" and :account/balance 10.
 */
class BadInputTest extends TxTestBase {

    static Stream<Arguments> cases() {
        return Stream.of(
                // shape
                bad(Errors.INVALID_TX, "wrong arity: add without value", "[[:db/add \"x\" :person/name]]"),
                bad(Errors.INVALID_TX, "wrong arity: bare retract", "[[:db/retract $E]]"),
                bad(Errors.INVALID_TX, "wrong arity: cas", "[[:db/cas $E :account/balance 10]]"),
                bad(Errors.INVALID_TX, "wrong arity: retractEntity", "[[:db/retractEntity]]"),
                bad(Errors.INVALID_TX, "wrong arity: retractEntity with two", "[[:db/retractEntity $E $E]]"),
                bad(Errors.INVALID_TX, "empty list form", "[[]]"),
                bad(Errors.NOT_TRANSACTION_DATA, "number as tx-data element", "[42]"),
                bad(Errors.NOT_TRANSACTION_DATA, "string as tx-data element", "[\"db/add\"]"),
                bad(Errors.NOT_TRANSACTION_DATA, "keyword as tx-data element", "[:db/add]"),
                bad(Errors.NOT_TRANSACTION_DATA, "nil as tx-data element", "[nil]"),
                bad(Errors.NOT_TRANSACTION_DATA, "set as tx-data element", "[#{:db/add}]"),
                bad(Errors.INVALID_TX, "operation is a number", "[[42 \"x\" :person/name \"a\"]]"),
                bad(Errors.NOT_TRANSACTION_DATA, "valid form then bad element", "[[:db/add \"x\" :person/name \"ok\"] 7]"),
                bad(Errors.INVALID_TX, "map key not an attribute name", "[{42 \"x\"}]"),
                // attributes
                bad(Errors.NOT_AN_ATTRIBUTE, "unknown attribute in list form", "[[:db/add \"x\" :no/such \"a\"]]"),
                bad(Errors.NOT_AN_ATTRIBUTE, "unknown attribute in map", "[{:person/name \"x\" :no/such 1}]"),
                bad(Errors.NOT_AN_ATTRIBUTE, "unknown attribute after a valid form", "[[:db/add \"x\" :person/name \"ok\"] [:db/add \"y\" :no/such 1]]"),
                bad(Errors.NOT_AN_ATTRIBUTE, "an ident that is not an attribute", "[[:db/add \"x\" :color/red 1]]"),
                bad(Errors.NOT_AN_ATTRIBUTE, "attribute is a number", "[[:db/add \"x\" 3.5 1]]"),
                bad(Errors.NOT_AN_ATTRIBUTE, "unknown attribute in retract", "[[:db/retract $E :no/such]]"),
                // values
                bad(Errors.WRONG_TYPE, "string for long", "[[:db/add \"x\" :person/age \"old\"]]"),
                bad(Errors.WRONG_TYPE, "long for double", "[[:db/add \"x\" :person/height 1]]"),
                bad(Errors.WRONG_TYPE, "double for long", "[{:person/age 1.5}]"),
                bad(Errors.WRONG_TYPE, "long for string", "[{:person/name 12}]"),
                bad(Errors.WRONG_TYPE, "string for keyword", "[{:person/name \"n\" :person/loves \"pizza\"}]"),
                bad(Errors.WRONG_TYPE, "map for a scalar", "[{:person/name {:a 1}}]"),
                bad(Errors.NOT_AN_ENTITY, "double for ref (as in Datomic)", "[{:person/name \"n\" :person/spouse 1.5}]"),
                bad(Errors.WRONG_TYPE, "wrong type in a cardinality-many list", "[{:person/aliases [\"ok\" 3]}]"),
                bad(Errors.WRONG_TYPE, "wrong type for a retraction", "[[:db/retract $E :person/age \"ten\"]]"),
                bad(Errors.WRONG_TYPE, "wrong type for cas new value", "[[:db/cas $E :account/balance 10 \"eleven\"]]"),
                bad(Keyword.of("db.error/nil-value"), "nil value", "[[:db/add \"x\" :person/name nil]]"),
                bad(Keyword.of("db.error/nil-value"), "nil value in a map", "[{:person/name nil}]"),
                // entities
                bad(Errors.NOT_AN_ENTITY, "lookup ref finds nothing (entity)", "[[:db/add [:person/email \"nobody@x\"] :person/age 1]]"),
                bad(Errors.NOT_AN_ENTITY, "lookup ref finds nothing (value)", "[[:db/add \"x\" :person/name \"x\"] [:db/add \"x\" :person/spouse [:person/email \"nobody@x\"]]]"),
                bad(Errors.NOT_AN_ENTITY, "lookup ref finds nothing (:db/id)", "[{:db/id [:person/email \"nobody@x\"] :person/age 1}]"),
                bad(Errors.NOT_AN_ENTITY, "unknown ident as entity", "[[:db/add :no/such-ident :person/age 1]]"),
                bad(Errors.NOT_AN_ENTITY, "unknown ident as ref value", "[{:person/name \"x\" :person/color :color/purple}]"),
                bad(Errors.LOOKUP_REF_ATTR_NOT_UNIQUE, "lookup ref on a non-unique attribute", "[[:db/add [:person/name \"E\"] :person/age 1]]"),
                bad(Errors.NOT_AN_ATTRIBUTE, "lookup ref on an unknown attribute", "[[:db/add [:no/such \"E\"] :person/age 1]]"),
                bad(Errors.INVALID_ENTITY_ID, "entity id never allocated", "[[:db/add 4398046511103999 :person/age 1]]"),
                bad(Errors.INVALID_ENTITY_ID, "empty string tempid", "[[:db/add \"\" :person/age 1]]"),
                bad(Errors.INVALID_ENTITY_ID, "a double as entity", "[[:db/add 1.5 :person/age 1]]"),
                bad(Errors.INVALID_ENTITY_ID, "unknown partition", "[{:db/id #db/id[:db.part/nowhere] :person/age 1}]"),
                bad(Errors.TEMPID_NOT_AN_ENTITY, "tempid used only as a value", "[[:db/add \"x\" :person/name \"n\"] [:db/add \"x\" :person/friends \"y\"]]"),
                bad(Errors.TEMPID_NOT_AN_ENTITY, "tempid used only as a value in a map", "[{:person/name \"n\" :person/spouse \"ghost\"}]"),
                bad(Errors.TEMPID_NOT_AN_ENTITY, "negative tempid used only as a value", "[{:person/name \"n\" :person/spouse -7}]"),
                // functions
                bad(Errors.NOT_A_DATA_FUNCTION, "unknown function", "[[my.ns/no-such-function 1 2]]"),
                bad(Errors.NOT_A_DATA_FUNCTION, "unknown keyword function", "[[:db.fn/nope $E]]"),
                bad(Errors.TX_FUNCTION_FAILED, "function that throws", "[[accrete.test/boom]]"),
                bad(Errors.TX_FUNCTION_FAILED, "function given bad arguments", "[[accrete.test/inc $E]]"),
                // rules
                bad(Errors.UNIQUE_CONFLICT, "unique value already held", "[{:person/name \"n\" :person/ssn \"1\"}]"),
                bad(Errors.DATOMS_CONFLICT, "two values for cardinality one", "[[:db/add \"x\" :person/age 1] [:db/add \"x\" :person/age 2]]"),
                bad(Errors.CAS_FAILED, "cas with a stale value", "[[:db/cas $E :account/balance 9 11]]"),
                bad(Errors.INVALID_NESTED_ENTITY, "nested map without identity", "[{:person/name \"n\" :person/friends {:person/name \"m\"}}]"),
                bad(Errors.INCOMPATIBLE_SCHEMA_CHANGE, "value type change", "[{:db/id :person/age :db/valueType :db.type/string}]"),
                bad(Errors.INCORRECT_SCHEMA, "attribute without value type", "[{:db/ident :new/attr :db/cardinality :db.cardinality/one}]"),
                bad(Errors.INCORRECT_SCHEMA, "tuple without tuple schema", "[{:db/ident :new/tup :db/valueType :db.type/tuple :db/cardinality :db.cardinality/one}]")
        );
    }

    private static Arguments bad(Keyword category, String name, String edn) {
        return Arguments.of(name, category, edn);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedAndNothingChanges(String name, Keyword category, String edn) {
        long e = setUpE();
        fails(category, edn.replace("$E", Long.toString(e)));
        // the connection still works and the next transaction gets the next t
        long before = conn.db().basisT();
        TxReport ok = tx("[[:db/add " + e + " :person/age 77]]");
        assertTrue(ok.t() > before);
        assertEquals(77L, val(e, "person/age"));
    }

    private long setUpE() {
        return tx("[{:db/id \"e\" :person/email \"e@example.com\" :person/name \"E\" :person/ssn \"1\" :account/balance 10}]").tempid("e");
    }

    @Test void javaValuesThatAreNotTxData() {
        long e = setUpE();
        fails(Errors.INVALID_TX, (List<?>) null);
        fails(Errors.NOT_TRANSACTION_DATA, List.of(new Object()));
        fails(Errors.WRONG_TYPE, List.of(List.of(Keyword.of("db/add"), e, Keyword.of("person/name"), new StringBuilder("sb"))));
        fails(Errors.WRONG_TYPE, List.of(List.of(Keyword.of("db/add"), e, Keyword.of("person/age"), 1.0f)));
        fails(Errors.WRONG_TYPE, List.of(List.of(Keyword.of("db/add"), e, Keyword.of("person/age"), new java.math.BigInteger("5"))));
        fails(Errors.WRONG_TYPE, List.of(List.of(Keyword.of("db/add"), e, Keyword.of("person/height"), 2L)));
        fails(Errors.WRONG_TYPE, List.of(Map.of(Keyword.of("person/name"), new Date())));
        List<Object> withNull = new ArrayList<>(Arrays.asList(Keyword.of("db/add"), e, Keyword.of("person/name"), null));
        fails(Keyword.of("db.error/nil-value"), List.of(withNull));
        fails(Errors.NOT_TRANSACTION_DATA, List.of(Set.of(1, 2)));
        // the error names the offending form
        AccreteException x = fails(Errors.WRONG_TYPE, "[[:db/add " + e + " :person/age \"old\"]]");
        assertTrue(x.getMessage().contains("person/age") && x.getMessage().contains("old"), x.getMessage());
        assertTrue(x.data().containsKey(Keyword.of("form")), x.data().toString());
    }

    @Test void errorsInsideABatchFailOnlyTheirOwnTransaction() throws Exception {
        long e = setUpE();
        var good1 = conn.transactAsync(read("[[:db/add " + e + " :person/age 1]]"));
        var bad = conn.transactAsync(read("[[:db/add " + e + " :person/age \"x\"]]"));
        var good2 = conn.transactAsync(read("[[:db/add " + e + " :person/aliases \"a\"]]"));
        assertEquals(1L, val(good1.get().dbAfter(), e, "person/age"));
        var ex = assertThrows(java.util.concurrent.ExecutionException.class, bad::get);
        assertEquals(Errors.WRONG_TYPE, ((AccreteException) ex.getCause()).category());
        TxReport r2 = good2.get();
        assertEquals(good1.get().t(), r2.dbBefore().basisT(), "the failed transaction took no t");
        assertEquals(Set.of("a"), vals(e, "person/aliases"));
    }
}
