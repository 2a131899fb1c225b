package io.accrete.engine.tx;

import io.accrete.engine.Connection;
import io.accrete.engine.TxReportQueue;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Group commit with the default durable settings, and the tx-report queue. */
class GroupCommitTest {
    static final int THREADS = 16;
    static final int PER_THREAD = 40;

    TempDb t;
    Connection conn;

    @BeforeEach void open() {
        t = TempDb.open();
        conn = t.conn;
        t.tx("[{:db/ident :gc/thread :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
                + " {:db/ident :gc/seq :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
                + " {:db/ident :gc/key :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}]");
    }

    @AfterEach void close() { t.close(); }

    private static List<?> entity(int thread, int seq) {
        return List.of(List.of(Keyword.of("db/add"), "e", Keyword.of("gc/thread"), (long) thread),
                List.of(Keyword.of("db/add"), "e", Keyword.of("gc/seq"), (long) seq),
                List.of(Keyword.of("db/add"), "e", Keyword.of("gc/key"), thread + "/" + seq));
    }

    @Test void concurrentSubmittersAllCommitWithDistinctIncreasingT() throws Exception {
        TxReportQueue reports = conn.txReportQueue(10_000);
        long startT = conn.db().basisT();
        List<List<CompletableFuture<TxReport>>> futures = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int thread = i;
            futures.add(new ArrayList<>());
            Thread th = new Thread(() -> {
                try { go.await(); } catch (InterruptedException e) { return; }
                for (int s = 0; s < PER_THREAD; s++) futures.get(thread).add(conn.transactAsync(entity(thread, s)));
            });
            threads.add(th);
            th.start();
        }
        go.countDown();
        for (Thread th : threads) th.join();

        Set<Long> ts = new HashSet<>();
        Set<Long> entities = new HashSet<>();
        for (int i = 0; i < THREADS; i++) {
            long prev = -1;
            for (int s = 0; s < PER_THREAD; s++) {
                TxReport r = futures.get(i).get(s).get(60, TimeUnit.SECONDS);
                assertTrue(r.t() > prev, "one submitter's transactions commit in submission order");
                prev = r.t();
                assertTrue(ts.add(r.t()), "t " + r.t() + " given twice");
                assertTrue(r.dbBefore().basisT() < r.t());
                long e = r.tempid("e");
                assertTrue(entities.add(e), "entity id given twice");
                Db after = r.dbAfter();
                assertEquals(e, after.entid(List.of(Keyword.of("gc/key"), i + "/" + s)));
                assertEquals(r.t(), after.basisT());
            }
        }
        assertEquals(THREADS * PER_THREAD, ts.size());
        Db db = conn.db();
        assertEquals(ts.stream().mapToLong(Long::longValue).max().getAsLong(), db.basisT());
        int n = 0;
        for (Datom ignored : db.datoms(Index.AEVT, Db.ANY_E, db.attributeStrict(Keyword.of("gc/key")).id(), null)) n++;
        assertEquals(THREADS * PER_THREAD, n);
        assertEquals(THREADS * PER_THREAD + 1, conn.stats().transactions());
        assertTrue(conn.stats().batches() <= conn.stats().transactions());
        // pipelined batches share an append: never more appends than batches, and time in both phases
        assertTrue(conn.stats().logAppends() >= 1 && conn.stats().logAppends() <= conn.stats().batches(),
                conn.stats().logAppends() + " appends for " + conn.stats().batches() + " batches");
        assertTrue(conn.stats().applySeconds() > 0 && conn.stats().logAppendSeconds() > 0);
        assertTrue(conn.stats().logAppendSeconds() <= conn.stats().commitSeconds(), "an append is part of its batches' commit");

        // the subscriber saw every report, in t order, each the report the submitter got
        List<Long> seen = new ArrayList<>();
        TxReport prevReport = null;
        for (int k = 0; k < THREADS * PER_THREAD; k++) {
            TxReport r = reports.poll(10, TimeUnit.SECONDS);
            assertNotNull(r, "report " + k + " missing");
            if (prevReport != null) assertSame(prevReport.dbAfter(), r.dbBefore(), "reports chain db-before to db-after");
            prevReport = r;
            seen.add(r.t());
        }
        List<Long> sorted = new ArrayList<>(ts);
        sorted.sort(null);
        assertEquals(sorted, seen);
        assertTrue(seen.get(0) > startT);
        assertNull(reports.poll(50, TimeUnit.MILLISECONDS));
        assertFalse(reports.overflowed());

        // the log holds the same, and survives reopening
        List<Connection.LogTx> log = conn.txRange(sorted.get(0), null, Integer.MAX_VALUE);
        assertEquals(sorted, log.stream().map(Connection.LogTx::t).toList());
        conn.close();
        try (Connection c2 = Connection.open("test", t.dir, io.accrete.engine.ConnectionOptions.defaults())) {
            assertEquals(db.basisT(), c2.db().basisT());
            Db re = c2.db();
            for (int i = 0; i < THREADS; i++) {
                assertEquals(futures.get(i).get(PER_THREAD - 1).get().tempid("e"), re.entid(List.of(Keyword.of("gc/key"), i + "/" + (PER_THREAD - 1))));
            }
        }
    }

    @Test void slowSubscriberNeverBlocksTheWriter() throws Exception {
        TxReportQueue slow = conn.txReportQueue(3);
        TxReportQueue fast = conn.txReportQueue(1000);
        List<CompletableFuture<TxReport>> fs = new ArrayList<>();
        for (int s = 0; s < 50; s++) fs.add(conn.transactAsync(entity(0, s)));
        List<Long> ts = new ArrayList<>();
        for (CompletableFuture<TxReport> f : fs) ts.add(f.get(60, TimeUnit.SECONDS).t());
        // the slow one was closed on overflow, keeping what it had room for
        assertTrue(slow.overflowed());
        assertTrue(slow.isClosed());
        List<Long> kept = new ArrayList<>();
        TxReport r;
        while ((r = slow.poll(10, TimeUnit.MILLISECONDS)) != null) kept.add(r.t());
        assertEquals(ts.subList(0, 3), kept);
        // it can resume from the log where it stopped
        List<Long> resumed = conn.txRange(kept.get(kept.size() - 1) + 1, null, 1000).stream().map(Connection.LogTx::t).toList();
        assertEquals(ts.subList(3, ts.size()), resumed);
        // the other subscriber got everything
        List<Long> got = new ArrayList<>();
        for (int i = 0; i < ts.size(); i++) got.add(fast.poll(10, TimeUnit.SECONDS).t());
        assertEquals(ts, got);
        assertFalse(fast.overflowed());
        // a closed subscription receives nothing more
        fast.close();
        t.tx("[{:gc/key \"after-close\"}]");
        assertNull(fast.poll(20, TimeUnit.MILLISECONDS));
        assertNull(slow.poll(20, TimeUnit.MILLISECONDS));
    }

    @Test void aClosedConnectionRefusesWork() {
        long basis = conn.db().basisT();
        conn.close();
        var e = assertThrows(io.accrete.engine.error.AccreteException.class, () -> conn.transact(entity(0, 0)));
        assertEquals(io.accrete.engine.error.Errors.TRANSACTOR_UNAVAILABLE, e.category());
        try (Connection c2 = Connection.open("test", t.dir, io.accrete.engine.ConnectionOptions.defaults())) {
            assertEquals(basis, c2.db().basisT());
        }
    }

    @Test void syncWaitsForTheWriter() throws Exception {
        long next = conn.db().basisT() + 1;
        CompletableFuture<Db> waiting = conn.sync(next + 1000);
        CompletableFuture<Db> soon = conn.sync(next);
        assertFalse(soon.isDone());
        TxReport r = t.tx("[{:gc/key \"s\"}]");
        Db db = soon.get(10, TimeUnit.SECONDS);
        assertEquals(r.t(), db.basisT());
        assertSame(r.dbAfter(), db);
        assertTrue(conn.sync(r.t()).isDone());
        assertFalse(waiting.isDone());
    }
}
