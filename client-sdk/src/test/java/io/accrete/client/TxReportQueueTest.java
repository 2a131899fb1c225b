package io.accrete.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.accrete.client.Edn.*;
import static org.junit.jupiter.api.Assertions.*;

class TxReportQueueTest extends ServerTestBase {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test void reportsArriveInOrderWithTheirData() throws Exception {
        Connection conn = freshDb();
        try (TxReportQueue reports = conn.txReports()) {
            awaitConnected(conn, reports);
            List<Long> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) sent.add(conn.transact(vec(map(kw(":person/email"), "q" + i + "@example.com"))).t());
            List<Long> got = new ArrayList<>();
            TxReport first = null;
            while (got.size() < sent.size()) {
                TxReport r = reports.poll(WAIT);
                assertNotNull(r, "missing reports after " + got);
                if (r.t() <= sent.get(0) - 1) continue; // the probe transaction of awaitConnected
                if (first == null) first = r;
                got.add(r.t());
            }
            assertEquals(sent, got);
            assertTrue(first.txData().stream().anyMatch(d -> d.a() == kw(":person/email") && "q0@example.com".equals(d.v())));
            assertEquals(conn.name(), first.dbAfter().name());
            assertEquals(sent.get(9), reports.lastT());
        }
    }

    @Test void resumesFromAGivenT() throws Exception {
        Connection conn = freshDb();
        long t1 = conn.transact("[{:person/email \"r1@example.com\"}]").t();
        long t2 = conn.transact("[{:person/email \"r2@example.com\"}]").t();
        try (TxReportQueue reports = conn.txReports(t1)) {
            TxReport r = reports.poll(WAIT);
            assertNotNull(r);
            assertEquals(t2, r.t(), "replayed from the log, starting after t1");
        }
    }

    /** A transaction's entity id (what Datom.tx() gives) is as good a start as its t. */
    @Test void resumesFromATransactionId() throws Exception {
        Connection conn = freshDb();
        TxReport r1 = conn.transact("[{:person/email \"x1@example.com\"}]");
        long t2 = conn.transact("[{:person/email \"x2@example.com\"}]").t();
        long txId = r1.txData().get(0).tx();
        try (TxReportQueue reports = conn.txReports(txId)) {
            TxReport r = reports.poll(WAIT);
            assertNotNull(r);
            assertEquals(t2, r.t());
        }
        assertThrows(AccreteException.class, () -> conn.txReports(-5L));
    }

    @Test void closeWakesTakersAndFreesTheStream() throws Exception {
        Connection conn = freshDb();
        TxReportQueue reports = conn.txReports();
        Thread taker = new Thread(() -> {
            try {
                reports.take();
                fail("take() returned after close");
            } catch (AccreteException e) {
                assertEquals(AccreteException.CLOSED, e.category());
            } catch (InterruptedException e) {
                fail(e);
            }
        });
        taker.start();
        Thread.sleep(200);
        reports.close();
        taker.join(5_000);
        assertFalse(taker.isAlive());
        assertTrue(reports.isClosed());
        assertThrows(AccreteException.class, () -> reports.poll(Duration.ofMillis(10)));
        reports.close(); // idempotent
    }

    @Test void aDeletedDatabaseEndsTheQueueWithNotFound() throws Exception {
        Connection conn = freshDb();
        try (TxReportQueue reports = conn.txReports()) {
            client.deleteDatabase(conn.name());
            AccreteException e = assertThrows(AccreteException.class, () -> {
                // The stream ends; the reconnect then finds no database.
                while (true) reports.poll(WAIT);
            });
            assertTrue(e.isNotFound(), e.toString());
        }
    }

    @Test void reconnectsAfterTheServerRestartsAndLosesNothing() throws Exception {
        Connection conn = freshDb();
        try (TxReportQueue reports = conn.txReports()) {
            awaitConnected(conn, reports);
            long before = conn.transact("[{:person/email \"before@example.com\"}]").t();
            assertEquals(before, reports.poll(WAIT).t());

            server.restart();

            // Committed before the queue has had any chance to reconnect: it must be replayed.
            List<Long> after = new ArrayList<>();
            for (int i = 0; i < 3; i++) after.add(conn.transact(vec(map(kw(":person/email"), "after" + i + "@example.com"))).t());
            List<Long> got = new ArrayList<>();
            while (got.size() < 3) {
                TxReport r = reports.poll(WAIT);
                assertNotNull(r, "no report after the restart; got " + got);
                got.add(r.t());
            }
            assertEquals(after, got, "in order, none lost, none repeated");
            assertNull(reports.poll(Duration.ofMillis(300)), "no duplicates");
        }
    }

    /** Transacts until the queue sees a report, so the stream is known to be live. */
    private static void awaitConnected(Connection conn, TxReportQueue reports) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            long t = conn.transact("[{:db/doc \"probe\"}]").t();
            TxReport r = reports.poll(Duration.ofMillis(500));
            if (r != null) {
                while (r != null && r.t() < t) r = reports.poll(Duration.ofMillis(500));
                return;
            }
        }
        fail("the tx-report queue never connected");
    }
}
