package io.accrete.client;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.accrete.client.ScriptedHttpServer.write;
import static org.junit.jupiter.api.Assertions.*;

/** The SDK's own HTTP/1.1 reading and connection keeping, against servers that answer in every way HTTP allows, and some that break it. */
class SocketHttpSenderTest {
    private static final Duration LONG = Duration.ofSeconds(20);
    private static final String[] NO_HEADERS = {};

    private static String text(HttpAnswer a) { return new String(a.body(), StandardCharsets.UTF_8); }

    private static HttpAnswer post(SocketHttpSender s, URI base, String body) throws Exception {
        return s.send(base.resolve("/x"), "POST", new String[] {"Content-Type", "text/plain"}, body.getBytes(StandardCharsets.UTF_8), LONG);
    }

    /** A server that reads each request, counts it down on {@code arrived}, and answers nothing until {@code release} opens. */
    private static ScriptedHttpServer silent(CountDownLatch arrived, CountDownLatch release) throws IOException {
        return new ScriptedHttpServer((head, body, out, n) -> {
            arrived.countDown();
            release.await();
            return false;
        });
    }

    @Test void keptAliveAnswersReuseOneConnectionAndTheRequestIsOneWellFormedWrite() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> {
            String echo = new String(body, StandardCharsets.UTF_8);
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + echo.length() + "\r\nX-Many: a\r\nx-many: b\r\n\r\n" + echo);
            return true;
        })) {
            SocketHttpSender s = new SocketHttpSender(LONG);
            for (int i = 0; i < 5; i++) {
                HttpAnswer a = post(s, server.uri(), "hello " + i);
                assertEquals(200, a.status());
                assertEquals("hello " + i, text(a));
                assertEquals(java.util.List.of("a", "b"), a.allValues("X-MANY"), "header names are case-insensitive, repeats kept");
            }
            assertEquals(1, server.connections.get(), "one kept-alive connection");
            String head = server.requests.get(0);
            assertTrue(head.startsWith("POST /x HTTP/1.1\r\n"), head);
            assertTrue(head.contains("\r\nHost: 127.0.0.1:" + server.uri().getPort() + "\r\n"), head);
            assertTrue(head.contains("\r\nContent-Length: 7\r\n"), head);
            s.close();
            assertEquals(0, s.openConnections());
        }
    }

    @Test void chunkedBodiesWithExtensionsAndTrailersAreReadWhole() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=v\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n");
            return true;
        })) {
            SocketHttpSender s = new SocketHttpSender(LONG);
            assertEquals("hello world", text(post(s, server.uri(), "a")));
            assertEquals("hello world", text(post(s, server.uri(), "b")));
            assertEquals(1, server.connections.get(), "a chunked answer leaves the connection usable");
            s.close();
        }
    }

    @Test void anAnswerWithoutALengthEndsWithItsConnectionWhichIsNotReused() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
            return false;
        })) {
            SocketHttpSender s = new SocketHttpSender(LONG);
            assertEquals("until the end", text(post(s, server.uri(), "a")));
            assertEquals("until the end", text(post(s, server.uri(), "b")));
            assertEquals(2, server.connections.get());
            assertEquals(0, s.openConnections());
        }
    }

    @Test void interimAnswersAreSkippedAndEmptyAnswersHaveNoBody() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> {
            if (head.startsWith("POST")) write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");
            else write(out, "HTTP/1.1 204 No Content\r\n\r\n");
            return true;
        })) {
            SocketHttpSender s = new SocketHttpSender(LONG);
            HttpAnswer a = post(s, server.uri(), "a");
            assertEquals(201, a.status());
            assertEquals("ok", text(a));
            HttpAnswer none = s.send(server.uri().resolve("/y"), "GET", NO_HEADERS, null, LONG);
            assertEquals(204, none.status());
            assertEquals(0, none.body().length);
            assertEquals("ok", text(post(s, server.uri(), "b")), "the 204 left the connection in step");
            assertEquals(1, server.connections.get());
            s.close();
        }
    }

    @Test void aConnectionTheServerClosedWhileIdleIsNeverUsedForTheNextRequest() throws Exception {
        // The server answers and then closes without saying so, as one does at its idle timeout:
        // the next request, a write, must go on a new connection, not fail with an unknown outcome.
        try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + n);
            return false;
        })) {
            SocketHttpSender s = new SocketHttpSender(LONG);
            assertEquals("1", text(post(s, server.uri(), "a")));
            Thread.sleep(100);   // the server's close reaches the client
            assertEquals("2", text(post(s, server.uri(), "b")));
            assertEquals(2, server.requests.size(), "each request sent exactly once");
            s.close();
        }
    }

    @Test void idleConnectionsPastTheirAgeAreClosedEvenIfTheClientIsQuiet() throws Exception {
        java.util.concurrent.atomic.AtomicInteger hungUp = new java.util.concurrent.atomic.AtomicInteger();
        try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            return true;
        }) {
            @Override void ended(int connection) { hungUp.incrementAndGet(); }
        }) {
            java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
            try {
                SocketHttpSender s = new SocketHttpSender(LONG, SocketHttpSender.MAX_ANSWER, timer, TimeUnit.SECONDS.toNanos(1));
                ExecutorService pool = Executors.newFixedThreadPool(3);
                CountDownLatch together = new CountDownLatch(3);
                java.util.List<Future<HttpAnswer>> calls = new java.util.ArrayList<>();
                for (int i = 0; i < 3; i++) calls.add(pool.submit(() -> {
                    together.countDown();
                    together.await();
                    return post(s, server.uri(), "a");
                }));
                for (Future<HttpAnswer> f : calls) assertEquals(200, f.get(10, TimeUnit.SECONDS).status());
                pool.shutdown();
                assertEquals(server.connections.get(), s.openConnections(), "kept alive while young");
                assertEquals(0, hungUp.get());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (hungUp.get() < server.connections.get() && System.nanoTime() < deadline) Thread.sleep(20);
                assertEquals(server.connections.get(), hungUp.get(), "the sweep closed every aged connection, no request needed");
                assertEquals(0, s.openConnections());
            } finally {
                timer.shutdownNow();
            }
        }
    }

    @Test void brokenAnswersAreErrorsThatSayWhatWasWrong() throws Exception {
        String[][] cases = {
                {"SMTP ready\r\n\r\n", "not an HTTP/1.x status line"},
                {"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", "conflicting Content-Length"},
                {"HTTP/1.1 200 OK\r\nContent-Length: five\r\n\r\nhello", "unreadable Content-Length"},
                {"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed header line"},
                {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "unreadable chunk size"},
                {"HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(70_000) + "\r\n\r\n", "longer than 65536 bytes"},
                {"HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n", "not an HTTP/1.x status line"},
                {"HTTP/1.1 200OK\r\nContent-Length: 0\r\n\r\n", "not an HTTP/1.x status line"},
                {"HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello", "unreadable Content-Length"},
                {"HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\nhello", "malformed header line"},
                {"HTTP/1.1 200 OK\r\nContent-Length: 2000000\r\n\r\nhello", "larger than the client takes (1000000 bytes)"},
                {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nF4241\r\n", "larger than the client takes"},
                {"HTTP/1.1 100 Continue\r\n\r\n".repeat(20), "more than 16 interim (1xx) answers"},
        };
        for (String[] c : cases) {
            try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> {
                write(out, c[0]);
                return true;
            })) {
                SocketHttpSender s = new SocketHttpSender(LONG, 1_000_000);
                ProtocolException e = assertThrows(ProtocolException.class, () -> post(s, server.uri(), "a"), c[1]);
                assertTrue(e.getMessage().contains(c[1]), e.getMessage());
                assertEquals(0, s.openConnections(), "a connection that answered badly is closed");
            }
        }
    }

    @Test void anAnswerWithoutEndStopsAtTheLimitWithAClearError() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> {
            write(out, "HTTP/1.1 200 OK\r\n\r\n");
            byte[] chunk = new byte[64 * 1024];
            while (true) out.write(chunk);   // until the client hangs up
        })) {
            SocketHttpSender s = new SocketHttpSender(LONG, 1_000_000);
            ProtocolException e = assertThrows(ProtocolException.class, () -> post(s, server.uri(), "a"));
            assertTrue(e.getMessage().contains("larger than the client takes"), e.getMessage());
            assertEquals(0, s.openConnections());
        }
        // Through the client, with its own limit: a read answered too largely is an unreadable answer, not an outage.
        try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + (SocketHttpSender.MAX_ANSWER + 1L) + "\r\n\r\n");
            return false;
        }); AccreteClient c = AccreteClient.connect(server.uri())) {
            AccreteException ae = assertThrows(AccreteException.class, c::listDatabases);
            assertEquals(AccreteException.INVALID_RESPONSE, ae.category(), ae.toString());
            assertTrue(ae.getMessage().contains("larger than the client takes"), ae.getMessage());
        }
    }

    @Test void theClientsAnswerLimitIsItsBuildersToSet() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/transit+json\r\nContent-Length: 2002\r\n\r\n\"" + "x".repeat(2000) + "\"");
            return true;
        })) {
            try (AccreteClient small = AccreteClient.builder().uri(server.uri()).maxAnswerBytes(1000).build()) {
                AccreteException e = assertThrows(AccreteException.class, small::listDatabases);
                assertEquals(AccreteException.INVALID_RESPONSE, e.category(), e.toString());
                assertTrue(e.getMessage().contains("(1000 bytes)"), e.getMessage());
            }
            try (AccreteClient large = AccreteClient.builder().uri(server.uri()).maxAnswerBytes(5000).build()) {
                AccreteException e = assertThrows(AccreteException.class, large::listDatabases);   // read whole: a string is not a list
                assertFalse(e.getMessage().contains("larger than the client takes"), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> AccreteClient.builder().maxAnswerBytes(0));
        }
    }

    @Test void aBodilessPostSaysItsLengthIsZero() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            return true;
        })) {
            SocketHttpSender s = new SocketHttpSender(LONG);
            assertEquals(200, s.send(server.uri().resolve("/p"), "PUT", NO_HEADERS, null, LONG).status());
            assertEquals(200, s.send(server.uri().resolve("/g"), "GET", NO_HEADERS, null, LONG).status());
            assertTrue(server.requests.get(0).contains("\r\nContent-Length: 0\r\n"), server.requests.get(0));
            assertFalse(server.requests.get(1).contains("Content-Length"), server.requests.get(1));
            s.close();
        }
    }

    @Test void aRequestWithNoTimeLeftOrAnInterruptedCallerIsNotSentAtAll() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            return true;
        })) {
            SocketHttpSender s = new SocketHttpSender(LONG);
            assertEquals(200, post(s, server.uri(), "warm").status());   // a pooled connection waits
            RequestNotSentException late = assertThrows(RequestNotSentException.class, () ->
                    s.send(server.uri().resolve("/x"), "POST", NO_HEADERS, new byte[] {1}, Duration.ofNanos(1)));
            assertInstanceOf(HttpTimeoutException.class, late.getCause());
            Thread.currentThread().interrupt();
            try {
                RequestNotSentException interrupted = assertThrows(RequestNotSentException.class, () -> post(s, server.uri(), "b"));
                assertInstanceOf(InterruptedException.class, interrupted.getCause());
                assertTrue(Thread.currentThread().isInterrupted(), "the caller keeps its interrupt");
            } finally {
                Thread.interrupted();
            }
            Thread.sleep(100);
            assertEquals(1, server.requests.size(), "only the first request reached the server");
            // A caller's "forever" is a timeout too, not an overflow.
            assertEquals(200, s.send(server.uri().resolve("/x"), "GET", NO_HEADERS, null, java.time.temporal.ChronoUnit.FOREVER.getDuration()).status());
            s.close();
        }
    }

    @Test void aServerThatStopsReadingCannotHoldTheCallerPastItsTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (java.net.ServerSocket deaf = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (java.net.Socket accepted = deaf.accept()) {
                    release.await();   // never reads
                } catch (IOException | InterruptedException ignored) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            SocketHttpSender s = new SocketHttpSender(LONG);
            byte[] body = new byte[64 << 20];
            long t0 = System.nanoTime();
            assertThrows(HttpTimeoutException.class, () -> s.send(URI.create("http://127.0.0.1:" + deaf.getLocalPort() + "/x"),
                    "POST", NO_HEADERS, body, Duration.ofSeconds(1)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 990 && ms < 10_000, "a 1 s timeout took " + ms + " ms");
            assertEquals(0, s.openConnections());
            release.countDown();
        }
    }

    @Test void closingEndsAConnectInProgress() throws Exception {
        // A listener whose accept queue is full: the kernel drops further handshakes, so a connect hangs.
        try (java.net.ServerSocket full = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> queued = new java.util.ArrayList<>();
            try {
                boolean hangs = false;
                for (int i = 0; i < 20 && !hangs; i++) {
                    java.net.Socket q = new java.net.Socket();
                    try {
                        q.connect(full.getLocalSocketAddress(), 300);
                        queued.add(q);
                    } catch (java.net.SocketTimeoutException e) {
                        q.close();
                        hangs = true;
                    }
                }
                assertTrue(hangs, "could not fill the accept queue");
                SocketHttpSender s = new SocketHttpSender(LONG);
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                Thread caller = new Thread(() -> {
                    try {
                        post(s, URI.create("http://127.0.0.1:" + full.getLocalPort()), "a");
                    } catch (Throwable t) {
                        thrown.set(t);
                    }
                });
                caller.start();
                Thread.sleep(300);
                s.close();
                caller.join(5_000);
                assertFalse(caller.isAlive(), "close() ended the connect");
                RequestNotSentException e = assertInstanceOf(RequestNotSentException.class, thrown.get());
                assertInstanceOf(java.nio.channels.AsynchronousCloseException.class, e.getCause());
                assertEquals(0, s.openConnections());
            } finally {
                for (java.net.Socket q : queued) q.close();
            }
        }
    }

    @Test void aLargeRequestWaitsForRoomAndItsConnectionIsKept() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + Integer.toString(body.length).length() + "\r\n\r\n" + body.length);
            return true;
        })) {
            SocketHttpSender s = new SocketHttpSender(LONG);
            byte[] big = new byte[24 << 20];   // far more than a socket's buffer: written as the server reads
            for (int i = 0; i < 2; i++) {
                HttpAnswer a = s.send(server.uri().resolve("/big"), "POST", NO_HEADERS, big, LONG);
                assertEquals(Integer.toString(big.length), text(a));
            }
            assertEquals(1, server.connections.get());
            s.close();
        }
    }

    @Test void anEarlyAnswerToALargeRequestIsReadNotLost() throws Exception {
        // As a server refusing a body too large does: answer from the head alone, close unread.
        try (java.net.ServerSocket refusing = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 2; i++) {
                    try (java.net.Socket sock = refusing.accept()) {
                        java.io.InputStream in = sock.getInputStream();
                        for (int matched = 0; matched < 4; ) {
                            int c = in.read();
                            matched = c == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (c == '\r' ? 1 : 0);
                        }
                        write(sock.getOutputStream(), "HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Length: 7\r\n\r\ntoo big");
                        sock.getOutputStream().flush();
                        Thread.sleep(200);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            SocketHttpSender s = new SocketHttpSender(LONG);
            for (int i = 0; i < 2; i++) {
                HttpAnswer a = s.send(URI.create("http://127.0.0.1:" + refusing.getLocalPort() + "/tx"), "POST", NO_HEADERS, new byte[32 << 20], LONG);
                assertEquals(413, a.status());
                assertEquals("too big", text(a));
                assertEquals(0, s.openConnections(), "a connection whose request was cut short is not kept");
            }
        }
    }

    @Test void withNoTimeLeftNoConnectionIsEvenOpened() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> false)) {
            SocketHttpSender s = new SocketHttpSender(LONG);
            RequestNotSentException e = assertThrows(RequestNotSentException.class, () ->
                    s.send(server.uri().resolve("/x"), "GET", NO_HEADERS, null, Duration.ofNanos(1)));
            assertInstanceOf(HttpTimeoutException.class, e.getCause());
            Thread.sleep(100);
            assertEquals(0, server.connections.get());
        }
    }

    @Test void anUnreadableAnswerToAReadIsNotAskedForAgain() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: nine\r\n\r\n");
            return false;
        }); AccreteClient c = AccreteClient.connect(server.uri())) {
            AccreteException e = assertThrows(AccreteException.class, c::listDatabases);
            assertEquals(AccreteException.INVALID_RESPONSE, e.category(), e.toString());
            assertEquals(1, server.requests.size());
        }
    }

    @Test void anAnswerCutShortIsAnErrorNotATruncatedBody() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((head, body, out, n) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
            return false;
        })) {
            SocketHttpSender s = new SocketHttpSender(LONG);
            EOFException e = assertThrows(EOFException.class, () -> post(s, server.uri(), "a"));
            assertTrue(e.getMessage().contains("9 bytes into a 100-byte answer"), e.getMessage());
        }
    }

    @Test void noAnswerWithinTheTimeoutIsATimeoutAndTheConnectionIsDropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedHttpServer server = silent(new CountDownLatch(1), release)) {
            SocketHttpSender s = new SocketHttpSender(LONG);
            long t0 = System.nanoTime();
            assertThrows(HttpTimeoutException.class, () -> s.send(server.uri().resolve("/x"), "GET", NO_HEADERS, null, Duration.ofMillis(300)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 290 && ms < 10_000, "took " + ms + " ms");
            assertEquals(0, s.openConnections());
            release.countDown();
        }
    }

    @Test void aCallersInterruptEndsItsWaitAndKeepsTheFlag() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedHttpServer server = silent(arrived, release)) {
            SocketHttpSender s = new SocketHttpSender(LONG);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> flag = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    post(s, server.uri(), "a");
                } catch (Throwable t) {
                    thrown.set(t);
                    flag.set(Thread.currentThread().isInterrupted());
                }
            });
            caller.start();
            assertTrue(arrived.await(10, TimeUnit.SECONDS));
            caller.interrupt();
            caller.join(10_000);
            assertFalse(caller.isAlive(), "the interrupt ended the wait");
            assertInstanceOf(InterruptedException.class, thrown.get());
            assertTrue(flag.get(), "the caller's interrupt flag is still set");
            assertEquals(0, s.openConnections());
            release.countDown();
        }
    }

    @Test void closingEndsRequestsInFlightAndRefusesNewOnes() throws Exception {
        CountDownLatch arrived = new CountDownLatch(4);
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedHttpServer server = silent(arrived, release)) {
            SocketHttpSender s = new SocketHttpSender(LONG);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            Future<?>[] calls = new Future<?>[4];
            for (int i = 0; i < 4; i++) calls[i] = pool.submit(() -> post(s, server.uri(), "a"));
            assertTrue(arrived.await(10, TimeUnit.SECONDS));
            s.close();
            for (Future<?> f : calls) {
                java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
                assertInstanceOf(IOException.class, e.getCause());
            }
            assertEquals(0, s.openConnections());
            IOException refused = assertThrows(IOException.class, () -> post(s, server.uri(), "b"));
            assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test void aServerThatIsNotThereIsAConnectFailure() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        SocketHttpSender s = new SocketHttpSender(LONG);
        assertThrows(ConnectException.class, () -> post(s, URI.create("http://127.0.0.1:" + port), "a"));
        assertThrows(ConnectException.class, () -> post(s, URI.create("http://no-such-host.invalid:80"), "a"));
    }

    @Test void aHeaderThatWouldSplitTheRequestIsRefusedBeforeAnythingIsSent() {
        SocketHttpSender s = new SocketHttpSender(LONG);
        assertThrows(IllegalArgumentException.class, () -> s.send(URI.create("http://127.0.0.1:9/x"), "GET",
                new String[] {"X-Accrete-Db", "id\r\nX-Evil: 1"}, null, LONG));
        assertEquals(0, s.openConnections());
    }
}
