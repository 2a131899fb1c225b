package io.accrete.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server that answers each request with bytes a test scripts, to put the SDK's HTTP/1.1
 * reading in front of what real servers and proxies may send (and what broken ones do).
 */
class ScriptedHttpServer implements AutoCloseable {
    /** What to do with one request on one connection: write an answer, or close, or stall. */
    interface Script {
        /** Returns false to close the connection after this request. */
        boolean answer(String requestHead, byte[] requestBody, OutputStream out, int connection) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final Thread acceptor;
    final AtomicInteger connections = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    ScriptedHttpServer(Script script) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    accepted.add(s);
                    int n = connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(s, script, n), "scripted-http-" + n);
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "scripted-http-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() { return URI.create("http://127.0.0.1:" + socket.getLocalPort()); }

    /** Called when a connection has ended (the client hung up, or the script closed it). */
    void ended(int connection) {}

    private void serve(Socket s, Script script, int n) {
        try (s) {
            InputStream in = s.getInputStream();
            while (true) {
                String head = head(in);
                if (head == null) return;
                requests.add(head);
                byte[] body = in.readNBytes(contentLength(head));
                OutputStream out = s.getOutputStream();
                boolean keep = script.answer(head, body, out, n);
                out.flush();
                if (!keep) return;
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the test ended
        } finally {
            ended(n);
        }
    }

    /** The request's head up to its blank line, or null at the end of the connection. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) return null;
            b.write(c);
            matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) return Integer.parseInt(line.substring(15).trim());
        }
        return 0;
    }

    static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : accepted) s.close();
    }
}
