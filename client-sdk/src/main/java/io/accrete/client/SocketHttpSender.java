package io.accrete.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plain-{@code http} requests over kept-alive connections, each request written and its answer
 * read on the caller's own thread. The JDK's {@code java.net.http} client reads every answer on
 * its selector thread and then wakes the caller: two thread wake-ups per round trip, which on a
 * virtual machine whose idle CPUs halt cost 70–90 µs of the ~130 µs a lookup took through it
 * (docs/benchmarks.md, stop 23). Here the kernel wakes the caller itself.
 *
 * <p>Connections are pooled per server: one per caller in flight (no limit, as with the JDK
 * client), up to {@link #MAX_IDLE} kept idle, none kept idle longer than {@link #MAX_IDLE_NANOS}
 * (past it an idle connection is closed when the pool is next used, or by a sweep on the client's
 * timer, so that a quiet client does not hold sockets its servers have long hung up on).
 * An idle connection the server has closed is never used ({@link HttpConnection#isStale()}).
 */
final class SocketHttpSender implements HttpSender {
    static final int MAX_IDLE = 64;
    /** Below the idle timeouts of Jetty (30 s) and common load balancers (60 s). */
    static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(15);

    /** The largest answer taken: a server streaming without end fails the request rather than the caller's heap. */
    static final int MAX_ANSWER = 256 * 1024 * 1024;

    private final Duration connectTimeout;
    private final int maxAnswer;
    private final long maxIdleNanos;
    /** The client's timer, for the idle sweep; null: no sweep (tests). */
    private final ScheduledExecutorService sweeper;
    private final AtomicBoolean sweepScheduled = new AtomicBoolean();
    private final Map<String, ConcurrentLinkedDeque<HttpConnection>> idle = new ConcurrentHashMap<>();
    /** Every open connection, idle or carrying a request, so that {@link #close()} can end them all. */
    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    SocketHttpSender(Duration connectTimeout) {
        this(connectTimeout, MAX_ANSWER);
    }

    SocketHttpSender(Duration connectTimeout, int maxAnswer) {
        this(connectTimeout, maxAnswer, null, MAX_IDLE_NANOS);
    }

    SocketHttpSender(Duration connectTimeout, int maxAnswer, ScheduledExecutorService sweeper, long maxIdleNanos) {
        this.connectTimeout = connectTimeout;
        this.maxAnswer = maxAnswer;
        this.sweeper = sweeper;
        this.maxIdleNanos = maxIdleNanos;
    }

    @Override
    public HttpAnswer send(URI uri, String method, String[] headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + HttpSender.boundedNanos(timeout);
        byte[] request = encode(uri, method, headers, body);
        HttpConnection c = null;
        boolean reused = false;
        try {
            c = acquire(uri, deadline);
            HttpConnection.Answer a = c.exchange(request, method.equals("HEAD"), deadline);
            if (a.reusable()) {
                release(c);
                reused = true;
            }
            return a.answer();
        } catch (ClosedByInterruptException e) {
            // The channel closed because the caller was interrupted (its flag stays set).
            throw (InterruptedException) new InterruptedException("interrupted while waiting for " + uri.getRawAuthority()).initCause(e);
        } finally {
            if (c != null && !reused) discard(c);
        }
    }

    /** How many connections are open, idle or not (for tests). */
    int openConnections() { return open.size(); }

    @Override
    public void close() {
        closed = true;
        for (HttpConnection c : open) discard(c);
        idle.clear();
    }

    private HttpConnection acquire(URI uri, long deadline) throws IOException {
        if (closed) throw closedNotSent();
        String key = uri.getRawAuthority();
        ConcurrentLinkedDeque<HttpConnection> pool = idle.get(key);
        if (pool != null) {
            long now = System.nanoTime();
            for (HttpConnection c; (c = pool.pollLast()) != null; ) {
                if (now - c.idleSince() < maxIdleNanos && !c.isStale()) return c;
                discard(c);
            }
        }
        String host = uri.getHost();
        if (host == null) throw new IllegalArgumentException("no host in " + uri);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        HttpConnection c = new HttpConnection(key, maxAnswer);
        // Known before it connects, so that close() ends a connect in progress too.
        open.add(c);
        try {
            if (closed) throw closedNotSent();
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new RequestNotSentException("no time was left to connect", new HttpTimeoutException("timed out"));
            boolean deadlineFirst = left < HttpSender.boundedNanos(connectTimeout);
            try {
                c.connect(host, uri.getPort() < 0 ? 80 : uri.getPort(), deadlineFirst ? Duration.ofNanos(left) : connectTimeout);
            } catch (java.net.http.HttpConnectTimeoutException e) {
                // The request's own time ran out while connecting: a timeout, not an unreachable server.
                if (deadlineFirst) throw new RequestNotSentException("the timeout ran out while connecting", new HttpTimeoutException(e.getMessage()));
                throw e;
            }
            return c;
        } catch (IOException | RuntimeException e) {
            discard(c);
            throw e;
        }
    }

    private static RequestNotSentException closedNotSent() {
        return new RequestNotSentException("the client is closed", new java.nio.channels.AsynchronousCloseException());
    }

    private void release(HttpConnection c) {
        ConcurrentLinkedDeque<HttpConnection> pool = idle.computeIfAbsent(c.key(), k -> new ConcurrentLinkedDeque<>());
        c.markIdle(System.nanoTime());
        // Most recently used last: a busy client keeps reusing its warm connections, and the
        // oldest ones age out.
        pool.addLast(c);
        // The oldest idle ones are at the head: close those past their age (or too many) now,
        // rather than leave their sockets waiting on a server that has hung up.
        closeAged(pool, c.idleSince());
        if (closed) close();
        scheduleSweep();
    }

    /** Closes the pool's idle connections past their age at {@code now} (or past {@link #MAX_IDLE}): the oldest are at its head. */
    private void closeAged(ConcurrentLinkedDeque<HttpConnection> pool, long now) {
        for (HttpConnection oldest; (oldest = pool.peekFirst()) != null
                && (pool.size() > MAX_IDLE || now - oldest.idleSince() >= maxIdleNanos); ) {
            if (pool.remove(oldest)) discard(oldest);   // false: a caller took it meanwhile
        }
    }

    /** One sweep at a time, while anything is idle: it closes what aged without the pool being used. */
    private void scheduleSweep() {
        if (sweeper == null || closed || !sweepScheduled.compareAndSet(false, true)) return;
        try {
            sweeper.schedule(this::sweep, maxIdleNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            sweepScheduled.set(false);   // the client is closing
        }
    }

    private void sweep() {
        sweepScheduled.set(false);
        boolean idleLeft = false;
        for (ConcurrentLinkedDeque<HttpConnection> pool : idle.values()) {
            closeAged(pool, System.nanoTime());
            idleLeft |= !pool.isEmpty();
        }
        if (idleLeft) scheduleSweep();
    }

    private void discard(HttpConnection c) {
        open.remove(c);
        c.close();
    }

    /** The request line, {@code Host}, the given headers and the body's length, then the body: one write. */
    static byte[] encode(URI uri, String method, String[] headers, byte[] body) {
        StringBuilder head = new StringBuilder(256);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        head.append(method).append(' ').append(path);
        if (uri.getRawQuery() != null) head.append('?').append(uri.getRawQuery());
        head.append(" HTTP/1.1\r\nHost: ").append(hostHeader(uri)).append("\r\nUser-Agent: accrete-client\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            checkHeader(headers[i], headers[i + 1]);
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            head.append("Content-Length: 0\r\n");   // some proxies refuse a bodiless POST without it (411)
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null || body.length == 0) return h;
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    private static String hostHeader(URI uri) {
        String authority = uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        return at < 0 ? authority : authority.substring(at + 1);
    }

    /** What the JDK client refuses too: a header that could end the head early or smuggle another. */
    private static void checkHeader(String name, String value) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127 || c == ':') throw new IllegalArgumentException("invalid header name " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 255) throw new IllegalArgumentException("invalid value for header " + name);
        }
    }
}
