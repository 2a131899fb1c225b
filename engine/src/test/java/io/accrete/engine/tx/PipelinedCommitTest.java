package io.accrete.engine.tx;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.testing.MemoryLogStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The writer applies the next batches while the log thread commits earlier ones. Nothing may be
 * visible or acknowledged before its commit, and when a commit fails, everything applied on top
 * of it fails too and the database carries on from the last durable value. A store that can be
 * held and made to fail stands in for the disk: a real one cannot be told to fail on cue.
 */
class PipelinedCommitTest {
    /** An in-memory log whose appends can be held at a gate and made to fail once. */
    static final class GatedStore extends MemoryLogStore {
        final List<List<Long>> appends = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile CountDownLatch entered = new CountDownLatch(1);
        volatile boolean failNext;
        volatile boolean errorNext;

        @Override public void append(List<Entry> entries) {
            entered.countDown();
            try {
                assertTrue(gate.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (failNext) {
                failNext = false;
                throw Errors.error(Errors.STORAGE, "the disk is on fire");
            }
            if (errorNext) {
                errorNext = false;
                throw new OutOfMemoryError("simulated: the store ran out of memory");
            }
            appends.add(entries.stream().map(Entry::t).toList());
            super.append(entries);
        }
    }

    GatedStore store;
    Connection conn;

    @BeforeEach void open() {
        store = new GatedStore();
        conn = Connection.open("pipeline", store, ConnectionOptions.defaults());
        conn.transact((List<?>) Edn.read("[{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}]"));
    }

    @AfterEach void close() {
        store.gate.countDown();
        conn.close();
    }

    private static List<?> person(String name) {
        return List.of(List.of(Keyword.of("db/add"), "e", Keyword.of("p/name"), name));
    }

    /**
     * Holds the log, then gets X, A, B and C applied and handed to it: X is computed on the
     * writer only once A, B and C are queued behind it, so the writer hands X to the log thread
     * rather than committing it itself, then applies A, B and C as one batch on top of X.
     */
    private List<CompletableFuture<TxReport>> fourAwaitingTheLog() throws Exception {
        store.gate = new CountDownLatch(1);
        store.entered = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(1);
        List<CompletableFuture<TxReport>> fs = new ArrayList<>();
        fs.add(conn.transactAsync(db -> {
            running.countDown();
            try {
                assertTrue(queued.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return person("X");
        }));
        assertTrue(running.await(30, TimeUnit.SECONDS));
        for (String n : List.of("A", "B", "C")) fs.add(conn.transactAsync(person(n)));
        queued.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (conn.transactionsAwaitingLog() < 4 && System.nanoTime() < deadline) Thread.sleep(1);
        assertEquals(4, conn.transactionsAwaitingLog(), "X, A, B and C applied and waiting for the log");
        assertTrue(store.entered.await(30, TimeUnit.SECONDS));
        return fs;
    }

    @Test void appliedTransactionsStayInvisibleUntilLoggedThenCommitInOrder() throws Exception {
        long before = conn.db().basisT();
        List<CompletableFuture<TxReport>> fs = fourAwaitingTheLog();
        assertEquals(before, conn.db().basisT(), "nothing is visible before its commit");
        for (CompletableFuture<TxReport> f : fs) assertFalse(f.isDone(), "nothing is acknowledged before its commit");
        assertNull(conn.db().entid(List.of(Keyword.of("p/name"), "X")));

        store.gate.countDown();
        long prev = before;
        for (CompletableFuture<TxReport> f : fs) {
            TxReport r = f.get(30, TimeUnit.SECONDS);
            assertTrue(r.t() > prev);
            assertEquals(prev, r.dbBefore().basisT(), "each transaction builds on the one before");
            prev = r.t();
        }
        assertEquals(prev, conn.db().basisT());
        for (String n : List.of("X", "A", "B", "C")) assertNotNull(conn.db().entid(List.of(Keyword.of("p/name"), n)));
        List<Long> logged = new ArrayList<>();
        for (List<Long> a : store.appends) logged.addAll(a);
        List<Long> ts = new ArrayList<>();
        for (CompletableFuture<TxReport> f : fs) ts.add(f.get().t());
        assertEquals(ts, logged.subList(logged.size() - 4, logged.size()), "the log holds them once each, in t order");
        assertTrue(store.appends.get(store.appends.size() - 1).containsAll(ts.subList(1, 4)), "A, B and C in one commit");
    }

    /**
     * A batch applied on top of a commit that then fails was never written, so it fails as busy
     * (safe to retry), not as a storage fault whose outcome a client could not know.
     */
    @Test void aBatchBuiltOnAFailedCommitFailsUnwrittenAsBusy() throws Exception {
        long before = conn.db().basisT();
        store.gate = new CountDownLatch(1);
        store.entered = new CountDownLatch(1);
        store.failNext = true;
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(1);
        CompletableFuture<TxReport> x = conn.transactAsync(db -> {
            running.countDown();
            await(queued);
            return person("X");
        });
        assertTrue(running.await(30, TimeUnit.SECONDS));
        // Queued behind X, so the writer hands X to the log thread; applied only once X's commit
        // has begun, so it waits for the next commit, built on X.
        CompletableFuture<TxReport> b = conn.transactAsync(db -> {
            await(store.entered);
            return person("B");
        });
        queued.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (conn.transactionsAwaitingLog() < 2 && System.nanoTime() < deadline) Thread.sleep(1);
        assertEquals(2, conn.transactionsAwaitingLog(), "X in its commit, B waiting for the next");
        store.gate.countDown();

        AccreteException xe = assertInstanceOf(AccreteException.class,
                assertThrows(ExecutionException.class, () -> x.get(30, TimeUnit.SECONDS)).getCause());
        assertEquals(Errors.STORAGE, xe.category());
        AccreteException be = assertInstanceOf(AccreteException.class,
                assertThrows(ExecutionException.class, () -> b.get(30, TimeUnit.SECONDS)).getCause());
        assertEquals(Errors.TRANSACTOR_BUSY, be.category());
        assertTrue(be.getMessage().contains("the disk is on fire") && be.getMessage().contains("not applied"), be.getMessage());
        assertEquals(before, conn.db().basisT(), "the database is unchanged");
        assertNotNull(conn.transact(person("B")), "and B can simply be sent again");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test void aFailedCommitFailsEverythingBuiltOnItAndChangesNothing() throws Exception {
        store.failNext = true;
        failedCommitCascades();
    }

    @Test void anErrorInTheStoreIsAFailedCommitToo() throws Exception {
        store.errorNext = true;
        failedCommitCascades();
    }

    private void failedCommitCascades() throws Exception {
        long before = conn.db().basisT();
        int logged = store.log.size();
        List<CompletableFuture<TxReport>> fs = fourAwaitingTheLog();
        store.gate.countDown();
        for (int i = 0; i < fs.size(); i++) {
            CompletableFuture<TxReport> f = fs.get(i);
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            AccreteException ae = assertInstanceOf(AccreteException.class, e.getCause());
            // X's commit failed. A, B and C failed with it when the log thread took them into the
            // same commit, or unwritten, as busy, when they waited for the next one.
            if (i == 0 || ae.category() != Errors.TRANSACTOR_BUSY) assertEquals(Errors.STORAGE, ae.category(), ae.getMessage());
        }
        assertEquals(before, conn.db().basisT(), "the database is unchanged");
        assertEquals(logged, store.log.size(), "nothing reached the log");
        assertNull(conn.db().entid(List.of(Keyword.of("p/name"), "B")));

        // The writer carries on from the last durable value: the same names can be asserted again.
        TxReport again = conn.transact(person("B"));
        assertEquals(before, again.dbBefore().basisT());
        assertEquals(again.t(), store.latestT());
        assertNotNull(conn.db().entid(List.of(Keyword.of("p/name"), "B")));
        assertNull(conn.db().entid(List.of(Keyword.of("p/name"), "X")));
    }
}
