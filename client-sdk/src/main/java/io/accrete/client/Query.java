package io.accrete.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A query with its inputs and options, for {@link Connection#q(Query)}:
 * <pre>{@code
 * conn.q(Query.of("[:find ?n :where [_ :person/name ?n]]", db).limit(10).timeout(Duration.ofSeconds(2)));
 * }</pre>
 * Immutable: each option returns a new Query.
 */
public final class Query {
    final Object query;
    final List<Object> inputs;
    final Duration timeout;
    final Long offset;
    final Long limit;

    private Query(Object query, List<Object> inputs, Duration timeout, Long offset, Long limit) {
        this.query = query;
        this.inputs = inputs;
        this.timeout = timeout;
        this.offset = offset;
        this.limit = limit;
    }

    /** The query (data or EDN text) with its inputs: {@code db} for {@code $} (may be null), then the rest. */
    public static Query of(Object query, Db db, Object... args) {
        List<Object> inputs = new ArrayList<>(args.length + 1);
        if (db != null) inputs.add(db);
        inputs.addAll(Arrays.asList(args));
        return new Query(query, List.copyOf(nullSafe(inputs)), null, null, null);
    }

    /** The server gives up with {@code :db.error/query-timeout} (504) past this. */
    public Query timeout(Duration d) { return new Query(query, inputs, d, offset, limit); }

    /** Skips this many results. */
    public Query offset(long n) { return new Query(query, inputs, timeout, n, limit); }

    /** Returns at most this many results. */
    public Query limit(long n) { return new Query(query, inputs, timeout, offset, n); }

    private static List<Object> nullSafe(List<Object> inputs) {
        for (Object o : inputs) {
            if (o == null) throw AccreteException.invalidRequest("query inputs cannot be null");
        }
        return inputs;
    }

    @Override public String toString() { return "Query" + Edn.print(List.of(query instanceof String s ? new RawEdn(s) : query)); }
}
