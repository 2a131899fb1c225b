package io.accrete.engine.query;

/**
 * Per-call options: a timeout (ms, null or 0 for none; a {@code :timeout} in the query itself
 * wins when smaller) and, for relation results, an offset and limit applied after sorting the
 * tuples into a stable order so that pages do not overlap.
 */
public record QueryOptions(Long timeoutMillis, Integer offset, Integer limit) {
    public static final QueryOptions NONE = new QueryOptions(null, null, null);

    public static QueryOptions timeout(long millis) { return new QueryOptions(millis, null, null); }

    public boolean pages() { return offset != null || limit != null; }
}
