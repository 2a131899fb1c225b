package io.accrete.client;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One kept-alive HTTP/1.1 connection, used by one caller at a time: it writes a request (in one
 * write when it fits the socket's buffer) and reads the answer on the caller's own thread, each
 * within the exchange's deadline. Reads block on a {@link SocketChannel}, so the caller's
 * interrupt ends a wait (the channel closes), and {@link #close()} from another thread ends it
 * too. Reads the bodies an HTTP/1.1 server may send: by {@code Content-Length}, chunked, or up to
 * the end of the connection, none larger than its limit.
 */
final class HttpConnection implements AutoCloseable {
    /** The most a status line and headers may take: a server sending more is not one we know. */
    private static final int MAX_HEAD = 64 * 1024;
    /** The most 1xx answers taken before the real one: a server sending them without end is broken. */
    private static final int MAX_INTERIM = 16;

    private final SocketChannel channel;
    private final String key;
    private final int maxAnswer;
    private InputStream in;
    private long deadline;
    private long idleSince;
    /** While a large request waits for room in the socket's buffer: woken by {@link #close()}. */
    private volatile Selector writing;

    /** An unconnected connection: {@link #connect} it (it can be closed from another thread meanwhile). */
    HttpConnection(String key, int maxAnswer) throws IOException {
        try {
            this.channel = SocketChannel.open();
        } catch (IOException e) {
            // Out of file descriptors, say: nothing was sent, and another server will not help, but it may later.
            throw (ConnectException) new ConnectException("could not open a socket: " + e).initCause(e);
        }
        this.key = key;
        this.maxAnswer = maxAnswer;
    }

    /**
     * Connects to {@code host:port}. Every failure here means the request was never sent: the
     * interrupt and {@link #close()} as {@link RequestNotSentException}, anything else as a
     * {@link ConnectException} (or {@link HttpConnectTimeoutException}), as the JDK client does.
     */
    void connect(String host, int port, Duration connectTimeout) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) throw new ConnectException("unknown host " + host);
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(address, (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
            in = new BufferedInputStream(new DeadlineInput(channel.socket().getInputStream()), 16 * 1024);
        } catch (ClosedByInterruptException e) {
            throw new RequestNotSentException("interrupted while connecting to " + address, new InterruptedException());
        } catch (AsynchronousCloseException e) {
            throw new RequestNotSentException("the client closed while connecting to " + address, e);
        } catch (SocketTimeoutException e) {
            throw new HttpConnectTimeoutException("could not connect to " + address + " within " + connectTimeout);
        } catch (ConnectException e) {
            throw e;
        } catch (IOException e) {
            // No route, network unreachable, no local port left: never sent, so another server may take it.
            throw (ConnectException) new ConnectException("could not connect to " + address + ": " + e).initCause(e);
        }
    }

    /** The server this connection goes to (scheme-less host and port). */
    String key() { return key; }

    long idleSince() { return idleSince; }

    void markIdle(long now) { idleSince = now; }

    /**
     * Whether the server has closed this idle connection (or sent something unasked): such a
     * connection must not carry a request, least of all a transaction, which would then have an
     * unknown outcome although the server never read it.
     */
    boolean isStale() {
        try {
            if (in.available() > 0) return true;
            channel.configureBlocking(false);
            try {
                return channel.read(ByteBuffer.allocate(1)) != 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return true;
        }
    }

    /** Writes {@code request} and reads its answer, all before {@code deadlineNanos} (a {@link System#nanoTime()}). */
    Answer exchange(byte[] request, boolean head, long deadlineNanos) throws IOException {
        deadline = deadlineNanos;
        IOException writeFailure = null;
        boolean whole;
        try {
            whole = send(ByteBuffer.wrap(request));
        } catch (RequestNotSentException e) {
            throw e;
        } catch (IOException e) {
            // Part of it left, then writing failed: a server refusing a body too large answers and
            // closes without reading the rest. Its answer, if it came, is what the caller needs.
            writeFailure = e;
            whole = false;
        }
        try {
            Answer a = read(head);
            // A connection whose request was cut short is out of step: never reused.
            return whole ? a : new Answer(a.answer(), false);
        } catch (IOException e) {
            if (writeFailure == null) throw e;
            writeFailure.addSuppressed(e);
            throw writeFailure;
        }
    }

    private Answer read(boolean head) throws IOException {
        for (int interim = 0; ; interim++) {
            if (interim > MAX_INTERIM) throw new ProtocolException("more than " + MAX_INTERIM + " interim (1xx) answers from the server");
            int[] headSize = {0};
            String statusLine = line(headSize);
            int status = status(statusLine);
            Map<String, List<String>> headers = new HashMap<>();
            for (String line = line(headSize); !line.isEmpty(); line = line(headSize)) {
                int colon = line.indexOf(':');
                if (colon <= 0 || line.charAt(colon - 1) <= ' ' || line.charAt(0) <= ' ') {
                    throw new ProtocolException("malformed header line from the server: " + clip(line));
                }
                headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                        .add(line.substring(colon + 1).trim());
            }
            // 1xx answers (other than a switch of protocol, never asked for) come before the real one.
            if (status >= 100 && status < 200 && status != 101) continue;
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            boolean close = has(headers, "connection", "close") || (http10 && !has(headers, "connection", "keep-alive"));
            byte[] body;
            if (head || status == 204 || status == 304 || status == 101) {
                body = new byte[0];
                close |= status == 101;
            } else if (headers.containsKey("transfer-encoding")) {
                close |= http10;   // RFC 9112 6.3: the framing cannot be trusted to leave the connection in step
                if (!lastCodingIsChunked(headers.get("transfer-encoding"))) {
                    body = toEnd();
                    close = true;
                } else {
                    body = chunked();
                }
            } else if (headers.containsKey("content-length")) {
                body = exactly(contentLength(headers.get("content-length")));
            } else {
                body = toEnd();
                close = true;
            }
            return new Answer(new HttpAnswer(status, headers, body), !close);
        }
    }

    /**
     * Writes the request before the deadline: true when all of it left, false when the server's
     * answer began first (it will not read the rest). Non-blocking, so that a server that stops
     * reading cannot hold the caller past its timeout; a request small enough for the socket's
     * buffer (all of the SDK's usual ones) goes in one write with no waiting. Until the first byte
     * has left, every failure is a {@link RequestNotSentException}.
     */
    private boolean send(ByteBuffer request) throws IOException {
        int total = request.remaining();
        try {
            if (deadline - System.nanoTime() <= 0) throw new HttpTimeoutException("no time was left to send the request");
            if (Thread.currentThread().isInterrupted()) throw new ClosedByInterruptException();
            channel.configureBlocking(false);
            try {
                channel.write(request);
                return !request.hasRemaining() || awaitRoom(request);
            } finally {
                if (channel.isOpen()) channel.configureBlocking(true);
            }
        } catch (IOException e) {
            if (request.remaining() < total) throw e;   // part of it left: the server may act on it
            Throwable why = e instanceof ClosedByInterruptException ? new InterruptedException() : e;
            throw new RequestNotSentException("the request was not sent: " + e, why);
        }
    }

    /** Writes the rest of the request as the server reads it; false as soon as its answer begins. */
    private boolean awaitRoom(ByteBuffer request) throws IOException {
        Selector selector = Selector.open();
        writing = selector;
        try (selector) {
            SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE | SelectionKey.OP_READ);
            while (request.hasRemaining()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new HttpTimeoutException("the server did not take the whole request within the timeout");
                if (!channel.isOpen()) throw new AsynchronousCloseException();
                int ready = selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                selector.selectedKeys().clear();
                if (Thread.currentThread().isInterrupted()) throw new ClosedByInterruptException();
                if (!channel.isOpen()) throw new AsynchronousCloseException();
                if (ready > 0 && key.isReadable()) return false;
                channel.write(request);
            }
            return true;
        } finally {
            writing = null;   // closing the selector deregistered the channel, so it can block again
        }
    }

    /** The answer, and whether the connection can carry another request. */
    record Answer(HttpAnswer answer, boolean reusable) {}

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
        Selector w = writing;   // after the close, so that a writer woken here finds the channel closed
        if (w != null) w.wakeup();
    }

    private static int status(String line) throws ProtocolException {
        // "HTTP/1.1 200 OK": the reason phrase may be empty or missing.
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' '
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new ProtocolException("not an HTTP/1.x status line: " + clip(line));
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') throw new ProtocolException("not an HTTP/1.x status line: " + clip(line));
            status = status * 10 + (c - '0');
        }
        return status;
    }

    private static boolean has(Map<String, List<String>> headers, String name, String token) {
        for (String value : headers.getOrDefault(name, List.of())) {
            for (String t : value.split(",")) if (t.trim().equalsIgnoreCase(token)) return true;
        }
        return false;
    }

    private static boolean lastCodingIsChunked(List<String> values) {
        String last = values.get(values.size() - 1);
        String[] codings = last.split(",");
        return codings[codings.length - 1].trim().equalsIgnoreCase("chunked");
    }

    private static long contentLength(List<String> values) throws ProtocolException {
        long length = -1;
        for (String value : values) {
            for (String v : value.split(",")) {
                String digits = v.trim();
                long n;
                try {
                    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) throw new NumberFormatException();
                    n = Long.parseLong(digits);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("unreadable Content-Length from the server: " + clip(value));
                }
                if ((length >= 0 && n != length)) throw new ProtocolException("conflicting Content-Length from the server: " + values);
                length = n;
            }
        }
        return length;
    }

    private byte[] exactly(long length) throws IOException {
        if (length > maxAnswer) throw tooLarge();
        byte[] body = in.readNBytes((int) length);
        if (body.length != length) throw new EOFException("the server closed the connection " + body.length + " bytes into a " + length + "-byte answer");
        return body;
    }

    private byte[] chunked() throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        int[] size = {0};
        while (true) {
            String line = line(size);
            int semi = line.indexOf(';');
            String hex = (semi < 0 ? line : line.substring(0, semi)).trim();
            long n;
            try {
                n = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("unreadable chunk size from the server: " + clip(line));
            }
            if (n < 0) throw new ProtocolException("unreadable chunk size from the server: " + clip(line));
            if (body.size() + n > maxAnswer) throw tooLarge();
            if (n == 0) break;
            body.write(exactly(n));
            if (!line(size).isEmpty()) throw new ProtocolException("a chunk longer than its size from the server");
            size[0] = 0;
        }
        for (String trailer = line(size); !trailer.isEmpty(); trailer = line(size)) {
            // trailers carry nothing the SDK reads
        }
        return body.toByteArray();
    }

    /** A body that ends with the connection, up to the limit. */
    private byte[] toEnd() throws IOException {
        byte[] body = in.readNBytes(maxAnswer + 1);
        if (body.length > maxAnswer) throw tooLarge();
        return body;
    }

    private ProtocolException tooLarge() {
        return HttpSender.tooLarge(maxAnswer);
    }

    /** One line of the head, without its CRLF; {@code size[0]} counts the head's bytes so far. */
    private String line(int[] size) throws IOException {
        StringBuilder b = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException(size[0] == 0 && b.length() == 0
                        ? "the server closed the connection without answering" : "the server closed the connection mid-answer");
            }
            if (++size[0] > MAX_HEAD) throw new ProtocolException("the server's answer head is longer than " + MAX_HEAD + " bytes");
            if (c == '\n') break;
            b.append((char) c);
        }
        int end = b.length();
        if (end > 0 && b.charAt(end - 1) == '\r') b.setLength(end - 1);
        return b.toString();
    }

    private static String clip(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }

    /** The socket's input with each blocking read bounded by what is left of the exchange's deadline. */
    private final class DeadlineInput extends FilterInputStream {
        DeadlineInput(InputStream in) { super(in); }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new HttpTimeoutException("no complete answer within the timeout");
            channel.socket().setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, Duration.ofNanos(left).toMillis())));
            try {
                return super.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw new HttpTimeoutException("no complete answer within the timeout");
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }
    }
}
