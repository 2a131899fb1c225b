package io.accrete.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.accrete.client.Edn.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code transactAsync} past the client's limit of requests in flight: the waiting transactions go
 * together in one {@code /transact-batch} request, and each still gets its own report or error.
 * A proxy in front of the real server holds the first request, so that the others must wait.
 */
class TxBatchingTest extends ServerTestBase {

    private static Object person(String email, Object age) {
        return vec(map(kw(":db/id"), "p", kw(":person/email"), email, kw(":person/age"), age));
    }

    /** Waits until the proxy has seen {@code n} requests for {@code path}. */
    private static void awaitRequests(RecordingProxy proxy, String path, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (proxy.requests(path).size() < n) {
            if (System.nanoTime() > deadline) fail("the proxy saw " + proxy.requests(path).size() + " requests for " + path);
            Thread.sleep(5);
        }
    }

    /**
     * A fresh database, the real server behind a recording proxy, and a client allowed one
     * transaction request in flight (through the proxy) beside one without (direct).
     */
    private static final class OneInFlight implements AutoCloseable {
        final Connection direct = freshDb();
        final RecordingProxy proxy;
        final AccreteClient client;
        final Connection conn;

        OneInFlight() throws java.io.IOException {
            proxy = new RecordingProxy(server.uri());
            client = AccreteClient.builder().uri(proxy.uri()).maxTransactRequests(1).build();
            conn = client.connection(direct.name());
        }

        @Override public void close() {
            client.close();
            proxy.close();
        }
    }

    /**
     * Sends {@code tx} and holds its request at the proxy until {@code gate} opens: with one
     * request allowed in flight, everything submitted meanwhile waits in the client.
     */
    private static CompletableFuture<TxReport> holdFirst(RecordingProxy proxy, CountDownLatch gate, Connection conn, Object tx)
            throws InterruptedException {
        proxy.gate = gate;
        CompletableFuture<TxReport> first = conn.transactAsync(tx);
        awaitRequests(proxy, "/transact", 1);
        return first;
    }

    @Test void transactionsWaitingBehindARequestGoTogetherAndKeepTheirOwnOutcomes() throws Exception {
        try (OneInFlight rig = new OneInFlight()) {
            CountDownLatch gate = new CountDownLatch(1);
            CompletableFuture<TxReport> first = holdFirst(rig.proxy, gate, rig.conn, person("first@example.com", 1L));
            List<CompletableFuture<TxReport>> queued = new ArrayList<>();
            queued.add(rig.conn.transactAsync(person("second@example.com", 2L)));
            queued.add(rig.conn.transactAsync(person("wrong@example.com", "not a number")));
            queued.add(rig.conn.transactAsync("[{:db/id \"p\" :person/email \"third@example.com\" :person/age 3}]"));
            queued.add(rig.conn.transactAsync(vec(vec(kw(":db/cas"), vec(kw(":person/email"), "first@example.com"),
                    kw(":person/age"), 1L, 10L))));
            assertEquals(4, rig.client.transport().batcher(rig.conn.name()).queued());
            assertFalse(first.isDone());
            gate.countDown();

            TxReport r1 = first.get(10, TimeUnit.SECONDS);
            TxReport r2 = queued.get(0).get(10, TimeUnit.SECONDS);
            ExecutionException wrong = assertThrows(ExecutionException.class, () -> queued.get(1).get(10, TimeUnit.SECONDS));
            AccreteException e = (AccreteException) wrong.getCause();
            assertEquals(kw(":db.error/wrong-type-for-attribute"), e.category(), e.toString());
            assertTrue(e.isIncorrect());
            assertFalse(e.isOutcomeUnknown());
            TxReport r3 = queued.get(2).get(10, TimeUnit.SECONDS);
            TxReport r4 = queued.get(3).get(10, TimeUnit.SECONDS);
            assertTrue(r1.t() < r2.t() && r2.t() < r3.t() && r3.t() < r4.t(), "in the order submitted, each with its own t");
            assertNotEquals(r2.tempid("p"), r3.tempid("p"));

            // A batch of one for the first, one batch for the four that waited: nothing sent twice.
            assertEquals(2, rig.proxy.requests("/transact-batch").size());
            assertEquals(2, rig.proxy.requests("/transact").size(), "no /transact of its own");
            assertEquals(r4.t(), rig.conn.basisT());
            Db db = rig.conn.db();
            assertEquals(10L, (Long) rig.conn.qScalar("[:find ?a . :where [?e :person/email \"first@example.com\"] [?e :person/age ?a]]", db));
            assertEquals(3L, (Long) rig.conn.qScalar("[:find (count ?e) . :where [?e :person/email]]", db));
        }
    }

    @Test void aTransactionThatTimesOutWhileWaitingWasNeverSent() throws Exception {
        try (OneInFlight rig = new OneInFlight()) {
            CountDownLatch gate = new CountDownLatch(1);
            CompletableFuture<TxReport> first = holdFirst(rig.proxy, gate, rig.conn, person("held@example.com", 1L));
            CompletableFuture<TxReport> late = rig.conn.transactAsync(person("late@example.com", 2L), Duration.ofMillis(100));
            ExecutionException failed = assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
            AccreteException e = (AccreteException) failed.getCause();
            assertTrue(e.isTimeout(), e.toString());
            assertFalse(e.isOutcomeUnknown(), "it never left the client, so it was not applied");
            assertEquals(false, e.data().get(kw(":sent")));
            assertEquals(0, rig.client.transport().batcher(rig.conn.name()).queued());
            gate.countDown();
            first.get(10, TimeUnit.SECONDS);
            assertEquals(1, rig.proxy.requests("/transact").size(), "only the first was sent");
            assertNull(rig.conn.qScalar("[:find ?e . :where [?e :person/email \"late@example.com\"]]", rig.conn.db()));
        }
    }

    @Test void cancellingATransactionThatStillWaitsWithdrawsIt() throws Exception {
        try (OneInFlight rig = new OneInFlight()) {
            CountDownLatch gate = new CountDownLatch(1);
            CompletableFuture<TxReport> first = holdFirst(rig.proxy, gate, rig.conn, person("held2@example.com", 1L));
            CompletableFuture<TxReport> withdrawn = rig.conn.transactAsync(person("withdrawn@example.com", 2L));
            CompletableFuture<TxReport> kept = rig.conn.transactAsync(person("kept@example.com", 3L));
            assertTrue(withdrawn.cancel(false));
            assertEquals(1, rig.client.transport().batcher(rig.conn.name()).queued(), "the cancelled one left the queue");
            gate.countDown();
            first.get(10, TimeUnit.SECONDS);
            kept.get(10, TimeUnit.SECONDS);
            Db db = rig.conn.db();
            assertNull(rig.conn.qScalar("[:find ?e . :where [?e :person/email \"withdrawn@example.com\"]]", db), "never sent, never applied");
            assertNotNull(rig.conn.qScalar("[:find ?e . :where [?e :person/email \"kept@example.com\"]]", db));
        }
    }

    @Test void closingTheClientFailsTheWaitingTransactions() throws Exception {
        try (OneInFlight rig = new OneInFlight()) {
            CountDownLatch gate = new CountDownLatch(1);
            CompletableFuture<TxReport> first = holdFirst(rig.proxy, gate, rig.conn, person("closing@example.com", 1L));
            CompletableFuture<TxReport> waiting = rig.conn.transactAsync(person("never@example.com", 2L));
            rig.client.close();
            ExecutionException inFlight = assertThrows(ExecutionException.class, () -> first.get(10, TimeUnit.SECONDS));
            assertTrue(((AccreteException) inFlight.getCause()).isOutcomeUnknown(), "it was sent, and may still be applied");
            ExecutionException queued = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
            assertEquals(AccreteException.CLOSED, ((AccreteException) queued.getCause()).category());
            gate.countDown();
            assertTrue(rig.client.awaitTermination(Duration.ofSeconds(10)), "no SDK thread left behind");
            assertNull(rig.direct.qScalar("[:find ?e . :where [?e :person/email \"never@example.com\"]]", rig.direct.db()));
        }
    }

    @Test void aBatchTooLargeForTheServerGoesAgainInHalves() throws Exception {
        try (TestServer small = TestServer.start(2_000);
             RecordingProxy proxy = new RecordingProxy(small.uri());
             AccreteClient batching = AccreteClient.builder().uri(proxy.uri()).maxTransactRequests(1).build()) {
            batching.createDatabase("split");
            Connection conn = batching.connection("split");
            conn.transact(SCHEMA);
            CountDownLatch gate = new CountDownLatch(1);
            CompletableFuture<TxReport> first = holdFirst(proxy, gate, conn, person("split-0@example.com", 0L));
            // Each ~400 bytes: all eight together are over the server's 2,000, four together are not.
            List<CompletableFuture<TxReport>> queued = new ArrayList<>();
            for (int i = 1; i <= 8; i++) queued.add(conn.transactAsync(person("split-" + i + "-" + "x".repeat(300) + "@example.com", (long) i)));
            gate.countDown();
            first.get(10, TimeUnit.SECONDS);
            long lastT = 0;
            for (CompletableFuture<TxReport> f : queued) {
                long t = f.get(10, TimeUnit.SECONDS).t();
                assertTrue(t > lastT, "still in the order submitted");
                lastT = t;
            }
            assertEquals(4, proxy.requests("/transact-batch").size(), "the first, the refused batch, then its two halves");
            assertEquals(9L, (Long) conn.qScalar("[:find (count ?e) . :where [?e :person/email]]", conn.db()));
        }
    }

    @Test void aTimeoutHoldsForATransactionSentInABatch() throws Exception {
        try (OneInFlight rig = new OneInFlight()) {
            CountDownLatch firstGate = new CountDownLatch(1);
            CompletableFuture<TxReport> first = holdFirst(rig.proxy, firstGate, rig.conn, person("lead@example.com", 1L));
            CompletableFuture<TxReport> bounded = rig.conn.transactAsync(person("bounded@example.com", 2L), Duration.ofSeconds(1));
            CompletableFuture<TxReport> patient = rig.conn.transactAsync(person("patient@example.com", 3L));
            CountDownLatch batchGate = new CountDownLatch(1);
            rig.proxy.gate = batchGate;   // the batch that follows is held; the first request goes on
            firstGate.countDown();
            first.get(10, TimeUnit.SECONDS);
            awaitRequests(rig.proxy, "/transact-batch", 1);

            ExecutionException failed = assertThrows(ExecutionException.class, () -> bounded.get(10, TimeUnit.SECONDS));
            AccreteException e = (AccreteException) failed.getCause();
            assertTrue(e.isOutcomeUnknown(), "sent, so it may still be applied: " + e);
            assertFalse(patient.isDone(), "the other transaction in the batch has no timeout of its own");
            batchGate.countDown();
            patient.get(10, TimeUnit.SECONDS);
            // It was applied after all: exactly why its outcome was reported as unknown.
            assertNotNull(rig.conn.qScalar("[:find ?e . :where [?e :person/email \"bounded@example.com\"]]", rig.conn.db()));
        }
    }

    @Test void oneTransactionsUnencodableDataFailsOnlyItself() throws Exception {
        try (OneInFlight rig = new OneInFlight()) {
            CountDownLatch gate = new CountDownLatch(1);
            CompletableFuture<TxReport> first = holdFirst(rig.proxy, gate, rig.conn, person("enc-0@example.com", 0L));
            // EDN text beside a value EDN cannot print (a URI): the batch cannot be one EDN body.
            CompletableFuture<TxReport> edn = rig.conn.transactAsync("[{:person/email \"enc-1@example.com\"}]");
            CompletableFuture<TxReport> uri = rig.conn.transactAsync(person("enc-2@example.com", java.net.URI.create("urn:x")));
            Object deep = "bottom";
            for (int i = 0; i < 200_000; i++) deep = List.of(deep);
            CompletableFuture<TxReport> tooDeep = rig.conn.transactAsync(vec(deep));
            CompletableFuture<TxReport> fine = rig.conn.transactAsync(person("enc-3@example.com", 3L));
            gate.countDown();
            first.get(10, TimeUnit.SECONDS);
            edn.get(10, TimeUnit.SECONDS);
            fine.get(10, TimeUnit.SECONDS);
            AccreteException wrongType = (AccreteException) assertThrows(ExecutionException.class,
                    () -> uri.get(10, TimeUnit.SECONDS)).getCause();
            assertEquals(kw(":db.error/wrong-type-for-attribute"), wrongType.category(), "judged by the server on its own merits");
            AccreteException deepFailure = (AccreteException) assertThrows(ExecutionException.class,
                    () -> tooDeep.get(10, TimeUnit.SECONDS)).getCause();
            assertEquals(AccreteException.INVALID_REQUEST, deepFailure.category(), deepFailure.toString());
            assertTrue(deepFailure.isIncorrect());
            // Nothing leaked: the client still sends.
            assertNotNull(rig.conn.transactAsync(person("enc-4@example.com", 4L)).get(10, TimeUnit.SECONDS));
            assertEquals(4L, (Long) rig.conn.qScalar("[:find (count ?e) . :where [?e :person/email]]", rig.conn.db()), "all but the URI one");
        }
    }

    @Test void batchesTooLargeForTheServerGoInHalvesEvenWhenTheyOverflowTheSocket() throws Exception {
        // Each batch of these is far larger than a socket's buffer: the server refuses it from its head
        // (413) before reading the body, and the client must hear that while still writing.
        try (TestServer small = TestServer.start(1 << 20);
             AccreteClient c = AccreteClient.builder().uri(small.uri()).maxTransactRequests(1).build()) {
            c.createDatabase("halves");
            Connection conn = c.connection("halves");
            conn.transact(SCHEMA);
            String pad = "y".repeat(400_000);
            List<CompletableFuture<TxReport>> futures = new ArrayList<>();
            for (int i = 0; i < 80; i++) futures.add(conn.transactAsync(vec(map(kw(":person/email"), "b" + i + pad))));
            for (CompletableFuture<TxReport> f : futures) f.get(60, TimeUnit.SECONDS);
            assertEquals(Long.valueOf(80), (Object) conn.qScalar("[:find (count ?e) . :where [?e :person/email]]", conn.db()));
        }
    }
}
