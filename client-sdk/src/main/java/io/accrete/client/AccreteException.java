package io.accrete.client;

import java.util.Map;
import java.util.Set;

/**
 * Every error the SDK raises: the server's category keyword (Datomic's name where Datomic has
 * one, e.g. {@code :db.error/unique-conflict}), its message and its data; or one of the SDK's
 * own {@code :accrete.client/…} categories for what happened on the way (unreachable server,
 * timeout, a transaction whose outcome is unknown). Callers branch on the predicates rather than
 * on subclasses so that one {@code catch} sees everything.
 */
public class AccreteException extends RuntimeException {
    /** The transaction was sent but no answer came: it may or may not have been applied. */
    public static final Keyword OUTCOME_UNKNOWN = Keyword.of(":accrete.client/outcome-unknown");
    /** No server could be reached (every URI refused or timed out connecting). */
    public static final Keyword UNAVAILABLE = Keyword.of(":accrete.client/unavailable");
    /** A read did not answer within its timeout. */
    public static final Keyword TIMEOUT = Keyword.of(":accrete.client/timeout");
    /** The client, or the subscription, was closed. */
    public static final Keyword CLOSED = Keyword.of(":accrete.client/closed");
    /** The thread was interrupted while waiting. */
    public static final Keyword INTERRUPTED = Keyword.of(":accrete.client/interrupted");
    /** The server answered something the SDK could not read. */
    public static final Keyword INVALID_RESPONSE = Keyword.of(":accrete.client/invalid-response");
    /** Data the SDK could not put on the wire (a value neither transit nor EDN can carry); nothing was sent. */
    public static final Keyword INVALID_REQUEST = Keyword.of(":accrete.client/invalid-request");

    private static final Set<String> CONFLICTS = Set.of("db.error/unique-conflict", "db.error/cas-failed",
            "db.error/datoms-conflict");
    private static final Set<String> NOT_FOUND = Set.of("db.error/db-not-found", "db.error/not-found",
            "db.error/db-expired");
    private static final Set<String> TIMEOUTS = Set.of("db.error/timeout", "db.error/sync-timeout",
            "db.error/query-timeout", "accrete.client/timeout");
    /** In the data of an outcome-unknown error that came from waiting too long (not from a broken connection). */
    static final Keyword TIMED_OUT = Keyword.of("timed-out");
    private static final Set<String> UNAVAILABLE_CATEGORIES = Set.of("db.error/transactor-busy",
            "db.error/transactor-unavailable", "db.error/unavailable", "db.error/shutting-down",
            "accrete.client/unavailable");

    private final Keyword category;
    private final Map<Keyword, Object> data;
    private final int status;

    public AccreteException(Keyword category, String message, Map<Keyword, Object> data, int status, Throwable cause) {
        super(message, cause);
        this.category = category;
        this.data = data == null ? Map.of() : data;
        this.status = status;
    }

    public AccreteException(Keyword category, String message) { this(category, message, Map.of(), 0, null); }

    /** A request the SDK refused to build or send: nothing reached the server. */
    static AccreteException invalidRequest(String message) { return new AccreteException(INVALID_REQUEST, message); }

    /** The category, e.g. {@code :db.error/unique-conflict} or {@code :accrete.client/outcome-unknown}. */
    public Keyword category() { return category; }

    /** The server's data about the error (typically the offending form under {@code :form}); never null. */
    public Map<Keyword, Object> data() { return data; }

    /** The HTTP status the server answered with, or 0 when the error did not come from a response. */
    public int status() { return status; }

    /** A unique or compare-and-swap conflict: retrying with fresh data may succeed. */
    public boolean isConflict() { return status == 409 || CONFLICTS.contains(category.fullName()); }

    /** An unknown database, entity or expired speculative value. */
    public boolean isNotFound() { return status == 404 || status == 410 || NOT_FOUND.contains(category.fullName()); }

    /** Something did not finish in time; see {@link #isOutcomeUnknown()} for transactions. */
    public boolean isTimeout() {
        return status == 504 || TIMEOUTS.contains(category.fullName())
                || category == OUTCOME_UNKNOWN && (getCause() instanceof java.net.http.HttpTimeoutException || Boolean.TRUE.equals(data.get(TIMED_OUT)));
    }

    /** The server was unreachable or asked to be left alone (backpressure): try again later. */
    public boolean isUnavailable() { return status == 503 || UNAVAILABLE_CATEGORIES.contains(category.fullName()); }

    /**
     * A transaction that may or may not have been applied. Find out by reading (for example a
     * unique attribute the transaction set) before retrying, as Datomic's documentation advises.
     */
    public boolean isOutcomeUnknown() { return category == OUTCOME_UNKNOWN; }

    /** The request itself was wrong (malformed data, schema or type violation). */
    public boolean isIncorrect() {
        return status == 400 || status == 413 || status == 415 || status == 422 || category == INVALID_REQUEST;
    }

    @Override public String toString() { return category + ": " + getMessage(); }
}
