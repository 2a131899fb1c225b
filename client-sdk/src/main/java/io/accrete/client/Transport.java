package io.accrete.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends requests to one of several equivalent servers: plain {@code http} through
 * {@link SocketHttpSender} (answered on the caller's thread), {@code https} through the JDK's
 * {@link HttpClient} ({@link JdkHttpSender}).
 * A request that fails to connect moves on to the next URI (and later requests start there);
 * a read that fails after being sent is retried too, because reads are idempotent; a write that
 * fails after being sent is never retried: its outcome is unknown, and the caller is told so.
 */
final class Transport {
    static final String BASIS_HEADER = "X-Basis-T";
    /** The database's identity, which the server names on its answers ({@link BasisTracker#observe}). */
    static final String DB_HEADER = "X-Accrete-Db";

    private static final int RESOLVED_MAX = 256;

    private final List<URI> uris;
    /** Per server, the parsed URIs of the paths used so far: parsing one per request showed in profiles. */
    private final List<Map<String, URI>> resolved;
    private final AtomicInteger current = new AtomicInteger();
    private final Duration connectTimeout;
    private final int maxAnswer;
    /** {@code https} servers and the event stream; made on first use, as it starts a selector thread. */
    private JdkHttpSender jdk;
    /** Plain {@code http} requests, answered on the caller's thread. */
    private final SocketHttpSender plain;
    private final Threads threads;
    private final Duration defaultTimeout;
    private final BasisTracker basis;
    private final int maxTransactRequests;
    private final Map<String, TxBatcher> batchers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Transport(List<URI> uris, Duration connectTimeout, Duration defaultTimeout, BasisTracker basis, int maxTransactRequests,
              int maxAnswer) {
        this.maxTransactRequests = maxTransactRequests;
        this.uris = List.copyOf(uris);
        this.resolved = this.uris.stream().<Map<String, URI>>map(u -> new ConcurrentHashMap<>()).toList();
        this.threads = new Threads();
        this.defaultTimeout = defaultTimeout;
        this.basis = basis;
        this.connectTimeout = connectTimeout;
        this.maxAnswer = maxAnswer;
        this.plain = new SocketHttpSender(connectTimeout, maxAnswer, threads.timer(), SocketHttpSender.MAX_IDLE_NANOS);
    }

    /** The JDK client, for the event stream ({@link TxReportQueue}). */
    HttpClient http() { return jdk().client(); }

    private synchronized JdkHttpSender jdk() {
        if (closed) throw closedError(null);   // a client made now would outlive close()
        if (jdk == null) jdk = new JdkHttpSender(connectTimeout, maxAnswer);
        return jdk;
    }

    Threads threads() { return threads; }
    BasisTracker basis() { return basis; }
    Duration defaultTimeout() { return defaultTimeout; }
    boolean isClosed() { return closed; }

    /** The sender of a database's asynchronous transactions, shared by all its connections. */
    TxBatcher batcher(String db) {
        return batchers.computeIfAbsent(db, name -> new TxBatcher(name, this, maxTransactRequests));
    }

    /**
     * The request's decoded transit answer, or an {@link AccreteException}, on the caller's own
     * thread (the SDK's asynchronous calls run it on one of its pooled threads: the JDK's
     * {@code sendAsync} completes through CompletableFuture's default pool, which on a 2-core
     * machine starts a new thread per response). Interrupting the caller of a write leaves its
     * outcome unknown.
     */
    Object call(Request r) {
        if (closed) throw closedError(null);
        return exchange(r);
    }

    static AccreteException asAccrete(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof AccreteException ae) return ae;
        return new AccreteException(AccreteException.INVALID_RESPONSE, String.valueOf(c.getMessage()), Map.of(), 0, c);
    }

    /**
     * One request, tried on the servers in turn from the current one: a connect failure (never
     * sent) or a 503 (not taken) moves on to the next server, as does a read that failed after
     * it was sent; a write that failed after it was sent is never resent.
     */
    private Object exchange(Request r) {
        int index = current.get();
        // One deadline for the whole call: trying another server does not start the clock again.
        long deadline = System.nanoTime() + HttpSender.boundedNanos(r.timeout() == null ? defaultTimeout : r.timeout());
        for (int tried = 0; ; tried++) {
            int slot = Math.floorMod(index, uris.size());
            URI uri;
            String[] headers;
            try {
                uri = uri(slot, r.path());
                headers = headers(r);
            } catch (RuntimeException e) {
                throw notBuilt(e);
            }
            HttpAnswer resp;
            Duration timeout = Duration.ofNanos(deadline - System.nanoTime());
            try {
                if (timeout.isNegative() || timeout.isZero()) {
                    throw new RequestNotSentException("no time was left to send the request", new HttpTimeoutException("timed out"));
                }
                HttpSender sender = "https".equalsIgnoreCase(uri.getScheme()) ? jdk() : plain;
                resp = sender.send(uri, r.method(), headers, r.body(), timeout);
            } catch (IllegalArgumentException e) {
                // Refused before anything was sent (a header the server gave us that no request may carry).
                throw notBuilt(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // close() interrupts the SDK's own threads: that is not the caller's interrupt. A
                // write already sent may still be applied, closed client or not.
                if (closed && !r.write()) throw closedError(e);
                throw interrupted(r.write(), e);
            } catch (RequestNotSentException e) {
                AccreteException known = notSent(e, r, uris.get(slot));
                if (known != null) throw known;
                // The connection broke before the first byte left: as safe to try again as a connect failure.
                if (closed || tried + 1 >= uris.size() + 1) throw failure(e.getCause(), r, true, uris.get(slot));
                index = slot + 1;
                continue;
            } catch (IOException | RuntimeException e) {
                Throwable cause = unwrap(e);
                boolean neverSent = isConnectFailure(cause);
                // A read is asked again after a broken connection, but not after a timeout (no time is
                // left) or an answer that could not be read (the server would send the same).
                boolean retryable = !closed && (neverSent || (!r.write() && cause instanceof IOException
                        && !(cause instanceof HttpTimeoutException) && !(cause instanceof ProtocolException)));
                int budget = neverSent ? uris.size() : uris.size() + 1;
                if (!retryable || tried + 1 >= budget) throw failure(cause, r, neverSent, uris.get(slot));
                if (neverSent) current.compareAndSet(slot, slot + 1);
                index = slot + 1;
                continue;
            }
            try {
                Object answer = Responses.handle(resp, r, basis);
                current.set(slot);
                return answer;
            } catch (AccreteException e) {
                // 503 means this server did not take the request (busy or shutting down), so
                // another one may, even for a write.
                if (e.status() != 503 || closed || tried + 1 >= uris.size()) {
                    current.set(slot);
                    throw e;
                }
                current.compareAndSet(slot, slot + 1);
                index = slot + 1;
            } catch (RuntimeException e) {
                throw asAccrete(e);
            }
        }
    }

    private static AccreteException notBuilt(RuntimeException e) {
        return new AccreteException(AccreteException.INVALID_RESPONSE, "could not build the request: " + e.getMessage(), Map.of(), 0, e);
    }

    /**
     * The error for a request that provably never left, or null when it should be tried again (its
     * connection broke before the first byte). Its outcome is known, so never "outcome unknown".
     */
    private AccreteException notSent(RequestNotSentException e, Request r, URI uri) {
        Map<Keyword, Object> data = Map.of(Keyword.of("sent"), false);
        String unapplied = r.write() ? ": it was not sent, so the transaction was not applied" : ": it was not sent";
        // close() interrupts the SDK's own threads: closed comes first.
        if (closed || e.getCause() instanceof AsynchronousCloseException) return closedError(e);
        if (e.getCause() instanceof InterruptedException) {
            return new AccreteException(AccreteException.INTERRUPTED, "interrupted before the request left" + unapplied, data, 0, e);
        }
        if (e.getCause() instanceof HttpTimeoutException) {
            return new AccreteException(AccreteException.TIMEOUT, "the timeout ran out before the request could be sent to "
                    + uri + unapplied, data, 0, e);
        }
        return null;
    }

    private static AccreteException interrupted(boolean write, InterruptedException e) {
        return new AccreteException(write ? AccreteException.OUTCOME_UNKNOWN : AccreteException.INTERRUPTED,
                write ? "interrupted (or the client closed) while the transaction was in flight: it may or may not have been applied"
                      : "interrupted while waiting for the server", Map.of(), 0, e);
    }

    static AccreteException closedError(Throwable cause) {
        return new AccreteException(AccreteException.CLOSED, "the client is closed", Map.of(), 0, cause);
    }

    /** The request's headers, names and values alternating. */
    private String[] headers(Request r) {
        String[] h = new String[8];
        int n = 0;
        h[n++] = "Accept";
        h[n++] = Request.TRANSIT;
        Long t = r.basisT() != null ? r.basisT() : (r.dbName() != null ? basis.get(r.dbName()) : null);
        if (t != null && t > 0) {
            h[n++] = BASIS_HEADER;
            h[n++] = Long.toString(t);
        }
        String id = r.dbName() != null ? basis.id(r.dbName()) : null;
        if (id != null) {   // the database that t belongs to
            h[n++] = DB_HEADER;
            h[n++] = id;
        }
        if (r.body() != null) {
            h[n++] = "Content-Type";
            h[n++] = r.contentType();
        }
        return Arrays.copyOf(h, n);
    }

    /** The URI of {@code path} on one of the servers (also for requests built outside {@link #send}). */
    URI uri(int index, String path) {
        int slot = Math.floorMod(index, uris.size());
        Map<String, URI> known = resolved.get(slot);
        URI u = known.get(path);
        if (u != null) return u;
        u = resolve(uris.get(slot), path);
        // Bounded: paths naming a t, an entity or a page are not worth keeping once there are many.
        if (known.size() < RESOLVED_MAX) known.put(path, u);
        return u;
    }

    int currentIndex() { return current.get(); }
    void markFailed(int index) { current.compareAndSet(Math.floorMod(index, uris.size()), index + 1); }

    private static URI resolve(URI base, String path) {
        String b = base.toString();
        if (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        return URI.create(b + path);
    }

    private AccreteException failure(Throwable cause, Request r, boolean neverSent, URI uri) {
        if (closed && (neverSent || !r.write())) return closedError(cause);
        if (neverSent) {
            return new AccreteException(AccreteException.UNAVAILABLE, "no server reachable (last tried " + uri + "): "
                    + cause, Map.of(Keyword.of("sent"), false), 0, cause);
        }
        if (r.write()) {
            String why = cause instanceof HttpTimeoutException ? "no answer within the timeout" : "the connection failed (" + cause + ")";
            return new AccreteException(AccreteException.OUTCOME_UNKNOWN, why + " after the transaction was sent to "
                    + uri + ": it may or may not have been applied; read to find out before retrying",
                    Map.of(Keyword.of("sent"), true), 0, cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new AccreteException(AccreteException.TIMEOUT, "no answer from " + uri + " within the timeout", Map.of(), 0, cause);
        }
        if (cause instanceof ProtocolException) {
            return new AccreteException(AccreteException.INVALID_RESPONSE, "unreadable answer from " + uri + ": " + cause.getMessage(), Map.of(), 0, cause);
        }
        return new AccreteException(AccreteException.UNAVAILABLE, "request to " + uri + " failed: " + cause, Map.of(), 0, cause);
    }

    static boolean isConnectFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof HttpConnectTimeoutException
                    || c instanceof UnresolvedAddressException || c instanceof UnknownHostException) return true;
        }
        return false;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
        return t;
    }

    /** Stops the SDK's threads and closes its connections (a request in flight fails). */
    void close() {
        closed = true;
        threads.close();
        plain.close();
        synchronized (this) {
            if (jdk != null) jdk.close();
        }
    }
}
