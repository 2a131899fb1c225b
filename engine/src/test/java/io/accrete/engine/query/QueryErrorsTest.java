package io.accrete.engine.query;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Malformed queries fail with a :db.error/… category and a message that names the offending form. */
class QueryErrorsTest {
    static MovieFixture f;
    static Db db;

    @BeforeAll static void setUp() {
        f = new MovieFixture();
        db = f.db();
    }

    @AfterAll static void tearDown() { f.close(); }

    static void fails(Keyword category, String fragment, String query, Object... inputs) {
        AccreteException e = assertThrows(AccreteException.class, () -> Query.q(query, inputs), query);
        assertEquals(category, e.category(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should name " + fragment);
    }

    @Test void noFind() { fails(QueryErrors.INVALID_QUERY, "no :find", "[:where [?e :movie/title]]", db); }

    @Test void unknownSection() { fails(QueryErrors.INVALID_QUERY, ":select", "[:find ?e :select ?e :where [?e :movie/title]]", db); }

    @Test void badFindSpecs() {
        fails(QueryErrors.INVALID_QUERY, "...", "[:find ?e ... :where [?e :movie/title]]", db);
        fails(QueryErrors.INVALID_QUERY, "Invalid find element", "[:find 42 :where [?e :movie/title]]", db);
        fails(QueryErrors.INVALID_QUERY, "only find element", "[:find [?e ...] ?t :where [?e :movie/title ?t]]", db);
        fails(QueryErrors.INVALID_QUERY, "(pull ?e)", "[:find (pull ?e) :where [?e :movie/title]]", db);
    }

    @Test void unboundFindAndWithVariables() {
        fails(QueryErrors.UNBOUND_VARIABLE, "?x", "[:find ?x :where [?e :movie/title]]", db);
        fails(QueryErrors.UNBOUND_VARIABLE, "?w", "[:find (count ?e) :with ?w :where [?e :movie/title]]", db);
        fails(QueryErrors.INSUFFICIENT_BINDING, "[(< ?x ?y)]", "[:find ?x :where [?e :movie/year ?x] [(< ?x ?y)]]", db);
    }

    @Test void predicateWithUnboundVariable() {
        fails(QueryErrors.INSUFFICIENT_BINDING, "[(< ?y 1990)]", "[:find ?e :where [?e :movie/title] [(< ?y 1990)]]", db);
    }

    @Test void functionWithUnboundInput() {
        fails(QueryErrors.INSUFFICIENT_BINDING, "[(inc ?z) ?w]", "[:find ?e ?w :where [?e :movie/title] [(inc ?z) ?w]]", db);
    }

    @Test void notJoinWithUnboundVariable() {
        fails(QueryErrors.INSUFFICIENT_BINDING, "not-join [?x]", "[:find ?e :where [?e :movie/title] (not-join [?x] [?x :movie/year 1987])]", db);
    }

    @Test void unknownFunctionsAndForbiddenJava() {
        fails(QueryErrors.UNKNOWN_FUNCTION, "frobnicate", "[:find ?e :where [?e :movie/year ?y] [(frobnicate ?y)]]", db);
        fails(QueryErrors.UNKNOWN_FUNCTION, "java.lang.System/exit", "[:find ?e :where [?e :movie/year ?y] [(java.lang.System/exit 0)]]", db);
        fails(QueryErrors.UNKNOWN_FUNCTION, "java.lang.Runtime/getRuntime", "[:find ?r :where [(java.lang.Runtime/getRuntime) ?r]]");
        fails(QueryErrors.UNKNOWN_FUNCTION, ".getClass", "[:find ?c :where [_ :movie/title ?t] [(.getClass ?t) ?c]]", db);
        fails(QueryErrors.UNKNOWN_FUNCTION, "median-ish", "[:find (median-ish ?y) :where [_ :movie/year ?y]]", db);
        fails(QueryErrors.FUNCTION_FAILED, "not allowed", "[:find ?n :in ?l :where [(.size ?l) ?n]]", java.util.List.of(1L, 2L));
        fails(QueryErrors.UNKNOWN_FUNCTION, ".notify", "[:find ?l :in ?l :where [(.notify ?l)]]", "x");
    }

    @Test void wrongNumberOfInputs() {
        fails(QueryErrors.TOO_FEW_INPUTS, "expects 2 but 1", "[:find ?e :in $ ?t :where [?e :movie/title ?t]]", db);
        // inputs beyond those :in names are ignored, as Datomic ignores them (DatomicQueryEdgeCasesDifferentialTest)
        String q = "[:find ?e :where [?e :movie/title]]";
        org.junit.jupiter.api.Assertions.assertEquals(Query.q(q, db), Query.q(q, db, db));
    }

    @Test void rulesErrors() {
        String rules = "[[(before [?y] ?p) [?p :person/born ?b] [(< ?b ?y)]]]";
        fails(QueryErrors.INSUFFICIENT_BINDING, "(before ?y ?p)", "[:find ?p :in $ % :where (before ?y ?p)]", db, rules);
        fails(QueryErrors.INVALID_QUERY, "nosuchrule", "[:find ?p :in $ % :where (nosuchrule ?p)]", db, rules);
        fails(QueryErrors.INVALID_QUERY, "takes 2 arguments", "[:find ?p :in $ % :where (before 1950 ?p ?q)]", db, rules);
        fails(QueryErrors.INVALID_QUERY, "no rules", "[:find ?p :where (before 1950 ?p)]", db);
        fails(QueryErrors.INVALID_QUERY, "Invalid rule definition", "[:find ?p :in $ % :where (before 1950 ?p)]", db, "[[before ?y]]");
    }

    @Test void orBranchesWithDifferentVariables() {
        fails(QueryErrors.INVALID_QUERY, "same set of variables", "[:find ?m :where (or [?m :movie/year 1987] [?m :movie/rating ?r])]", db);
    }

    @Test void missingSource() {
        fails(QueryErrors.INVALID_DATA_SOURCE, "$other", "[:find ?e :where [$other ?e :movie/title]]", db);
        fails(QueryErrors.INVALID_DATA_SOURCE, "Not a data source", "[:find ?e :in $ :where [?e :movie/title]]", 42L);
    }

    @Test void unknownAttribute() {
        fails(Errors.NOT_AN_ENTITY, ":movie/nope", "[:find ?e :where [?e :movie/nope ?v]]", db);
    }

    @Test void functionThatThrows() {
        fails(QueryErrors.FUNCTION_FAILED, "(/ ?y 0)", "[:find ?z :where [_ :movie/year ?y] [(/ ?y 0) ?z]]", db);
    }

    @Test void returnMapMismatch() {
        fails(QueryErrors.INVALID_QUERY, "does not match", "[:find ?t ?y :keys title :where [?m :movie/title ?t] [?m :movie/year ?y]]", db);
    }

    @Test void malformedEdn() {
        AccreteException e = assertThrows(AccreteException.class, () -> Query.q("[:find ?e :where [?e :movie/title", db));
        assertEquals(Errors.PARSE, e.category());
    }

    @Test void badClauses() {
        fails(QueryErrors.INVALID_QUERY, "more than 5", "[:find ?e :where [?e :movie/title ?t ?tx true 1]]", db);
        fails(QueryErrors.INVALID_QUERY, "'and' is only allowed", "[:find ?e :where (and [?e :movie/title])]", db);
        fails(QueryErrors.NOT_A_BINDING_FORM, "Invalid binding form", "[:find ?e :in $ [?e ... ?f] :where [?e :movie/title]]", db, java.util.List.of());
    }

    /** An aggregate given values it cannot take is the query's error (400), not a server fault. */
    @Test void anAggregateOfTheWrongValuesIsAFunctionFailure() {
        fails(QueryErrors.FUNCTION_FAILED, "Aggregate sum failed", "[:find (sum ?t) . :where [_ :movie/title ?t]]", db);
    }

    /** Datomic's category for a binding that is no binding form. */
    @Test void anEmptyBindingIsNoBindingForm() {
        fails(QueryErrors.NOT_A_BINDING_FORM, "binding form", "[:find ?e :in $ [] :where [?e :movie/title]]", db, java.util.List.of());
    }
}
