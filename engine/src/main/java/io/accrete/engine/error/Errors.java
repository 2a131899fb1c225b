package io.accrete.engine.error;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;

import java.util.HashMap;
import java.util.Map;

/** The error categories the engine uses, and a shorthand for raising them. */
public final class Errors {
    private Errors() {}

    public static final Keyword NOT_AN_ENTITY = Keyword.of("db.error/not-an-entity");
    /** A string where tx-data needs a keyword (an operation or attribute name) that lacks the leading colon. */
    public static final Keyword NOT_A_KEYWORD = Keyword.of("db.error/not-a-keyword");
    public static final Keyword NOT_AN_ATTRIBUTE = Keyword.of("db.error/not-an-attribute");
    /** An index range over what has no AVET index: an entity that is no attribute (Datomic's name). */
    public static final Keyword ATTRIBUTE_NOT_INDEXED = Keyword.of("db.error/attribute-not-indexed");
    public static final Keyword WRONG_TYPE = Keyword.of("db.error/wrong-type-for-attribute");
    public static final Keyword UNIQUE_CONFLICT = Keyword.of("db.error/unique-conflict");
    public static final Keyword CAS_FAILED = Keyword.of("db.error/cas-failed");
    public static final Keyword INVALID_CAS = Keyword.of("db.error/invalid-cas");
    public static final Keyword INVALID_CAS_MANY = Keyword.of("db.error/invalid-cas-many");
    public static final Keyword LOOKUP_REF_ATTR_NOT_UNIQUE = Keyword.of("db.error/lookup-ref-attr-not-unique");
    public static final Keyword NOT_TRANSACTION_DATA = Keyword.of("db.error/not-transaction-data");
    public static final Keyword RESET_TX_INSTANT = Keyword.of("db.error/reset-tx-instant");
    public static final Keyword DATOM_CANNOT_BE_ALTERED = Keyword.of("db.error/datom-cannot-be-altered");
    /** A value that fails one of its attribute's {@code :db.attr/preds}. */
    public static final Keyword ATTR_PRED = Keyword.of("db.error/attr-pred");
    /** An entity that lacks an attribute its {@code :db/ensure} spec requires. */
    public static final Keyword ENTITY_ATTR = Keyword.of("db.error/entity-attr");
    /** An entity that fails one of its {@code :db/ensure} spec's predicates. */
    public static final Keyword ENTITY_PRED = Keyword.of("db.error/entity-pred");
    public static final Keyword DATOMS_CONFLICT = Keyword.of("db.error/datoms-conflict");
    public static final Keyword TEMPID_NOT_AN_ENTITY = Keyword.of("db.error/tempid-not-an-entity");
    public static final Keyword INVALID_TX = Keyword.of("db.error/invalid-tx-data");
    public static final Keyword INVALID_ENTITY_ID = Keyword.of("db.error/invalid-entity-id");
    public static final Keyword INVALID_LOOKUP_REF = Keyword.of("db.error/invalid-lookup-ref");
    public static final Keyword NOT_A_DATA_FUNCTION = Keyword.of("db.error/not-a-data-function");
    public static final Keyword INVALID_NESTED_ENTITY = Keyword.of("db.error/invalid-nested-entity");
    public static final Keyword INCORRECT_SCHEMA = Keyword.of("db.error/incorrect-schema");
    public static final Keyword INCOMPATIBLE_SCHEMA_CHANGE = Keyword.of("db.error/incompatible-schema-change");
    public static final Keyword INVALID_ALTER_ATTRIBUTE = Keyword.of("db.error/invalid-alter-attribute");
    public static final Keyword PAST_TX_INSTANT = Keyword.of("db.error/past-tx-instant");
    public static final Keyword FUTURE_TX_INSTANT = Keyword.of("db.error/future-tx-instant");
    public static final Keyword TX_FUNCTION_FAILED = Keyword.of("db.error/tx-function-failed");
    public static final Keyword INVALID_TUPLE = Keyword.of("db.error/invalid-tuple");
    public static final Keyword PARSE = Keyword.of("db.error/parse");
    public static final Keyword INVALID_QUERY = Keyword.of("db.error/invalid-query");
    public static final Keyword INVALID_PULL = Keyword.of("db.error/invalid-pull");
    public static final Keyword TIMEOUT = Keyword.of("db.error/timeout");
    /** Work stopped because its caller asked (a query cancelled as a server shuts down). */
    public static final Keyword CANCELLED = Keyword.of("db.error/cancelled");
    public static final Keyword TRANSACTOR_BUSY = Keyword.of("db.error/transactor-busy");
    public static final Keyword TRANSACTOR_UNAVAILABLE = Keyword.of("db.error/transactor-unavailable");
    public static final Keyword STORAGE = Keyword.of("db.error/storage");
    public static final Keyword INVALID_ARGUMENT = Keyword.of("db.error/invalid-argument");
    /** A database folder already open in another connection, in this process or another. */
    public static final Keyword DATABASE_IN_USE = Keyword.of("db.error/database-in-use");

    /** Raises {@code category} with a message and the offending form under {@code :form}. */
    public static AccreteException error(Keyword category, String message, Object form) {
        Map<Keyword, Object> data = new HashMap<>();
        if (form != null) data.put(Keyword.of("form"), form);
        return new AccreteException(category, message + (form == null ? "" : ": " + Edn.printShort(form)), data);
    }

    public static AccreteException error(Keyword category, String message) {
        return new AccreteException(category, message);
    }
}
