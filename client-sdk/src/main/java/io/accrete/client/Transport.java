package io.accrete.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends requests to one of several equivalent servers over one pooled JDK {@link HttpClient}.
 * A request that fails to connect moves on to the next URI (and later requests start there);
 * a read that fails after being sent is retried too, because reads are idempotent; a write that
 * fails after being sent is never retried: its outcome is unknown, and the caller is told so.
 */
final class Transport {
    static final String BASIS_HEADER = "X-Basis-T";

    private final List<URI> uris;
    private final AtomicInteger current = new AtomicInteger();
    private final HttpClient http;
    private final Threads threads;
    private final Duration defaultTimeout;
    private final BasisTracker basis;
    private volatile boolean closed;

    Transport(List<URI> uris, Duration connectTimeout, Duration defaultTimeout, BasisTracker basis) {
        this.uris = List.copyOf(uris);
        this.threads = new Threads();
        this.defaultTimeout = defaultTimeout;
        this.basis = basis;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(threads.http())
                .build();
    }

    HttpClient http() { return http; }
    Threads threads() { return threads; }
    BasisTracker basis() { return basis; }
    Duration defaultTimeout() { return defaultTimeout; }

    /** The request's decoded transit answer, or an {@link AccreteException}. */
    CompletableFuture<Object> send(Request r) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new AccreteException(AccreteException.CLOSED, "the client is closed"));
            return result;
        }
        attempt(r, current.get(), 0, result);
        return result;
    }

    /** Blocks for {@link #send}; interrupting the caller of a write leaves its outcome unknown. */
    Object call(Request r) { return await(send(r), r.write()); }

    static <T> T await(CompletableFuture<T> f, boolean write) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccreteException(write ? AccreteException.OUTCOME_UNKNOWN : AccreteException.INTERRUPTED,
                    write ? "interrupted while the transaction was in flight: it may or may not have been applied"
                          : "interrupted while waiting for the server", Map.of(), 0, e);
        } catch (ExecutionException e) {
            AccreteException ae = asAccrete(e.getCause());
            // Made on an HTTP thread; the caller's own stack says more about where it went wrong.
            ae.fillInStackTrace();
            throw ae;
        } catch (CancellationException e) {
            throw new AccreteException(AccreteException.CLOSED, "the request was cancelled", Map.of(), 0, e);
        }
    }

    static AccreteException asAccrete(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof AccreteException ae) return ae;
        return new AccreteException(AccreteException.INVALID_RESPONSE, String.valueOf(c.getMessage()), Map.of(), 0, c);
    }

    private void attempt(Request r, int index, int tried, CompletableFuture<Object> result) {
        int slot = Math.floorMod(index, uris.size());
        HttpRequest hr;
        try {
            hr = build(uris.get(slot), r);
        } catch (RuntimeException e) {
            result.completeExceptionally(new AccreteException(AccreteException.INVALID_RESPONSE,
                    "could not build the request: " + e.getMessage(), Map.of(), 0, e));
            return;
        }
        // Blocking send on one of our pooled threads, not sendAsync: the JDK completes every
        // sendAsync through CompletableFuture's default pool, which on a 2-core machine starts a
        // new thread per response.
        try {
            threads.http().execute(() -> {
                HttpResponse<byte[]> resp = null;
                Throwable err = null;
                try {
                    resp = http.send(hr, HttpResponse.BodyHandlers.ofByteArray());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    err = e;
                } catch (Throwable t) {
                    err = t;
                }
                onResponse(r, slot, tried, result, resp, err);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new AccreteException(AccreteException.CLOSED, "the client is closed"));
        }
    }

    private void onResponse(Request r, int slot, int tried, CompletableFuture<Object> result,
                            HttpResponse<byte[]> resp, Throwable err) {
        if (err == null) {
            try {
                result.complete(Responses.handle(resp, r, basis));
                current.set(slot);
            } catch (AccreteException e) {
                // 503 means this server did not take the request (busy or shutting down), so
                // another one may, even for a write.
                if (e.status() == 503 && !closed && tried + 1 < uris.size()) {
                    current.compareAndSet(slot, slot + 1);
                    attempt(r, slot + 1, tried + 1, result);
                } else {
                    current.set(slot);
                    result.completeExceptionally(e);
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
            return;
        }
        Throwable cause = unwrap(err);
        boolean neverSent = isConnectFailure(cause);
        boolean retryable = !closed && (neverSent || (!r.write() && cause instanceof IOException
                && !(cause instanceof HttpTimeoutException)));
        int budget = neverSent ? uris.size() : uris.size() + 1;
        if (retryable && tried + 1 < budget) {
            if (neverSent) current.compareAndSet(slot, slot + 1);
            attempt(r, slot + 1, tried + 1, result);
        } else {
            result.completeExceptionally(failure(cause, r, neverSent, uris.get(slot)));
        }
    }

    private HttpRequest build(URI base, Request r) {
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve(base, r.path()))
                .timeout(r.timeout() == null ? defaultTimeout : r.timeout())
                .header("Accept", Request.TRANSIT);
        Long t = r.basisT() != null ? r.basisT() : (r.dbName() != null ? basis.get(r.dbName()) : null);
        if (t != null && t > 0) b.header(BASIS_HEADER, Long.toString(t));
        if (r.body() != null) {
            b.header("Content-Type", r.contentType());
            b.method(r.method(), HttpRequest.BodyPublishers.ofByteArray(r.body()));
        } else {
            b.method(r.method(), HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    /** The URI of {@code path} on one of the servers, for requests built outside {@link #send}. */
    URI uri(int index, String path) { return resolve(uris.get(Math.floorMod(index, uris.size())), path); }

    int currentIndex() { return current.get(); }
    void markFailed(int index) { current.compareAndSet(Math.floorMod(index, uris.size()), index + 1); }

    private static URI resolve(URI base, String path) {
        String b = base.toString();
        if (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        return URI.create(b + path);
    }

    private AccreteException failure(Throwable cause, Request r, boolean neverSent, URI uri) {
        if (closed) return new AccreteException(AccreteException.CLOSED, "the client is closed", Map.of(), 0, cause);
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
        return new AccreteException(AccreteException.UNAVAILABLE, "request to " + uri + " failed: " + cause, Map.of(), 0, cause);
    }

    static boolean isConnectFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof HttpConnectTimeoutException
                    || c instanceof UnresolvedAddressException) return true;
        }
        return false;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
        return t;
    }

    /** Stops the SDK's threads; the JDK client's own selector thread ends once it is unreferenced. */
    void close() {
        closed = true;
        threads.close();
    }
}
