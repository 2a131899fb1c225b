package io.accrete.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.accrete.client.Edn.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The basis-t travels with every read: checked on the wire through a recording proxy, not just
 * by the SDK's own account of it.
 */
class ReadYourWritesTest extends ServerTestBase {

    @Test void everyReadCarriesTheBasisOfTheLastWrite() throws Exception {
        Connection setup = freshDb();
        try (RecordingProxy proxy = new RecordingProxy(server.uri());
             AccreteClient viaProxy = AccreteClient.connect(proxy.uri())) {
            Connection conn = viaProxy.connection(setup.name());
            long t = conn.transact(vec(map(kw(":person/email"), "w@example.com"))).t();
            assertEquals(t, conn.basisT());
            int mark = proxy.seen.size();

            Db db = conn.db();
            conn.q("[:find ?e :where [?e :person/email]]", db);
            conn.pull(db, "[*]", vec(kw(":person/email"), "w@example.com"));
            conn.entity(db, vec(kw(":person/email"), "w@example.com"));
            conn.datoms(db, kw(":aevt"), kw(":person/email")).iterator().hasNext();
            conn.txRange(t, null).iterator().hasNext();

            for (String route : List.of("/db", "/q", "/pull", "/entity/", "/datoms", "/tx-range")) {
                List<RecordingProxy.Seen> seen = proxy.seen.subList(mark, proxy.seen.size()).stream()
                        .filter(x -> x.path().contains(route)).toList();
                assertFalse(seen.isEmpty(), route);
                for (RecordingProxy.Seen s : seen) {
                    assertEquals(Long.toString(t), s.header("X-Basis-T"), s.method() + " " + s.path());
                    assertEquals("application/transit+json", s.header("Accept"));
                }
            }
            RecordingProxy.Seen tx = proxy.requests("/transact").get(0);
            assertEquals("application/transit+json", tx.header("Content-Type"));
        }
    }

    @Test void ednTxDataIsSentAsEdn() throws Exception {
        Connection setup = freshDb();
        try (RecordingProxy proxy = new RecordingProxy(server.uri());
             AccreteClient viaProxy = AccreteClient.connect(proxy.uri())) {
            viaProxy.connection(setup.name()).transact("[{:person/email \"e@example.com\"}]");
            assertEquals("application/edn", proxy.requests("/transact").get(0).header("Content-Type"));
        }
    }

    @Test void anotherClientsWriteIsSeenOnceItsBasisIsKnown() {
        Connection writer = freshDb();
        try (AccreteClient other = AccreteClient.connect(server.uri())) {
            Connection reader = other.connection(writer.name());
            for (int i = 0; i < 50; i++) {
                String email = "rw" + i + "@example.com";
                long t = writer.transact(vec(map(kw(":person/email"), email))).t();
                // The writer reads its own write at once...
                assertNotNull(writer.qScalar("[:find ?e . :in $ ?m :where [?e :person/email ?m]]", writer.db(), email));
                // ...and a reader told the t (out of band, e.g. in a message) syncs to it.
                Db synced = reader.sync(t);
                assertTrue(synced.basisT() >= t);
                assertNotNull(reader.qScalar("[:find ?e . :in $ ?m :where [?e :person/email ?m]]", synced, email));
            }
        }
    }

    /**
     * The one-node form of the two-node read-your-writes test (several nodes come with the
     * multi-node issue): a read carrying a basis-t the server has not reached waits for it, then
     * answers with a value that includes it.
     */
    @Test void aReadWithAFutureBasisWaitsForItThenAnswers() throws Exception {
        Connection conn = freshDb();
        long future = conn.db().basisT() + 1;
        java.util.concurrent.CompletableFuture<Db> waiting =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> conn.sync(future, Duration.ofSeconds(20)));
        Thread.sleep(300);
        assertFalse(waiting.isDone(), "the read must wait for a t the server has not reached");
        long t;
        try (AccreteClient other = AccreteClient.connect(server.uri())) {
            t = other.connection(conn.name()).transact(vec(map(kw(":person/email"), "future@example.com"))).t();
        }
        Db synced = waiting.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(synced.basisT() >= future && t >= future);
        assertNotNull(conn.qScalar("[:find ?e . :in $ ?m :where [?e :person/email ?m]]", synced, "future@example.com"));
    }

    @Test void aBasisTheServerHasNotReachedTimesOut() {
        Connection conn = freshDb();
        long far = conn.db().basisT() + 1_000;
        AccreteException client = assertThrows(AccreteException.class, () -> conn.sync(far, Duration.ofMillis(300)));
        assertTrue(client.isTimeout(), client.toString());

        // The server's own limit, shorter than ours: its category comes through.
        AccreteException server = assertThrows(AccreteException.class, () -> conn.sync(far, Duration.ofSeconds(30)));
        assertTrue(server.isTimeout(), server.toString());
        assertEquals(kw(":db.error/sync-timeout"), server.category());
        assertEquals(504, server.status());
    }

    @Test void dbValuesAreStableAcrossLaterWrites() {
        Connection conn = freshDb();
        conn.transact("[{:person/email \"s@example.com\" :person/age 1}]");
        Db db = conn.db();
        for (int i = 2; i < 10; i++) {
            conn.transact(vec(map(kw(":person/email"), "s@example.com", kw(":person/age"), (long) i)));
            assertEquals(1L, (long) conn.<Long>qScalar("[:find ?a . :where [_ :person/age ?a]]", db));
        }
    }

    /**
     * A database deleted and made again under the same name (by another client) is another database:
     * the t this client remembered of the old one is not waited for, and read-your-writes holds in the new one.
     */
    @Test void aDatabaseMadeAgainIsANewDatabaseForItsClients() {
        Connection conn = freshDb();
        for (int i = 0; i < 5; i++) conn.transact("[{:person/email \"old" + i + "@example.com\"}]");
        long oldT = conn.basisT();
        try (AccreteClient admin = AccreteClient.connect(server.uri())) {
            admin.deleteDatabase(conn.name());
            admin.createDatabase(conn.name());
        }
        Db fresh = conn.db();   // would wait out the sync timeout for oldT and fail, before
        assertTrue(fresh.basisT() < oldT, fresh.basisT() + " " + oldT);
        conn.transact(SCHEMA);
        TxReport r = conn.transact("[{:person/email \"new@example.com\"}]");
        assertEquals(r.t(), conn.db().basisT());
        assertEquals(1L, (Long) conn.qScalar("[:find (count ?e) . :where [?e :person/email]]", conn.db()));
    }
}
