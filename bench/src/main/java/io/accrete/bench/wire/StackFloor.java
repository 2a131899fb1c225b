package io.accrete.bench.wire;

import io.javalin.Javalin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The floor of a loopback round trip under each layer the SDK's requests go through, with no
 * database work at all: every server answers {@code POST /q} with the same ten bytes once it has
 * read the request body. From one thread, sequentially, alternating in rounds:
 * <ul>
 *   <li>a plain blocking socket client against a plain blocking socket server (the machine's own floor);</li>
 *   <li>the JDK {@link HttpClient}, built as the SDK builds it, against that socket server;</li>
 *   <li>the same client against a bare Jetty handler (the Jetty the server runs on);</li>
 *   <li>the same client against a one-route Javalin server.</li>
 * </ul>
 * The servers run in this JVM. Usage: {@code StackFloor [requests per round, 20000]}; prints p50/p99
 * of rounds after the first (the JIT's warm-up).
 */
public final class StackFloor {
    private static final byte[] ANSWER = "{:ok true}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] QUERY = "{:query [:find ?e . :in $ ?n :where [?e :person/name ?n]] :args [\"person-1\"]}"
            .getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int socketPort = socketServer();
        Server jetty = jettyServer();
        Javalin javalin = Javalin.create().post("/q", ctx -> {
            ctx.bodyAsBytes();
            ctx.contentType("application/edn").result(ANSWER);
        }).start("127.0.0.1", 0);
        int jettyPort = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), socketPort)) {
            socket.setTcpNoDelay(true);
            for (int round = 1; round <= 5; round++) {
                report(round, "socket client -> socket server", socketRoundTrips(socket, n));
                report(round, "JDK client -> socket server", jdkRoundTrips(http, socketPort, n));
                report(round, "JDK client -> bare Jetty handler", jdkRoundTrips(http, jettyPort, n));
                report(round, "JDK client -> one-route Javalin", jdkRoundTrips(http, javalin.port(), n));
            }
        } finally {
            javalin.stop();
            jetty.stop();
        }
        System.exit(0);
    }

    private static void report(int round, String what, long[] nanos) {
        if (round == 1) return;
        Arrays.sort(nanos);
        System.out.printf("round %d  %-34s p50 %4d µs  p99 %5d µs%n", round, what,
                nanos[nanos.length / 2] / 1000, nanos[nanos.length * 99 / 100] / 1000);
    }

    private static long[] jdkRoundTrips(HttpClient http, int port, int n) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q"))
                .header("Content-Type", "application/edn").POST(HttpRequest.BodyPublishers.ofByteArray(QUERY)).build();
        long[] lat = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> resp = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
            lat[i] = System.nanoTime() - t0;
            if (resp.statusCode() != 200) throw new IllegalStateException("HTTP " + resp.statusCode());
        }
        return lat;
    }

    private static long[] socketRoundTrips(Socket socket, int n) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        byte[] head = ("POST /q HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/edn\r\nContent-Length: "
                + QUERY.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + QUERY.length);
        System.arraycopy(QUERY, 0, request, head.length, QUERY.length);
        long[] lat = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            out.write(request);
            out.flush();
            in.readNBytes(readHead(in));
            lat[i] = System.nanoTime() - t0;
        }
        return lat;
    }

    /** Reads an HTTP head up to its blank line; returns its Content-Length. */
    private static int readHead(InputStream in) throws IOException {
        int length = 0;
        for (String line; !(line = readLine(in)).isEmpty(); ) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) length = Integer.parseInt(line.substring(15).trim());
        }
        return length;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new IOException("connection closed");
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }

    /** A blocking server, one thread per connection, that answers every request with {@link #ANSWER}. */
    private static int socketServer() throws IOException {
        ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/edn\r\nContent-Length: " + ANSWER.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] response = Arrays.copyOf(head, head.length + ANSWER.length);
        System.arraycopy(ANSWER, 0, response, head.length, ANSWER.length);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = ss.accept();
                    s.setTcpNoDelay(true);
                    Thread t = new Thread(() -> {
                        try (s) {
                            InputStream in = new BufferedInputStream(s.getInputStream());
                            OutputStream out = s.getOutputStream();
                            while (true) {
                                in.readNBytes(readHead(in));
                                out.write(response);
                                out.flush();
                            }
                        } catch (IOException closed) {
                            // the client went away
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException e) {
                // the server socket closed
            }
        }, "socket-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return ss.getLocalPort();
    }

    private static Server jettyServer() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest req, HttpServletResponse resp) throws IOException {
                req.getInputStream().readAllBytes();
                resp.setContentType("application/edn");
                resp.setContentLength(ANSWER.length);
                resp.getOutputStream().write(ANSWER);
                base.setHandled(true);
            }
        });
        server.start();
        return server;
    }
}
