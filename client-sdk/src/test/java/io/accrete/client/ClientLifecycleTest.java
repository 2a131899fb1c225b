package io.accrete.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class ClientLifecycleTest extends ServerTestBase {

    @Test void closeLeavesNoThreadsBehind() throws Exception {
        Connection setup = freshDb();
        Set<String> selectorsBefore = threads("HttpClient-");
        AccreteClient c = AccreteClient.connect(server.uri());
        String prefix = c.threadPrefix();
        Connection conn = c.connection(setup.name());
        conn.transactAsync(List.of()).get();
        TxReportQueue reports = conn.txReports();
        conn.transact("[{:person/email \"x@example.com\"}]");
        assertNotNull(reports.poll(Duration.ofSeconds(10)));
        assertFalse(threads(prefix).isEmpty());
        Set<String> selectors = threads("HttpClient-");
        selectors.removeAll(selectorsBefore);

        c.close();
        assertTrue(reports.isClosed(), "closing the client closes its queues");
        assertTrue(c.awaitTermination(Duration.ofSeconds(10)), "the SDK's threads end");
        assertEquals(Set.of(), threads(prefix));
        AccreteException e = assertThrows(AccreteException.class, conn::db);
        assertEquals(AccreteException.CLOSED, e.category());
        c.close(); // idempotent

        // The JDK client (Java 17 has no HttpClient.close) ends its selector thread once unreferenced.
        c = null;
        conn = null;
        reports = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Set<String> left = new HashSet<>(selectors);
        while (System.nanoTime() < deadline) {
            System.gc();
            left.retainAll(threads("HttpClient-"));
            if (left.isEmpty()) break;
            Thread.sleep(200);
        }
        assertEquals(Set.of(), left, "the JDK client's selector thread ends once the client is unreferenced");
    }

    @Test void anInterruptEndsAWaitingReadAndTheClientGoesOn() throws Exception {
        Connection conn = freshDb();
        long far = conn.db().basisT() + 1_000;
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flag = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                conn.sync(far, Duration.ofSeconds(30));
            } catch (Throwable t) {
                thrown.set(t);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        Thread.sleep(300);   // the sync is waiting on the server
        caller.interrupt();
        caller.join(10_000);
        assertFalse(caller.isAlive(), "the interrupt ended the wait");
        AccreteException e = assertInstanceOf(AccreteException.class, thrown.get());
        assertEquals(AccreteException.INTERRUPTED, e.category(), e.toString());
        assertTrue(flag.get(), "the caller keeps its interrupt");
        assertTrue(conn.db().basisT() >= 0, "the client goes on");
    }

    @Test void closingTheClientEndsItsRequestsInFlight() throws Exception {
        Connection setup = freshDb();
        AccreteClient c = AccreteClient.connect(server.uri());
        Connection conn = c.connection(setup.name());
        long far = conn.db().basisT() + 1_000;
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                conn.sync(far, Duration.ofSeconds(30));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        Thread.sleep(300);
        long t0 = System.nanoTime();
        c.close();
        caller.join(10_000);
        assertFalse(caller.isAlive(), "close() ended the wait");
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
        AccreteException e = assertInstanceOf(AccreteException.class, thrown.get());
        assertEquals(AccreteException.CLOSED, e.category(), e.toString());
    }

    @Test void anHttpsServerIsNeverSpokenToInPlainText() {
        // The test server speaks plain HTTP only: through the JDK's TLS client the request must fail
        // (it would succeed if the SDK's plain-socket sender had carried it).
        URI https = URI.create("https://127.0.0.1:" + server.uri().getPort());
        try (AccreteClient c = AccreteClient.builder().uris(https).requestTimeout(Duration.ofSeconds(10)).build()) {
            AccreteException e = assertThrows(AccreteException.class, c::listDatabases);
            assertTrue(e.isUnavailable(), e.toString());
        }
    }

    private static Set<String> threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).collect(Collectors.toCollection(HashSet::new));
    }
}
