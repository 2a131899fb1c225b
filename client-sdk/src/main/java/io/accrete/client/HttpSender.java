package io.accrete.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Carries one request to a server and brings its whole answer back, on the caller's thread.
 * Failures are reported the way {@link Transport} tells "never sent" from "sent": a connect
 * failure is a {@link java.net.ConnectException} or {@link java.net.http.HttpConnectTimeoutException},
 * the timeout an {@link java.net.http.HttpTimeoutException}, the caller's interrupt an
 * {@link InterruptedException}; no request is ever sent twice.
 */
interface HttpSender {
    /** Longer timeouts are this (~73 years): a caller's "forever" ({@code ChronoUnit.FOREVER}) must not overflow. */
    long MAX_TIMEOUT_NANOS = Long.MAX_VALUE / 4;

    /** {@code d} in nanoseconds, no more than {@link #MAX_TIMEOUT_NANOS}. */
    static long boundedNanos(Duration d) {
        return d.compareTo(Duration.ofNanos(MAX_TIMEOUT_NANOS)) > 0 ? MAX_TIMEOUT_NANOS : d.toNanos();
    }

    /** {@code headers} alternates names and values; {@code body} may be null (no body). */
    HttpAnswer send(URI uri, String method, String[] headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException;

    /** Ends its connections: a request in flight fails with an {@link IOException}. */
    void close();
}
