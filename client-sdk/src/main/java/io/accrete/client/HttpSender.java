package io.accrete.client;

import java.io.IOException;
import java.net.ProtocolException;
import java.net.URI;
import java.time.Duration;

/**
 * Carries one request to a server and brings its whole answer back, on the caller's thread.
 * Failures are reported the way {@link Transport} tells "never sent" from "sent": a connect
 * failure is a {@link java.net.ConnectException} or {@link java.net.http.HttpConnectTimeoutException},
 * any other failure before the first byte left a {@link RequestNotSentException}; after that, the
 * timeout is an {@link java.net.http.HttpTimeoutException}, the caller's interrupt an
 * {@link InterruptedException}, an answer that cannot be read a {@link ProtocolException}. No
 * request is ever sent twice.
 */
interface HttpSender {
    /** Longer timeouts are this (~73 years): a caller's "forever" ({@code ChronoUnit.FOREVER}) must not overflow. */
    long MAX_TIMEOUT_NANOS = Long.MAX_VALUE / 4;

    /** {@code d} in nanoseconds, no more than {@link #MAX_TIMEOUT_NANOS}. */
    static long boundedNanos(Duration d) {
        return d.compareTo(Duration.ofNanos(MAX_TIMEOUT_NANOS)) > 0 ? MAX_TIMEOUT_NANOS : d.toNanos();
    }

    /** The error for an answer over {@code maxAnswer} bytes, the same whichever sender read it. */
    static ProtocolException tooLarge(int maxAnswer) {
        return new ProtocolException("the server's answer is larger than the client takes (" + maxAnswer + " bytes)");
    }

    /** {@code headers} alternates names and values; {@code body} may be null (no body). */
    HttpAnswer send(URI uri, String method, String[] headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException;

    /** Ends its connections: a request in flight fails with an {@link IOException}. */
    void close();
}
