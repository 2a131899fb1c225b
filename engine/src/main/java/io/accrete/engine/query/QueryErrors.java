package io.accrete.engine.query;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;

/**
 * Error categories of the query engine. Datomic's names where Datomic has one; every message
 * names the offending form so that a user can find it in a long query.
 */
public final class QueryErrors {
    private QueryErrors() {}

    /** Malformed query: bad find spec, bad clause shape, wrong number of inputs, unknown rule. */
    public static final Keyword INVALID_QUERY = Errors.INVALID_QUERY;
    /** A predicate, function, not, or rule needs a variable that nothing binds before it. */
    public static final Keyword INSUFFICIENT_BINDING = Keyword.of("db.error/insufficient-binding");
    /** A find or :with variable that no clause or input binds (Datomic's name). */
    public static final Keyword UNBOUND_VARIABLE = Keyword.of("db.error/unbound-query-variables");
    /** Fewer inputs than :in names (Datomic's name). */
    public static final Keyword TOO_FEW_INPUTS = Keyword.of("db.error/too-few-inputs");
    /** Something other than a variable, _, or a tuple or collection of them where a binding goes (Datomic's name). */
    public static final Keyword NOT_A_BINDING_FORM = Keyword.of("db.error/not-a-binding-form");
    /** An or-join whose variable list is empty (Datomic's name). */
    public static final Keyword OR_BINDING_EMPTY = Keyword.of("db.error/or-binding-empty");
    /** A function or aggregate name that is neither built in, registered, nor allow-listed Java. */
    public static final Keyword UNKNOWN_FUNCTION = Keyword.of("db.error/unknown-function");
    /** A source ($x) used by a clause but not bound by :in, or bound to something that is not a source. */
    public static final Keyword INVALID_DATA_SOURCE = Keyword.of("db.error/invalid-data-source");
    /** A query function threw; the cause's message is kept. */
    public static final Keyword FUNCTION_FAILED = Keyword.of("db.error/query-function-failed");
    public static final Keyword TIMEOUT = Errors.TIMEOUT;

    static AccreteException invalid(String message, Object form) {
        return Errors.error(INVALID_QUERY, message, form);
    }

    static AccreteException error(Keyword category, String message, Object form) {
        return Errors.error(category, message, form);
    }
}
