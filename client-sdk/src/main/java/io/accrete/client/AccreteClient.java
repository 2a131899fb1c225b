package io.accrete.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The entry point: one client per application, shared by all its threads.
 * <pre>{@code
 * try (AccreteClient client = AccreteClient.connect(URI.create("http://127.0.0.1:8080"))) {
 *     client.createDatabase("shop");
 *     Connection conn = client.connection("shop");
 *     ...
 * }
 * }</pre>
 * Given several URIs of equivalent servers, a request that cannot connect to one tries the next.
 * Thread-safe; HTTP connections are kept alive and reused (see the README's "How requests
 * travel"); {@link #close()} stops every thread the SDK started, closes its connections (a request
 * in flight fails) and ends every {@link TxReportQueue}.
 */
public final class AccreteClient implements AutoCloseable {
    private final Transport transport;
    private final int pageSize;
    private final List<TxReportQueue> queues = Collections.synchronizedList(new ArrayList<>());

    private AccreteClient(Builder b) {
        this.transport = new Transport(b.uris, b.connectTimeout, b.requestTimeout, new BasisTracker(), b.maxTransactRequests, b.maxAnswerBytes);
        this.pageSize = b.pageSize;
    }

    /** A client for one or several equivalent servers, with default timeouts. */
    public static AccreteClient connect(URI... uris) { return builder().uris(uris).build(); }

    /** Like {@link #connect(URI...)}, from strings such as {@code "http://127.0.0.1:8080"}. */
    public static AccreteClient connect(String... uris) {
        Builder b = builder();
        for (String u : uris) b.uri(URI.create(u));
        return b.build();
    }

    public static Builder builder() { return new Builder(); }

    /** The names of the server's databases. */
    public List<String> listDatabases() {
        Object r = transport.call(Request.get("/databases", null, null, null));
        if (r instanceof Map<?, ?> m && m.get(Keyword.of("databases")) != null) r = m.get(Keyword.of("databases"));
        if (!(r instanceof Collection<?> c)) throw Wire.invalid("a list of database names", r);
        List<String> names = new ArrayList<>();
        for (Object o : c) {
            if (o instanceof Map<?, ?> m && m.get(Db.DB_NAME) instanceof String s) names.add(s);
            else names.add(String.valueOf(o));
        }
        Collections.sort(names);
        return names;
    }

    /** Creates a database; creating one that exists is not an error (the server's PUT is idempotent). */
    public void createDatabase(String name) {
        transport.call(new Request("PUT", Paths.database(name), null, null, null, null, false, null));
    }

    /** Deletes a database and everything in it. */
    public void deleteDatabase(String name) {
        transport.call(new Request("DELETE", Paths.database(name), null, null, null, null, false, null));
        transport.basis().forget(name);
    }

    /**
     * A connection to a database, checked to exist (404 {@code :db.error/db-not-found}
     * otherwise). Cheap: connections share this client's HTTP pool and read-your-writes state.
     */
    public Connection connection(String name) {
        Connection c = new Connection(name, transport, pageSize, queues);
        c.db();
        return c;
    }

    /** Ends every tx-report subscription and stops the SDK's threads. Idempotent. */
    @Override public void close() {
        List<TxReportQueue> open;
        synchronized (queues) {
            open = new ArrayList<>(queues);
        }
        for (TxReportQueue q : open) q.close();
        transport.close();
    }

    String threadPrefix() { return transport.threads().prefix(); }

    Transport transport() { return transport; }

    /** Waits up to {@code timeout} for the SDK's threads to end after {@link #close()}; for tests. */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return transport.threads().awaitTermination(timeout.toMillis());
    }

    /** Options for {@link AccreteClient}; every one has a sensible default. */
    public static final class Builder {
        private final List<URI> uris = new ArrayList<>();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private int pageSize = 1000;
        private int maxTransactRequests = 4;
        private int maxAnswerBytes = SocketHttpSender.MAX_ANSWER;

        private Builder() {}

        public Builder uri(URI uri) {
            uris.add(uri);
            return this;
        }

        public Builder uris(URI... more) {
            Collections.addAll(uris, more);
            return this;
        }

        /** How long to wait for a TCP connection before trying the next URI (default 5 s). */
        public Builder connectTimeout(Duration d) {
            connectTimeout = positive(d, "connect timeout");
            return this;
        }

        /** The timeout of a request that has none of its own (default 60 s). */
        public Builder requestTimeout(Duration d) {
            requestTimeout = positive(d, "request timeout");
            return this;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException("the " + what + " must be positive, not " + d);
            return d;
        }

        /** How many items {@code datoms}, {@code indexRange} and {@code txRange} fetch per request (default 1000). */
        public Builder pageSize(int n) {
            if (n < 1) throw new IllegalArgumentException("page size must be positive");
            pageSize = n;
            return this;
        }

        /**
         * How many {@code transactAsync} requests per database may be out at once (default 4).
         * Transactions submitted past that wait, and go together in the next request (one
         * {@code /transact-batch} exchange for many transactions, each with its own report or
         * error). 1 sends one request at a time; {@code Integer.MAX_VALUE} never batches.
         */
        public Builder maxTransactRequests(int n) {
            if (n < 1) throw new IllegalArgumentException("maxTransactRequests must be positive");
            maxTransactRequests = n;
            return this;
        }

        /**
         * The largest answer the client takes (default 256 MiB): a larger one, or a server that
         * streams without end, fails the call with {@code :accrete.client/invalid-response} rather
         * than exhausting the heap. Raise it for queries with very large results, or page them.
         */
        public Builder maxAnswerBytes(int n) {
            if (n < 1 || n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("maxAnswerBytes must be between 1 and " + (Integer.MAX_VALUE - 8));
            maxAnswerBytes = n;
            return this;
        }

        public AccreteClient build() {
            if (uris.isEmpty()) throw new IllegalArgumentException("at least one server URI is needed");
            for (URI u : uris) {
                // Caught here rather than as a failed first request that would read like the server's fault.
                String scheme = u == null ? null : u.getScheme();
                if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || u.getHost() == null) {
                    throw new IllegalArgumentException("A server URI is http://host:port or https://host:port (a path is kept, for a proxy); got " + u);
                }
            }
            return new AccreteClient(this);
        }
    }
}
