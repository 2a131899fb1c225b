package io.accrete.engine.tx;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.storage.Durability;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Edn;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.testing.MemoryLogStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Transactions submitted together: one group commit, each with its own outcome, and the queue's bound. */
class SubmitAllTest {
    static final class RecordingStore extends MemoryLogStore {
        final List<List<Long>> appends = new CopyOnWriteArrayList<>();

        @Override public void append(List<Entry> entries) {
            appends.add(entries.stream().map(Entry::t).toList());
            super.append(entries);
        }
    }

    final RecordingStore store = new RecordingStore();
    Connection conn;

    private Connection open(int queueCapacity) { return open(queueCapacity, 512); }

    private Connection open(int queueCapacity, int maxBatch) {
        conn = Connection.open("all", store, new ConnectionOptions(Durability.FSYNC, queueCapacity, maxBatch));
        conn.transact((List<?>) Edn.read("[{:db/ident :s/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                + " {:db/ident :s/n :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]"));
        store.appends.clear();
        return conn;
    }

    @AfterEach void close() { if (conn != null) conn.close(); }

    private static List<?> person(String name, Object n) {
        return List.of(List.of(Keyword.of("db/add"), "e", Keyword.of("s/name"), name),
                List.of(Keyword.of("db/add"), "e", Keyword.of("s/n"), n));
    }

    private static AccreteException failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(AccreteException.class, e.getCause());
    }

    @Test void transactionsSubmittedTogetherCommitTogetherInOrderEachWithItsOwnOutcome() throws Exception {
        open(10_000);
        long before = conn.db().basisT();
        List<List<?>> txs = new ArrayList<>();
        for (int i = 0; i < 20; i++) txs.add(person("p" + i, i == 7 ? "not a long" : (Object) (long) i));
        List<CompletableFuture<TxReport>> fs = conn.transactAllAsync(txs);
        assertEquals(20, fs.size());

        assertEquals(Errors.WRONG_TYPE, failure(fs.get(7)).category(), "the bad one fails alone");
        List<Long> ts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            if (i == 7) continue;
            TxReport r = fs.get(i).get(30, TimeUnit.SECONDS);
            ts.add(r.t());
            Datom n = r.dbAfter().datoms(Index.EAVT, r.tempid("e"), Keyword.of("s/n")).iterator().next();
            assertEquals((long) i, n.v());
            assertNull(r.dbBefore().entid(List.of(Keyword.of("s/name"), "p" + i)), "applied on top of the one before");
        }
        for (int i = 1; i < ts.size(); i++) assertTrue(ts.get(i) > ts.get(i - 1), "applied in the given order: " + ts);
        assertTrue(ts.get(0) > before);
        assertEquals(List.of(ts), store.appends, "one group commit for the whole submission");
        assertEquals(0, conn.queuedTransactions());
    }

    @Test void aSubmissionLargerThanTheBatchLimitIsStillOneBatch() throws Exception {
        open(10_000, 4);
        long batches = conn.stats().batches();
        List<List<?>> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) ten.add(person("ten" + i, (long) i));
        for (CompletableFuture<TxReport> f : conn.transactAllAsync(ten)) f.get(30, TimeUnit.SECONDS);
        assertEquals(batches + 1, conn.stats().batches(), "taken whole, not split at the batch limit");
        assertEquals(10, conn.stats().largestBatch());
        assertEquals(1, store.appends.size());
    }

    @Test void theQueueBoundCountsTransactionsAndAnEmptyQueueTakesAnySubmission() throws Exception {
        open(4);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<TxReport> stall = conn.transactAsync(db -> {
            running.countDown();
            try {
                assertTrue(release.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return person("stall", 0L);
        });
        assertTrue(running.await(30, TimeUnit.SECONDS));

        List<List<?>> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) ten.add(person("big" + i, (long) i));
        List<CompletableFuture<TxReport>> big = conn.transactAllAsync(ten);   // larger than the bound, but the queue is empty
        assertEquals(10, conn.queuedTransactions());
        CompletableFuture<TxReport> one = conn.transactAsync(person("one", 1L));
        assertEquals(Errors.TRANSACTOR_BUSY, failure(one).category(), "past the bound with work queued: refused at once");
        List<CompletableFuture<TxReport>> two = conn.transactAllAsync(List.of(person("x", 1L), person("y", 2L)));
        for (CompletableFuture<TxReport> f : two) assertEquals(Errors.TRANSACTOR_BUSY, failure(f).category());
        assertEquals(10, conn.queuedTransactions(), "a refused submission leaves no count behind");

        release.countDown();
        stall.get(30, TimeUnit.SECONDS);
        for (CompletableFuture<TxReport> f : big) f.get(30, TimeUnit.SECONDS);
        assertEquals(0, conn.queuedTransactions());
        assertNull(conn.db().entid(List.of(Keyword.of("s/name"), "one")));
        assertNotNull(conn.db().entid(List.of(Keyword.of("s/name"), "big9")));
        assertTrue(conn.transactAllAsync(List.of()).isEmpty());
    }

    @Test void noSubmissionIsLeftWaitingWhenTheDatabaseCloses() throws Exception {
        open(1_000_000);
        java.util.Queue<CompletableFuture<TxReport>> all = new java.util.concurrent.ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int id = i;
            Thread th = new Thread(() -> {
                started.countDown();
                for (int k = 0; k < 20_000; k++) {
                    all.addAll(k % 2 == 0 ? List.of(conn.transactAsync(person("c" + id + "-" + k, (long) k)))
                            : conn.transactAllAsync(List.of(person("c" + id + "-" + k, (long) k), person("d" + id + "-" + k, (long) k))));
                }
            });
            threads.add(th);
            th.start();
        }
        assertTrue(started.await(30, TimeUnit.SECONDS));
        Thread.sleep(20);
        conn.close();
        for (Thread th : threads) th.join();
        for (CompletableFuture<TxReport> f : all) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertEquals(Errors.TRANSACTOR_UNAVAILABLE, ((AccreteException) e.getCause()).category());
            }
        }
        assertTrue(all.stream().anyMatch(CompletableFuture::isCompletedExceptionally), "some were refused once closed");
        assertEquals(0, conn.queuedTransactions());
    }
}
