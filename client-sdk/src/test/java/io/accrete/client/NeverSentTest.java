package io.accrete.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.accrete.client.Edn.*;
import static org.junit.jupiter.api.Assertions.*;

/** A transaction that provably never left is reported as such (not "outcome unknown"), and tried elsewhere when it can be. */
class NeverSentTest extends ServerTestBase {

    @Test void aServerThatCannotBeReachedIsSkippedEvenForAWrite() {
        Connection setup = freshDb();
        // A multicast address: the connect fails at once here ("network unreachable"), or times out elsewhere.
        try (AccreteClient c = AccreteClient.builder().uris(URI.create("http://224.0.0.1:80"), server.uri())
                .connectTimeout(Duration.ofSeconds(2)).build()) {
            Connection conn = c.connection(setup.name());
            TxReport report = conn.transact(vec(map(kw(":person/email"), "failover@example.com")));
            assertEquals(Long.valueOf(1), (Object) conn.qScalar("[:find (count ?e) . :where [?e :person/email \"failover@example.com\"]]", report.dbAfter()));
        }
    }

    @Test void anInterruptedCallersTransactionIsNotSentAndSaysSo() throws Exception {
        Connection conn = freshDb();
        conn.transact(vec(map(kw(":person/email"), "warm@example.com")));   // a kept-alive connection is pooled
        Thread.currentThread().interrupt();
        AccreteException e;
        try {
            e = assertThrows(AccreteException.class, () -> conn.transact(vec(map(kw(":person/email"), "never@example.com"))));
            assertTrue(Thread.currentThread().isInterrupted(), "the caller keeps its interrupt");
        } finally {
            Thread.interrupted();
        }
        assertEquals(AccreteException.INTERRUPTED, e.category(), e.toString());
        assertFalse(e.isOutcomeUnknown());
        assertEquals(false, e.data().get(Keyword.of("sent")));
        assertTrue(e.getMessage().contains("not applied"), e.getMessage());
        assertNull((Object) conn.qScalar("[:find ?e . :where [?e :person/email \"never@example.com\"]]", conn.db()));
    }

    @Test void underAnInterruptHammerEveryTransactionIsWhereItsOutcomeSays() throws Exception {
        Connection conn = freshDb();
        Map<String, String> outcome = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                String email = "h" + i + "@example.com";
                try {
                    conn.transact(vec(map(kw(":person/email"), email)));
                    outcome.put(email, "ok");
                } catch (AccreteException e) {
                    outcome.put(email, Boolean.FALSE.equals(e.data().get(Keyword.of("sent"))) ? "not-sent" : e.category().name());
                }
                Thread.interrupted();
            }
        });
        caller.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < end) {
            long spin = System.nanoTime() + ThreadLocalRandom.current().nextLong(0, 400_000);
            while (System.nanoTime() < spin) Thread.onSpinWait();
            caller.interrupt();
        }
        stop.set(true);
        caller.join(10_000);
        Thread.sleep(500);   // a transaction whose caller was interrupted after sending may still land
        Db db = conn.db();
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Map.Entry<String, String> e : outcome.entrySet()) {
            counts.merge(e.getValue(), 1, Integer::sum);
            Object found = conn.qScalar("[:find ?e . :in $ ?m :where [?e :person/email ?m]]", db, e.getKey());
            if (e.getValue().equals("ok") && found == null) wrong.add(e.getKey() + " ok but absent");
            if (e.getValue().equals("not-sent") && found != null) wrong.add(e.getKey() + " not sent but applied");
        }
        assertEquals(List.of(), wrong, counts.toString());
        assertTrue(counts.getOrDefault("ok", 0) > 0, counts.toString());
    }

    @Test void aTransactionOverTheServersLimitIsRefusedNotOfUnknownOutcome() {
        try (TestServer small = TestServer.start(1 << 20); AccreteClient c = AccreteClient.connect(small.uri())) {
            c.createDatabase("limits");
            Connection conn = c.connection("limits");
            conn.transact(SCHEMA);
            for (int size : new int[] {2 << 20, 40 << 20}) {   // the larger one cannot fit the socket's buffers
                AccreteException e = assertThrows(AccreteException.class,
                        () -> conn.transact(vec(map(kw(":person/email"), "big@example.com", kw(":person/name"), "x".repeat(size)))));
                assertEquals(413, e.status(), size + ": " + e);
                assertTrue(e.isIncorrect(), e.toString());
            }
            assertTrue(conn.db().basisT() > 0, "the client goes on");
        }
    }

    @Test void timeoutsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> AccreteClient.builder().requestTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> AccreteClient.builder().connectTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> AccreteClient.builder().requestTimeout(null));
    }
}
