package io.accrete.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.accrete.client.Edn.*;
import static org.junit.jupiter.api.Assertions.*;

/** A transaction whose answer does not come in time is reported as of unknown outcome, never guessed. */
class TimeoutTest extends ServerTestBase {

    @Test void aTransactionPastItsTimeoutHasAnUnknownOutcome() throws Exception {
        Connection conn = freshDb();
        // Large enough that neither the server nor the wire answers within a millisecond.
        List<Object> tx = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            tx.add(map(kw(":person/email"), "bulk" + i + "@example.com", kw(":person/name"), "Bulk " + i));
        }
        AccreteException e = assertThrows(AccreteException.class, () -> conn.transact(tx, Duration.ofMillis(1)));
        assertTrue(e.isOutcomeUnknown(), e.toString());
        assertTrue(e.isTimeout());
        assertEquals(AccreteException.OUTCOME_UNKNOWN, e.category());
        assertTrue(e.getMessage().contains("may or may not"), e.getMessage());

        // What the caller is told to do: find out by reading. The transaction is all or nothing.
        Thread.sleep(2_000);
        Long count = conn.qScalar("[:find (count ?e) . :where [?e :person/email]]", conn.db());
        assertTrue(count == null || count == 5_000, "all or nothing, got " + count);
    }

    @Test void syncWaitsAsLongAsTheCallerSaysAndTheServerAnswersTheTimeout() {
        Connection conn = freshDb();
        long far = conn.db().basisT() + 5;
        long started = System.nanoTime();
        AccreteException e = assertThrows(AccreteException.class, () -> conn.sync(far, Duration.ofMillis(300)));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(e.isTimeout(), e.toString());
        assertEquals("db.error/sync-timeout", e.category().fullName(), "the server's own answer, not the client giving up");
        assertTrue(tookMs < 5_000, "bounded by the caller's 300 ms, not the server's 10 s: " + tookMs + " ms");
    }

    @Test void aNegativeTimeoutIsTheCallersMistake() {
        Connection conn = freshDb();
        AccreteException e = assertThrows(AccreteException.class,
                () -> conn.transact(vec(map(kw(":person/email"), "neg@example.com")), Duration.ofMillis(-100)));
        assertTrue(e.isIncorrect(), e.toString());
        assertNull(conn.qScalar("[:find ?e . :where [?e :person/email \"neg@example.com\"]]", conn.db()), "nothing was sent");
    }

    @Test void aReadPastItsTimeoutIsATimeout() {
        Connection conn = freshDb();
        // A query that takes a while: the cross product of many entities.
        List<Object> tx = new ArrayList<>();
        for (int i = 0; i < 400; i++) tx.add(map(kw(":person/email"), "x" + i + "@example.com", kw(":person/age"), (long) i));
        conn.transact(tx);
        AccreteException e = assertThrows(AccreteException.class, () -> conn.q(Query.of(
                "[:find (count ?a) . :where [?a :person/age ?x] [?b :person/age ?y] [?c :person/age ?z] [(< ?x ?y ?z)]]",
                conn.db()).timeout(Duration.ofMillis(50))));
        assertTrue(e.isTimeout(), e.toString());
        assertFalse(e.isOutcomeUnknown(), "a read has no outcome to be unsure of");
    }

    @Test void anAcknowledgementWithoutAReadableReportIsAnUnknownOutcome() throws Exception {
        Connection direct = freshDb();
        try (RecordingProxy proxy = new RecordingProxy(server.uri());
             AccreteClient viaProxy = AccreteClient.connect(proxy.uri())) {
            Connection conn = viaProxy.connection(direct.name());
            proxy.dropBodies = true;
            AccreteException e = assertThrows(AccreteException.class,
                    () -> conn.transact(vec(map(kw(":person/email"), "ack@example.com"))));
            assertTrue(e.isOutcomeUnknown(), e.toString());
            assertFalse(e.isTimeout(), "an unreadable answer is not a timeout");
            proxy.dropBodies = false;
            assertNotNull(direct.qScalar("[:find ?e . :where [?e :person/email \"ack@example.com\"]]", direct.db()),
                    "it was applied, which the caller could not have known from the answer");
        }
    }
}
