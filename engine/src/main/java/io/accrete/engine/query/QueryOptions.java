package io.accrete.engine.query;

import java.util.function.BooleanSupplier;

/**
 * Per-call options: a timeout (ms, null or 0 for none; a {@code :timeout} in the query itself
 * wins when smaller); for relation results, an offset and limit applied after sorting the
 * tuples into a stable order so that pages do not overlap; and a cancellation signal, which the
 * query polls as often as its timeout ({@code :db.error/cancelled} once it says so; a server
 * shutting down uses it).
 */
public record QueryOptions(Long timeoutMillis, Integer offset, Integer limit, BooleanSupplier cancelled) {
    public static final QueryOptions NONE = new QueryOptions(null, null, null);

    public QueryOptions(Long timeoutMillis, Integer offset, Integer limit) {
        this(timeoutMillis, offset, limit, null);
    }

    public static QueryOptions timeout(long millis) { return new QueryOptions(millis, null, null); }

    public boolean pages() { return offset != null || limit != null; }
}
