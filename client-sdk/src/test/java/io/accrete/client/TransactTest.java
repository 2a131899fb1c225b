package io.accrete.client;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static io.accrete.client.Edn.*;
import static org.junit.jupiter.api.Assertions.*;

class TransactTest extends ServerTestBase {

    @Test void transactJavaDataAndGetTheFullReport() {
        Connection conn = freshDb();
        UUID id = UUID.randomUUID();
        Date born = new Date(-4_000_000_000_000L);
        TxReport r = conn.transact(vec(map(
                kw(":db/id"), "ada",
                kw(":person/email"), "ada@example.com",
                kw(":person/name"), "Ada",
                kw(":person/age"), 36L,
                kw(":person/born"), born,
                kw(":person/id"), id,
                kw(":person/balance"), new BigDecimal("1234.5600"),
                kw(":person/tags"), set(kw(":math"), kw(":poetry")))));

        assertEquals(r.dbBefore().name(), conn.name());
        assertTrue(r.dbAfter().basisT() > r.dbBefore().basisT());
        assertEquals(r.t(), r.dbAfter().basisT());
        Long ada = r.tempid("ada");
        assertNotNull(ada);
        // 8 attribute datoms for ada (tags has two) plus the transaction's :db/txInstant.
        assertEquals(9, r.txData().size(), r.txData().toString());
        Datom email = r.txData().stream().filter(d -> d.a() == kw(":person/email")).findFirst().orElseThrow();
        assertEquals(ada, email.e());
        assertEquals("ada@example.com", email.v());
        assertTrue(email.added());
        assertTrue(r.txData().stream().anyMatch(d -> d.a() == kw(":db/txInstant") && d.e() == d.tx()));

        Map<Keyword, Object> pulled = conn.pull(conn.db(), "[*]", ada);
        assertEquals(born, pulled.get(kw(":person/born")));
        assertEquals(id, pulled.get(kw(":person/id")));
        assertEquals(new BigDecimal("1234.5600"), pulled.get(kw(":person/balance")));
        assertEquals(Set.of(kw(":math"), kw(":poetry")), Set.copyOf((java.util.Collection<?>) pulled.get(kw(":person/tags"))));
    }

    @Test void transactEdnTextIncludingRetractions() {
        Connection conn = freshDb();
        TxReport added = conn.transact("[{:db/id \"b\" :person/email \"bob@example.com\" :person/name \"Bob\"}]");
        long bob = added.tempid("b");
        TxReport retracted = conn.transact("[[:db/retract " + bob + " :person/name \"Bob\"]]");
        Datom d = retracted.txData().stream().filter(x -> x.a() == kw(":person/name")).findFirst().orElseThrow();
        assertFalse(d.added());
        assertEquals(bob, d.e());
        // Pull answers nil when the selector finds nothing, as Datomic's does.
        assertNull(conn.pull(conn.db(), "[:person/name]", bob));
        assertEquals("bob@example.com", conn.pull(conn.db(), "[:person/email]", bob).get(kw(":person/email")));
    }

    @Test void transactAsyncCompletesWithTheReport() throws Exception {
        Connection conn = freshDb();
        List<CompletableFuture<TxReport>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(conn.transactAsync(vec(map(kw(":person/email"), "p" + i + "@example.com"))));
        }
        long last = -1;
        Set<Long> ts = new java.util.HashSet<>();
        for (CompletableFuture<TxReport> f : futures) {
            TxReport r = f.get();
            ts.add(r.t());
            last = Math.max(last, r.t());
        }
        assertEquals(20, ts.size(), "each transaction has its own t");
        assertTrue(conn.basisT() >= last);
        assertEquals(20L, (long) conn.<Long>qScalar("[:find (count ?e) . :where [?e :person/email]]", conn.db()));
    }

    @Test void aRejectedTransactionCarriesTheServersCategory() {
        Connection conn = freshDb();
        conn.transact("[{:person/email \"a@example.com\" :person/name \"A\"}]");

        AccreteException wrongType = assertThrows(AccreteException.class,
                () -> conn.transact(vec(map(kw(":person/email"), "x@example.com", kw(":person/age"), "old"))));
        assertEquals(kw(":db.error/wrong-type-for-attribute"), wrongType.category());
        assertTrue(wrongType.isIncorrect());
        assertFalse(wrongType.isOutcomeUnknown());
        assertNotNull(wrongType.getMessage());

        AccreteException cas = assertThrows(AccreteException.class,
                () -> conn.transact("[[:db/cas [:person/email \"a@example.com\"] :person/name \"not A\" \"B\"]]"));
        assertEquals(kw(":db.error/cas-failed"), cas.category());
        assertTrue(cas.isConflict());
        assertEquals(409, cas.status());

        AccreteException malformed = assertThrows(AccreteException.class, () -> conn.transact("[{:person/email"));
        assertTrue(malformed.isIncorrect(), malformed.toString());

        CompletionException async = assertThrows(CompletionException.class,
                () -> conn.transactAsync(vec(map(kw(":no/such-attr"), 1L))).join());
        AccreteException cause = (AccreteException) async.getCause();
        assertEquals(kw(":db.error/not-an-attribute"), cause.category());
    }

    @Test void withIsSpeculative() {
        Connection conn = freshDb();
        Db db = conn.db();
        TxReport what = conn.with(db, vec(map(kw(":person/email"), "ghost@example.com")));
        assertTrue(what.t() > db.basisT());
        Object seen = conn.qScalar("[:find ?e . :where [?e :person/email \"ghost@example.com\"]]", what.dbAfter());
        assertNotNull(seen, "the speculative value sees the transaction");
        assertNull(conn.qScalar("[:find ?e . :where [?e :person/email \"ghost@example.com\"]]", conn.db()),
                "nothing was written");
    }

    @Test void theGetReadsSeeTheSpeculativeValueAndItsOwnDatabase() {
        Connection conn = freshDb();
        TxReport what = conn.with(conn.db(), "[{:db/id \"g\" :person/email \"ghost@example.com\"}]");
        for (int i = 0; i < 3; i++) conn.transact("[{:person/email \"real" + i + "@example.com\"}]");
        long ghost = what.tempid("g");
        List<Object> emails = new ArrayList<>();
        for (Datom d : conn.datoms(what.dbAfter(), kw(":aevt"), kw(":person/email"))) emails.add(d.v());
        assertEquals(List.of("ghost@example.com"), emails);
        assertEquals("ghost@example.com", conn.entity(what.dbAfter(), ghost).get(kw(":person/email")));
        List<Object> ranged = new ArrayList<>();
        for (Datom d : conn.indexRange(what.dbAfter(), kw(":person/email"), "a", "z")) ranged.add(d.v());
        assertEquals(List.of("ghost@example.com"), ranged);

        // a value of another database is read from that database, whichever connection is asked
        Connection other = freshDb();
        other.transact("[{:person/email \"other@example.com\"}]");
        List<Object> others = new ArrayList<>();
        for (Datom d : conn.datoms(other.db(), kw(":aevt"), kw(":person/email"))) others.add(d.v());
        assertEquals(List.of("other@example.com"), others);
    }
}
