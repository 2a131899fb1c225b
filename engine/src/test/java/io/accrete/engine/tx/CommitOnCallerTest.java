package io.accrete.engine.tx;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.storage.Durability;
import io.accrete.engine.testing.MemoryLogStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A caller that waits for its transaction applies and commits it on its own thread when the
 * writer is idle ({@link Connection#transactOnCaller}), and leaves it to the writer otherwise;
 * either way nothing is lost, reordered or committed twice.
 */
class CommitOnCallerTest {
    /** Records which thread made each append, and can hold appends until released. */
    static final class WatchedStore extends MemoryLogStore {
        final Map<Long, String> appendedBy = new ConcurrentHashMap<>();
        volatile CountDownLatch hold;
        final CountDownLatch holding = new CountDownLatch(1);

        @Override public void append(List<Entry> entries) {
            CountDownLatch h = hold;
            if (h != null) {
                holding.countDown();
                try {
                    assertTrue(h.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            for (Entry e : entries) appendedBy.put(e.t(), Thread.currentThread().getName());
            super.append(entries);
        }
    }

    final WatchedStore store = new WatchedStore();
    Connection conn;

    private Connection open() {
        conn = Connection.open("caller", store, new ConnectionOptions(Durability.FSYNC, 100_000, 512));
        conn.transact((List<?>) Edn.read("[{:db/ident :c/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                + " {:db/ident :c/n :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]"));
        return conn;
    }

    @AfterEach void close() { if (conn != null) conn.close(); }

    static List<?> person(String name, long n) {
        return List.of(Map.of(Keyword.of("db/id"), "e", Keyword.of("c/name"), name, Keyword.of("c/n"), n));
    }

    private long n(String name) {
        Long e = conn.db().entid(List.of(Keyword.of("c/name"), name));
        assertNotNull(e, name + " was committed");
        Datom d = conn.db().datoms(Index.EAVT, e, Keyword.of("c/n")).iterator().next();
        return (Long) d.v();
    }

    interface ThreadBody {
        void run(int id) throws Exception;
    }

    /** Runs {@code body} on {@code n} threads at once and fails with whatever any of them threw. */
    private static void onThreads(int n, ThreadBody body) throws InterruptedException {
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            Thread th = new Thread(() -> {
                try {
                    body.run(id);
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) th.join(120_000);
        assertTrue(errors.isEmpty(), () -> "failures: " + errors);
    }

    @Test void anIdleWriterLeavesTheCommitToTheCallersThread() throws Exception {
        open();
        String me = Thread.currentThread().getName();
        // The writer parks once it has spun a moment with nothing to do; until then it takes the work itself.
        TxReport onCaller = null;
        for (int attempt = 0; attempt < 200 && onCaller == null; attempt++) {
            Thread.sleep(5);
            CompletableFuture<TxReport> f = conn.transactOnCaller(person("p" + attempt, attempt));
            assertTrue(f.get(30, TimeUnit.SECONDS).t() > 0);
            if (me.equals(store.appendedBy.get(f.get().t()))) {
                assertTrue(f.isDone());
                onCaller = f.get();
            }
        }
        assertNotNull(onCaller, "some commit was made on the caller's thread");
        assertEquals(onCaller.t(), conn.db().basisT(), "published before the call returned");
        assertEquals(onCaller.t(), store.latestT(), "and durable");
    }

    @Test void aCallerThatFindsTheWriterBusyLeavesItsTransactionToTheWriter() throws Exception {
        open();
        store.hold = new CountDownLatch(1);
        CompletableFuture<TxReport> first = conn.transactAsync(person("first", 1));
        assertTrue(store.holding.await(30, TimeUnit.SECONDS), "the writer is inside its commit");
        CompletableFuture<TxReport> second = conn.transactOnCaller(person("second", 2));
        assertFalse(second.isDone(), "the caller did not wait behind the writer's commit");
        CountDownLatch release = store.hold;
        store.hold = null;
        release.countDown();
        long t1 = first.get(30, TimeUnit.SECONDS).t();
        long t2 = second.get(30, TimeUnit.SECONDS).t();
        assertTrue(t2 > t1, "submitted after, applied after");
        assertTrue(store.appendedBy.get(t2).startsWith("accrete-"), "committed by the transactor's threads: " + store.appendedBy.get(t2));
    }

    @Test void mixedCallersLoseNothingAndKeepEachThreadsOrder() throws Exception {
        open();
        int threads = 6, each = 300;
        Map<Long, String> byT = new ConcurrentHashMap<>();
        onThreads(threads, id -> {
            long lastT = 0;
            for (int k = 0; k < each; k++) {
                String name = "t" + id + "-" + k;
                List<TxReport> reports = new ArrayList<>();
                switch (ThreadLocalRandom.current().nextInt(4)) {
                    case 0 -> reports.add(conn.transact(person(name, k)));
                    case 1 -> reports.add(conn.transactOnCaller(person(name, k)).get(30, TimeUnit.SECONDS));
                    case 2 -> reports.add(conn.transactAsync(person(name, k)).get(30, TimeUnit.SECONDS));
                    default -> {
                        for (CompletableFuture<TxReport> f : conn.transactAllOnCaller(List.of(person(name, k), person(name + "b", k))))
                            reports.add(f.get(30, TimeUnit.SECONDS));
                    }
                }
                for (TxReport r : reports) {
                    assertTrue(r.t() > lastT, "one thread's transactions commit in the order it made them");
                    lastT = r.t();
                    assertNull(byT.put(r.t(), name), "no t is given twice");
                }
            }
        });
        for (int i = 0; i < threads; i++) for (int k = 0; k < each; k++) assertEquals(k, n("t" + i + "-" + k));

        List<Long> logged = store.log.stream().map(e -> e.t()).toList();
        assertEquals(new HashSet<>(logged).size(), logged.size(), "each t logged once");
        for (int i = 1; i < logged.size(); i++) assertTrue(logged.get(i) > logged.get(i - 1), "logged in t order");
        assertTrue(logged.containsAll(byT.keySet()), "every acknowledged transaction is in the log");
        assertEquals(conn.db().basisT(), logged.get(logged.size() - 1));

        Set<String> committers = new HashSet<>(store.appendedBy.values());
        assertTrue(committers.stream().anyMatch(c -> c.startsWith("Thread-")), "callers committed some: " + committers);

        long basis = conn.db().basisT();
        conn.close();
        conn = Connection.open("caller", store, new ConnectionOptions(Durability.FSYNC, 100_000, 512));
        assertEquals(basis, conn.db().basisT(), "the log replays to the same value");
        assertEquals(each - 1, n("t" + (threads - 1) + "-" + (each - 1)));
    }

    @Test void aFunctionOfTheNewestValueIsAtomicWhoeverAppliesIt() throws Exception {
        open();
        conn.transact(person("counter", 0));
        int threads = 4, each = 200;
        java.util.function.Function<io.accrete.engine.db.Db, List<?>> increment = db -> {
            long e = db.entid(List.of(Keyword.of("c/name"), "counter"));
            long n = (Long) db.datoms(Index.EAVT, e, Keyword.of("c/n")).iterator().next().v();
            return List.of(List.of(Keyword.of("db/add"), e, Keyword.of("c/n"), n + 1));
        };
        onThreads(threads, id -> {
            for (int k = 0; k < each; k++) {
                if ((id + k) % 2 == 0) conn.transact(increment);
                else conn.transactAsync(increment).get(30, TimeUnit.SECONDS);
            }
        });
        assertEquals((long) threads * each, n("counter"), "no increment read a value another had already replaced");
    }

    @Test void callersCommittingWhileTheDatabaseClosesAreAnsweredAndWhatTheyWereToldIsKept() throws Exception {
        open();
        Queue<CompletableFuture<TxReport>> all = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int id = i;
            Thread th = new Thread(() -> {
                started.countDown();
                for (int k = 0; ; k++) {   // until the close refuses one
                    CompletableFuture<TxReport> f = k % 3 == 0 ? conn.transactAsync(person("x" + id + "-" + k, k))
                            : conn.transactOnCaller(person("x" + id + "-" + k, k));
                    all.add(f);
                    if (f.isCompletedExceptionally()) break;
                }
            });
            ts.add(th);
            th.start();
        }
        assertTrue(started.await(30, TimeUnit.SECONDS));
        Thread.sleep(20);
        conn.close();
        for (Thread th : ts) th.join(60_000);
        Set<Long> logged = new HashSet<>(store.log.stream().map(e -> e.t()).toList());
        int committed = 0;
        for (CompletableFuture<TxReport> f : all) {
            try {
                assertTrue(logged.contains(f.get(30, TimeUnit.SECONDS).t()), "acknowledged means logged");
                committed++;
            } catch (ExecutionException e) {
                assertEquals(Errors.TRANSACTOR_UNAVAILABLE, ((AccreteException) e.getCause()).category());
            }
        }
        assertTrue(committed > 0);
        assertTrue(all.stream().anyMatch(CompletableFuture::isCompletedExceptionally), "some were refused once closed");
    }

    @Test void aSubmissionBehindACallersCommitIsTakenUpWhenTheCallerLetsGo() throws Exception {
        // A park bound of a minute: a missed wake-up would show as a minute's wait, not 50 ms.
        Transactor tx = new Transactor("wake", io.accrete.engine.db.Db.bootstrap(), store, TxFunctions.fromServiceLoader(),
                1000, 512, reports -> {}, TimeUnit.MINUTES.toNanos(1));
        try {
            tx.submitOnCaller((List<?>) Edn.read("[{:db/ident :c/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]"))
                    .get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!tx.writerParked()) {
                assertTrue(System.nanoTime() < deadline, "the writer parks once idle");
                Thread.sleep(1);
            }
            store.hold = new CountDownLatch(1);
            CompletableFuture<CompletableFuture<TxReport>> caller = CompletableFuture.supplyAsync(
                    () -> tx.submitOnCaller(List.of(List.of(Keyword.of("db/add"), "c", Keyword.of("c/name"), "held"))));
            assertTrue(store.holding.await(30, TimeUnit.SECONDS));
            assertFalse(caller.isDone(), "the caller is inside its own commit, holding the pen");
            CompletableFuture<TxReport> behind = tx.submitOnCaller(List.of(List.of(Keyword.of("db/add"), "d", Keyword.of("c/name"), "behind")));
            assertFalse(behind.isDone(), "left queued: the pen is taken");
            long released = System.nanoTime();
            CountDownLatch h = store.hold;
            store.hold = null;
            h.countDown();
            CompletableFuture<TxReport> first = caller.get(30, TimeUnit.SECONDS);
            assertTrue(first.isDone(), "committed before the caller returned");
            assertTrue(behind.get(30, TimeUnit.SECONDS).t() > first.get().t());
            long waitedMs = (System.nanoTime() - released) / 1_000_000;
            assertTrue(waitedMs < 10_000, "woken when the caller let go, not at the park bound: " + waitedMs + " ms");
        } finally {
            tx.close();
        }
    }

    @Test void anInterruptedCallerNeitherFailsOthersNorBreaksTheLog() throws Exception {
        try (io.accrete.engine.testing.TempDb t = io.accrete.engine.testing.TempDb.open()) {
            conn = t.conn;
            conn.transact((List<?>) Edn.read("[{:db/ident :c/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                    + " {:db/ident :c/n :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]"));
            // An interrupt set before the call, then interrupts landing at random moments of the
            // caller's commits (a file channel closes when the thread using it is interrupted).
            Thread.currentThread().interrupt();
            try {
                conn.transact(person("flagged", 1));
            } catch (AccreteException e) {
                assertEquals(Errors.TIMEOUT, e.category(), "interrupted while waiting: it may still commit");
            } finally {
                Thread.interrupted();
            }
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Queue<AccreteException> otherFailures = new ConcurrentLinkedQueue<>();
            Thread committer = new Thread(() -> {
                for (int k = 0; k < 1_500; k++) {
                    try {
                        conn.transact(person("i" + k, k));
                        acknowledged.add("i" + k);
                    } catch (AccreteException e) {
                        // interrupted while waiting for the writer: fine; anything else is not
                        if (!e.category().equals(Errors.TIMEOUT)) otherFailures.add(e);
                    }
                    Thread.interrupted();
                }
            });
            committer.start();
            while (committer.isAlive()) {
                committer.interrupt();
                Thread.sleep(0, ThreadLocalRandom.current().nextInt(200_000));
            }
            committer.join();
            assertTrue(otherFailures.isEmpty(), () -> "an interrupt failed a commit: " + otherFailures);
            assertTrue(acknowledged.size() > 0);
            TxReport after = conn.transact(person("after", 2));   // the log still takes writes
            assertEquals(after.t(), conn.db().basisT());
            for (String name : acknowledged) n(name);
            conn.close();
            conn = Connection.open("test", t.dir, io.accrete.engine.ConnectionOptions.defaults());
            for (String name : acknowledged) n(name);
            assertEquals(2, n("after"), "everything acknowledged survives a reopen");
            conn.close();
            conn = null;
        }
    }

    /** Fails a share of appends, and says on which threads. */
    static final class FlakyStore extends MemoryLogStore {
        volatile double failing;
        final Set<String> failedOn = ConcurrentHashMap.newKeySet();

        @Override public void append(List<Entry> entries) {
            if (ThreadLocalRandom.current().nextDouble() < failing) {
                failedOn.add(Thread.currentThread().getName());
                throw Errors.error(Errors.STORAGE, "flaky disk");
            }
            super.append(entries);
        }
    }

    @Test void failedCommitsOnCallersLeaveTheValueEqualToTheLog() throws Exception {
        FlakyStore flaky = new FlakyStore();
        Transactor tx = new Transactor("flaky", io.accrete.engine.db.Db.bootstrap(), flaky, TxFunctions.fromServiceLoader(),
                100_000, 4, reports -> {}, TimeUnit.MINUTES.toNanos(1));
        tx.submitOnCaller((List<?>) Edn.read("[{:db/ident :c/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                + " {:db/ident :c/n :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]")).get(30, TimeUnit.SECONDS);
        flaky.failing = 0.2;
        Set<String> acknowledged = ConcurrentHashMap.newKeySet(), failed = ConcurrentHashMap.newKeySet();
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        String me = Thread.currentThread().getName();
        // Alone, each time with the writer parked: every commit is made on this thread.
        for (int k = 0; k < 200; k++) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!tx.writerParked()) {
                assertTrue(System.nanoTime() < deadline);
                Thread.onSpinWait();
            }
            outcome(tx.submitOnCaller(person("solo" + k, k)), "solo" + k, acknowledged, failed, errors);
        }
        // Then with others: an unawaited transaction from the writer's side before each caller's own.
        onThreads(4, id -> {
            for (int k = 0; k < 200; k++) {
                String a = "a" + id + "-" + k, b = "b" + id + "-" + k;
                CompletableFuture<TxReport> fa = tx.submit(person(a, k));
                CompletableFuture<TxReport> fb = tx.submitAllOnCaller(List.of(person(b, k))).get(0);
                Long ta = outcome(fa, a, acknowledged, failed, errors), tb = outcome(fb, b, acknowledged, failed, errors);
                if (ta != null && tb != null && tb <= ta) errors.add(new AssertionError(b + " committed before " + a));
            }
        });
        flaky.failing = 0;
        assertTrue(errors.isEmpty(), () -> "failures: " + errors);
        assertTrue(flaky.failedOn.contains(me), "some commits failed on the caller's own thread: " + flaky.failedOn);
        io.accrete.engine.db.Db db = tx.db();
        tx.close();
        for (String name : acknowledged) assertNotNull(db.entid(List.of(Keyword.of("c/name"), name)), name + " was acknowledged");
        for (String name : failed) assertNull(db.entid(List.of(Keyword.of("c/name"), name)), name + " failed, so is not there");
        conn = Connection.open("flaky", flaky, new ConnectionOptions(Durability.FSYNC, 100_000, 4));
        assertEquals(db.basisT(), conn.db().basisT(), "the value is the replay of the log");
        for (String name : acknowledged) n(name);
    }

    private static Long outcome(CompletableFuture<TxReport> f, String name, Set<String> acknowledged, Set<String> failed, Queue<Throwable> errors) {
        try {
            long t = f.get(30, TimeUnit.SECONDS).t();
            acknowledged.add(name);
            return t;
        } catch (ExecutionException e) {
            failed.add(name);
        } catch (Exception e) {
            errors.add(e);
        }
        return null;
    }
}
