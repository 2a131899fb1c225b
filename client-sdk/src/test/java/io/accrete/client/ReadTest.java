package io.accrete.client;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.accrete.client.Edn.*;
import static org.junit.jupiter.api.Assertions.*;

/** Every read method against one small database of people. */
class ReadTest extends ServerTestBase {
    static Connection conn;
    static long ann, bob, cyd;
    static long tAnn, tBob;

    @BeforeAll static void people() {
        conn = freshDb();
        TxReport r1 = conn.transact("[{:db/id \"ann\" :person/email \"ann@example.com\" :person/name \"Ann\" :person/age 31}]");
        ann = r1.tempid("ann");
        tAnn = r1.t();
        TxReport r2 = conn.transact(vec(
                map(kw(":db/id"), "bob", kw(":person/email"), "bob@example.com", kw(":person/name"), "Bob",
                        kw(":person/age"), 42L, kw(":person/friends"), set(ann)),
                map(kw(":db/id"), "cyd", kw(":person/email"), "cyd@example.com", kw(":person/name"), "Cyd",
                        kw(":person/age"), 27L)));
        bob = r2.tempid("bob");
        cyd = r2.tempid("cyd");
        tBob = r2.t();
    }

    @Test void queryAsTextAndAsData() {
        Db db = conn.db();
        Collection<List<Object>> rel = conn.qRelation(
                "[:find ?n ?a :where [?e :person/name ?n] [?e :person/age ?a]]", db);
        assertEquals(Set.of(List.of("Ann", 31L), List.of("Bob", 42L), List.of("Cyd", 27L)), new HashSet<>(rel));

        Object data = vec(kw(":find"), sym("?n"), kw(":in"), sym("$"), sym("?min"),
                kw(":where"), vec(sym("?e"), kw(":person/age"), sym("?a")),
                vec(list(sym(">"), sym("?a"), sym("?min"))),
                vec(sym("?e"), kw(":person/name"), sym("?n")));
        assertEquals(Set.of(List.of("Bob"), List.of("Ann")), new HashSet<>(conn.qRelation(data, db, 30L)));
    }

    /** Datomic's log in a query: the server reads {@code {:log "db"}} among the arguments as the database's log. */
    @Test void theLogInAQuery() {
        Db db = conn.db();
        List<Object> txs = conn.qCollection("[:find [?tx ...] :in $ ?log ?t1 :where [(tx-ids ?log ?t1 nil) [?tx ...]]]",
                db, map(kw(":log"), conn.name()), tAnn);
        assertEquals(2, txs.size(), "the transactions of ann and of bob and cyd: " + txs);
        Collection<List<Object>> names = conn.qRelation("[:find ?v :in $ ?log ?t :where [(tx-data ?log ?t) [[?e ?a ?v _ ?op]]]"
                + " [?a :db/ident :person/name]]", db, map(kw(":log"), conn.name()), tBob);
        assertEquals(Set.of(List.of("Bob"), List.of("Cyd")), new HashSet<>(names));
    }

    @Test void typedFindSpecs() {
        Db db = conn.db();
        String name = conn.qScalar("[:find ?n . :in $ ?email :where [?e :person/email ?email] [?e :person/name ?n]]",
                db, "bob@example.com");
        assertEquals("Bob", name);
        List<String> names = conn.qCollection("[:find [?n ...] :where [_ :person/name ?n]]", db);
        assertEquals(Set.of("Ann", "Bob", "Cyd"), new HashSet<>(names));
        List<Object> tuple = conn.qTuple("[:find [?n ?a] :in $ ?e :where [?e :person/name ?n] [?e :person/age ?a]]", db, cyd);
        assertEquals(List.of("Cyd", 27L), tuple);
        assertNull(conn.qScalar("[:find ?e . :where [?e :person/email \"nobody\"]]", db));
        Object raw = conn.q("[:find (max ?a) . :where [_ :person/age ?a]]", db);
        assertEquals(42L, raw);
    }

    @Test void queryWithPagingTimeoutAndSeveralDatabases() {
        Db db = conn.db();
        Object page = conn.q(Query.of("[:find ?n :where [_ :person/name ?n]]", db).limit(2).offset(0)
                .timeout(Duration.ofSeconds(5)));
        assertEquals(2, ((Collection<?>) page).size());

        // Two database values as inputs: who had an age then that they no longer have now?
        Db before = db.asOf(tAnn);
        Collection<List<Object>> both = conn.qRelation(
                "[:find ?n :in $then $now :where [$then ?e :person/name ?n] [$now ?e :person/age ?a]]", null, before, db);
        assertEquals(Set.of(List.of("Ann")), new HashSet<>(both));
    }

    @Test void pullPullManyAndEntity() {
        Db db = conn.db();
        Map<Keyword, Object> bobMap = conn.pull(db, "[:person/name {:person/friends [:person/name]}]", bob);
        assertEquals("Bob", bobMap.get(kw(":person/name")));
        assertEquals(List.of(Map.of(kw(":person/name"), "Ann")), bobMap.get(kw(":person/friends")));

        Map<Keyword, Object> byLookup = conn.pull(db, vec(kw(":person/age")), vec(kw(":person/email"), "cyd@example.com"));
        assertEquals(27L, byLookup.get(kw(":person/age")));

        List<Map<Keyword, Object>> many = conn.pullMany(db, "[:person/name]", List.of(ann, cyd));
        assertEquals(List.of(Map.of(kw(":person/name"), "Ann"), Map.of(kw(":person/name"), "Cyd")), many);

        Map<Keyword, Object> entity = conn.entity(db, bob);
        assertEquals(bob, entity.get(kw(":db/id")));
        assertEquals("bob@example.com", entity.get(kw(":person/email")));
        Map<Keyword, Object> byRef = conn.entity(db, vec(kw(":person/email"), "ann@example.com"));
        assertEquals(ann, byRef.get(kw(":db/id")));
    }

    @Test void datomsAndIndexRangePageThroughTheIndex() {
        Db db = conn.db();
        List<Datom> ages = new ArrayList<>();
        conn.datoms(db, kw(":avet"), kw(":person/age")).forEach(ages::add);
        assertEquals(List.of(27L, 31L, 42L), ages.stream().map(Datom::v).toList());

        List<Datom> bobs = new ArrayList<>();
        conn.datoms(db, kw(":eavt"), bob).forEach(bobs::add);
        assertTrue(bobs.stream().allMatch(d -> d.e() == bob));
        assertEquals(4, bobs.size(), bobs.toString());

        List<Datom> exact = new ArrayList<>();
        conn.datoms(db, kw(":avet"), kw(":person/name"), "Cyd").forEach(exact::add);
        assertEquals(1, exact.size());
        assertEquals(cyd, exact.get(0).e());

        List<Object> range = new ArrayList<>();
        conn.indexRange(db, kw(":person/age"), 30L, 42L).forEach(d -> range.add(d.v()));
        assertEquals(List.of(31L), range);
        List<Object> open = new ArrayList<>();
        conn.indexRange(db, kw(":person/age"), 30L, null).forEach(d -> open.add(d.v()));
        assertEquals(List.of(31L, 42L), open);

        // A page size of 1 makes each datom its own request: the iterable must still see all.
        try (AccreteClient paging = AccreteClient.builder().uri(server.uri()).pageSize(1).build()) {
            Connection c = paging.connection(conn.name());
            List<Object> paged = new ArrayList<>();
            c.datoms(db, kw(":avet"), kw(":person/age")).forEach(d -> paged.add(d.v()));
            assertEquals(List.of(27L, 31L, 42L), paged);
            List<Long> ts = new ArrayList<>();
            c.txRange(tAnn, null).forEach(e -> ts.add(e.t()));
            assertEquals(List.of(tAnn, tBob), ts);
        }
    }

    @Test void txRangeReadsTheLog() {
        List<LogEntry> log = new ArrayList<>();
        conn.txRange(tAnn, tBob + 1).forEach(log::add);
        assertEquals(List.of(tAnn, tBob), log.stream().map(LogEntry::t).toList());
        assertTrue(log.get(1).data().stream().anyMatch(d -> d.a() == kw(":person/name") && "Cyd".equals(d.v())));
        List<LogEntry> all = new ArrayList<>();
        conn.txRange(null, null).forEach(all::add);
        assertTrue(all.size() >= 3, "schema, Ann, Bob and Cyd");
    }

    @Test void asOfSinceHistoryAndStableValues() {
        Connection c = freshDb();
        long t1 = c.transact("[{:person/email \"d@example.com\" :person/name \"Dee\"}]").t();
        Db snapshot = c.db();
        long t2 = c.transact("[{:person/email \"d@example.com\" :person/name \"Dora\"}]").t();
        String q = "[:find ?n . :where [?e :person/email \"d@example.com\"] [?e :person/name ?n]]";

        assertEquals("Dora", c.qScalar(q, c.db()));
        assertEquals("Dee", c.qScalar(q, snapshot), "a Db value is stable: later writes do not show");
        assertEquals("Dee", c.qScalar(q, c.db().asOf(t1)));
        assertEquals(t2, c.db().basisT());

        Db since = c.db().since(t1);
        assertNull(c.qScalar("[:find ?e . :where [?e :person/email]]", since), "the email was set before t1");
        assertEquals("Dora", c.qScalar("[:find ?n . :where [_ :person/name ?n]]", since));

        Collection<List<Object>> history = c.qRelation(
                "[:find ?n ?added :where [_ :person/name ?n _ ?added]]", c.db().history());
        assertEquals(Set.of(List.of("Dee", true), List.of("Dee", false), List.of("Dora", true)), new HashSet<>(history));
    }

    @Test void asOfAndSinceAnInstant() throws Exception {
        Connection c = freshDb();
        c.transact("[{:person/email \"i@example.com\" :person/name \"Ida\"}]");
        Thread.sleep(30);
        java.time.Instant between = java.time.Instant.now();
        Thread.sleep(30);
        c.transact("[{:person/email \"i@example.com\" :person/name \"Iris\"}]");
        String q = "[:find ?n . :where [?e :person/email \"i@example.com\"] [?e :person/name ?n]]";
        assertEquals("Ida", c.qScalar(q, c.db().asOf(between)));
        assertEquals("Iris", c.qScalar("[:find ?n . :where [_ :person/name ?n]]", c.db().since(between)));
        assertNull(c.db().asOf(between).asOfT(), "the server finds the t");
        // The GET reads carry the instant too.
        List<Object> names = new java.util.ArrayList<>();
        for (Datom d : c.datoms(c.db().asOf(between), kw(":aevt"), kw(":person/name"))) names.add(d.v());
        assertEquals(List.of("Ida"), names);
    }

    @Test void syncWaitsForAT() throws Exception {
        Connection c = freshDb();
        long now = c.db().basisT();
        assertEquals(now, c.sync(now).basisT());

        // A t this database has not reached yet: sync returns once a transaction brings it.
        long target = now + 1;
        java.util.concurrent.CompletableFuture<Db> waiting = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> c.sync(target, Duration.ofSeconds(10)));
        Thread.sleep(200);
        assertFalse(waiting.isDone());
        c.transact("[{:person/email \"s@example.com\"}]");
        assertTrue(waiting.get().basisT() >= target);
    }

    @Test void indexRangeComparesBigNumbersAndInstantsExactly() {
        Connection c = freshDb();
        c.transact("[{:db/ident :x/bi :db/valueType :db.type/bigint :db/cardinality :db.cardinality/one}]");
        List<Object> tx = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tx.add(map(kw(":x/bi"), java.math.BigInteger.valueOf(i).shiftLeft(70),
                    kw(":person/born"), new java.util.Date(1_577_836_800_000L + i * 86_400_000L)));
        }
        c.transact(tx);
        Db db = c.db();
        List<Object> big = new ArrayList<>();
        c.indexRange(db, kw(":x/bi"), java.math.BigInteger.ONE.shiftLeft(70), java.math.BigInteger.valueOf(3).shiftLeft(70)).forEach(d -> big.add(d.v()));
        assertEquals(List.of(java.math.BigInteger.ONE.shiftLeft(70), java.math.BigInteger.TWO.shiftLeft(70)), big);
        List<Object> born = new ArrayList<>();
        c.indexRange(db, kw(":person/born"), java.time.Instant.ofEpochMilli(1_577_836_800_000L + 86_400_000L),
                java.time.Instant.ofEpochMilli(1_577_836_800_000L + 3 * 86_400_000L)).forEach(d -> born.add(d.v()));
        assertEquals(2, born.size(), born.toString());
    }

    @Test void valuesTheSdkCannotSendAreAccreteExceptions() {
        Object unsendable = java.time.LocalDate.of(2020, 1, 1);
        AccreteException tx = assertThrows(AccreteException.class, () -> conn.transact(vec(map(kw(":person/name"), unsendable))));
        assertTrue(tx.isIncorrect(), tx.toString());
        AccreteException q = assertThrows(AccreteException.class,
                () -> conn.q("[:find ?e :in $ ?d :where [?e :person/born ?d]]", conn.db(), unsendable));
        assertTrue(q.isIncorrect(), q.toString());
        AccreteException datoms = assertThrows(AccreteException.class,
                () -> conn.datoms(conn.db(), kw(":avet"), kw(":person/born"), unsendable).iterator().hasNext());
        assertTrue(datoms.isIncorrect(), datoms.toString());
        assertTrue(assertThrows(AccreteException.class, () -> conn.datoms(conn.db(), kw(":nope"))).isIncorrect());
        assertTrue(assertThrows(AccreteException.class, () -> conn.transact((Object) null)).isIncorrect());
    }

    @Test void aTypedHelperForAnotherFindSpecIsTheCallersMistake() {
        AccreteException e = assertThrows(AccreteException.class,
                () -> conn.qRelation("[:find ?n . :where [?e :person/name ?n]]", conn.db()));
        assertTrue(e.isIncorrect(), e.toString());
        assertTrue(e.getMessage().contains("qRelation"), e.getMessage());
    }
}
