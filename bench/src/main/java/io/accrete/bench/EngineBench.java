package io.accrete.bench;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Edn;
import io.accrete.engine.storage.Durability;
import io.accrete.engine.tx.TxReport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine workloads of issue #3, in-process and durable (fsync before acknowledgement):
 * the disk's own fdatasync rate, sequential small transactions, 16 concurrent submitters, a bulk
 * import, and reopening a large data folder. Usage: {@code EngineBench [all|fsync|seq|cpu|conc|bulk|reopen] [dir]};
 * {@code -Daccrete.bench.seqSegments=N} sets the number of 2,000-transaction segments of {@code seq}
 * (5), {@code -Daccrete.bench.concTx=N} the transactions {@code conc} times (60,000).
 */
public final class EngineBench {
    private static final String SCHEMA = "[{:db/ident :person/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
            + " {:db/ident :person/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
            + " {:db/ident :person/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
            + " {:db/ident :person/city :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
            + " {:db/ident :person/friend :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}]";

    static final Keyword NAME = Keyword.of("person/name"), EMAIL = Keyword.of("person/email"), AGE = Keyword.of("person/age"),
            CITY = Keyword.of("person/city"), FRIEND = Keyword.of("person/friend"), DB_ID = Keyword.of("db/id");

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        Path base = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("accrete-bench");
        System.out.printf("machine: %d cores, java %s, max heap %d MiB, data under %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, base);
        if (what.equals("all") || what.equals("fsync")) {
            fsyncRate(base, 3_000, true);
            fsyncRate(base, 3_000, false);
        }
        if (what.equals("all") || what.equals("seq")) sequential(base, 20_000, Math.max(1, Integer.getInteger("accrete.bench.seqSegments", 5)), 2_000);
        if (what.equals("all") || what.equals("cpu")) processing(base.resolve("cpu"), 20_000, 50_000);
        if (what.equals("all") || what.equals("conc")) concurrent(base.resolve("conc"), 16, Integer.getInteger("accrete.bench.concTx", 60_000));
        if (what.equals("all") || what.equals("bulk")) {
            // A first import into a scratch folder lets the JIT compile the import path, as the
            // other workloads' warm-up transactions do; only the second is the measurement.
            bulk("warm-up", base.resolve("bulk-warm-up"), 1_000_000, Durability.FSYNC);
            bulk("bulk import", base.resolve("bulk"), 1_000_000, Durability.FSYNC);
        }
        if (what.equals("all") || what.equals("reopen")) reopen(base.resolve("reopen"), 10_000_000);
    }

    /**
     * The disk's physical limit for acknowledged writes: 256-byte writes, each followed by an
     * fdatasync, in a loop; answers the rate. {@code appending} writes at the end of a growing
     * file (the measure: each fdatasync also records the new size); otherwise it
     * overwrites a file zero-filled beforehand, as the write-ahead log does, which can be the
     * cheaper of the two and is then the stricter yardstick.
     */
    static double fsyncRate(Path base, long millis, boolean appending) throws IOException {
        Files.createDirectories(base);
        Path f = base.resolve("fsync-probe");
        try {
            Files.deleteIfExists(f);
            if (appending) Files.createFile(f);
            else DiskProbe.zeroFilled(f);
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                long[] end = {0};
                DiskProbe.Durable write = appending
                        ? (r, p) -> { end[0] += ch.write(r, end[0]); ch.force(false); }
                        : (r, p) -> { ch.write(r, p); ch.force(false); };
                Latencies s = new Latencies();
                double rate = DiskProbe.rate(write, millis, s);
                System.out.printf("fdatasync (%s): %.0f /s (%s)%n", appending ? "appending" : "overwriting", rate, s.summary());
                return rate;
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** One bracket of the sequential measurement: both kinds of fdatasync probe, one second each. */
    record Probe(double appending, double overwriting) {
        static Probe take(Path base) throws IOException {
            return new Probe(fsyncRate(base, 1_000, true), fsyncRate(base, 1_000, false));
        }
    }

    static Connection open(Path dir, Durability d) {
        return Connection.open("bench", dir, ConnectionOptions.defaults().withDurability(d));
    }

    static Map<Keyword, Object> person(Object id, long i, Object friend) {
        Map<Keyword, Object> m = new HashMap<>();
        m.put(DB_ID, id);
        m.put(NAME, "person-" + i);
        m.put(EMAIL, "p" + i + "@example.com");
        m.put(AGE, (long) (i % 90));
        m.put(CITY, "city-" + (i % 50));
        if (friend != null) m.put(FRIEND, friend);
        return m;
    }

    /**
     * {@code warmUp} transactions first, so that the JIT has compiled the path being timed; then
     * {@code segments} runs of {@code perSegment} transactions, each between two one-second
     * fdatasync probes. The disk's rate moves by 2x within minutes on a VM, so each segment is read
     * against the probes on either side of it, not against one measurement taken minutes away.
     */
    static void sequential(Path base, int warmUp, int segments, int perSegment) throws IOException {
        try (Connection c = open(base.resolve("seq"), Durability.FSYNC)) {
            c.transact((List<?>) Edn.read(SCHEMA));
            Long prev = c.transact(List.of(person("p", 0, null))).tempids().get("p");
            for (int i = 1; i <= warmUp; i++) prev = c.transact(List.of(person("w", -i, prev))).tempids().get("w");
            Latencies s = new Latencies();
            Probe probe = Probe.take(base);
            double[] ratios = new double[segments], vsOverwriting = new double[segments];
            double txSeconds = 0;
            for (int seg = 0, i = 0; seg < segments; seg++) {
                CpuShare cpu = new CpuShare();   // the probes run on this thread too: CPU is shown for the last segment alone
                long t0 = System.nanoTime();
                for (int k = 0; k < perSegment; k++, i++) {
                    long s0 = System.nanoTime();
                    TxReport r = c.transact(List.of(person("p", i, prev)));
                    s.add(System.nanoTime() - s0);
                    prev = r.tempids().get("p");
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                txSeconds += secs;
                if (seg == segments - 1) System.out.println("  last segment " + cpu.perOp(perSegment));
                Probe next = Probe.take(base);
                double rate = perSegment / secs;
                ratios[seg] = rate / ((probe.appending() + next.appending()) / 2);
                vsOverwriting[seg] = rate / ((probe.overwriting() + next.overwriting()) / 2);
                System.out.printf("  segment %d: %.0f tx/s = %.0f%% of the appending fdatasync probes around it, %.0f%% of the overwriting ones%n",
                        seg + 1, rate, 100 * ratios[seg], 100 * vsOverwriting[seg]);
                probe = next;
            }
            int n = segments * perSegment;
            Arrays.sort(ratios);
            Arrays.sort(vsOverwriting);
            System.out.printf("sequential small tx: %.0f tx/s (%s), %d tx; segments' median %.0f%% of the appending fdatasync probes, %.0f%% of the overwriting ones%n",
                    n / txSeconds, s.summary(), n, 100 * ratios[segments / 2], 100 * vsOverwriting[segments / 2]);
            System.out.println("  " + phases(c.stats()));
        }
    }

    /**
     * The writer's CPU per small transaction without any I/O: {@code with} chained on its own
     * result, so each transaction sees the previous one, as on the writer.
     */
    static void processing(Path dir, int warmUp, int n) {
        try (Connection c = open(dir, Durability.NO_FSYNC)) {
            c.transact((List<?>) Edn.read(SCHEMA));
            TxReport r = c.transact(List.of(person("p", 0, null)));
            Long prev = r.tempids().get("p");
            var db = r.dbAfter();
            for (int i = 1; i <= warmUp; i++) {
                r = c.with(db, List.of(person("w", -i, prev)));
                db = r.dbAfter();
                prev = r.tempids().get("w");
            }
            Latencies s = new Latencies();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long s0 = System.nanoTime();
                r = c.with(db, List.of(person("p", i, prev)));
                s.add(System.nanoTime() - s0);
                db = r.dbAfter();
                prev = r.tempids().get("p");
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("processing only (with, chained): %.1f µs/tx mean, %.0f tx/s (%s), %d tx%n", secs * 1e6 / n, n / secs, s.summary(), n);
        }
    }

    static void concurrent(Path dir, int threads, int total) throws Exception {
        try (Connection c = open(dir, Durability.FSYNC)) {
            c.transact((List<?>) Edn.read(SCHEMA));
            long friend = c.transact(List.of(person("p", 0, null))).tempids().get("p");
            AtomicLong next = new AtomicLong(1);
            Latencies s = new Latencies();
            AtomicLong submitterCpu = new AtomicLong();
            Runnable worker = () -> {
                long i;
                long cpu0 = CpuShare.currentThreadCpu();
                while ((i = next.getAndIncrement()) <= total) {
                    long s0 = System.nanoTime();
                    c.transact(List.of(person("p", i, friend)));
                    s.add(System.nanoTime() - s0);
                }
                submitterCpu.addAndGet(CpuShare.currentThreadCpu() - cpu0);
            };
            // warm-up round so the JIT has compiled the transaction path
            runThreads(threads, () -> { for (int k = 0; k < 4000; k++) c.transact(List.of(person("w", -1 - next.getAndIncrement() - total, friend))); });
            next.set(1);
            CpuShare cpu = new CpuShare();
            long t0 = System.nanoTime();
            runThreads(threads, worker);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d concurrent submitters: %.0f tx/s (%s), %d tx, mean batch %.1f%n", threads, total / secs, s.summary(), total,
                    (double) c.stats().transactions() / c.stats().batches());
            System.out.printf("  %s (of which submitters %.1f)%n", cpu.perOp(total), submitterCpu.get() / 1e3 / total);
            System.out.println("  " + phases(c.stats()));
        }
    }

    /** Where commit time went over the connection's life (warm-up included), from the transactor's own counters. */
    static String phases(io.accrete.engine.tx.TransactorStats st) {
        return String.format("writer applying %.1f µs/tx; log appends (WAL write + fdatasync) %.1f µs each, %.2f tx per append",
                st.applySeconds() * 1e6 / st.transactions(), st.logAppendSeconds() * 1e6 / st.logAppends(),
                (double) st.transactions() / st.logAppends());
    }

    static void runThreads(int n, Runnable r) throws InterruptedException {
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) { Thread t = new Thread(r); t.start(); ts.add(t); }
        for (Thread t : ts) t.join();
    }

    /** Transactions of 1,000 new entities with 5 attributes each, until {@code datoms} are written. */
    static double bulk(String label, Path dir, long datoms, Durability d) {
        try (Connection c = open(dir, d)) {
            c.transact((List<?>) Edn.read(SCHEMA));
            long written = 0, i = 0;
            Latencies s = new Latencies();
            CpuShare cpu = new CpuShare();
            long t0 = System.nanoTime();
            List<CompletableFuture<TxReport>> inflight = new ArrayList<>();
            while (written < datoms) {
                List<Object> tx = new ArrayList<>(1000);
                for (int k = 0; k < 1000; k++, i++) tx.add(person("p" + k, i, k > 0 ? "p" + (k - 1) : null));
                long s0 = System.nanoTime();
                inflight.add(c.transactAsync(tx));
                if (inflight.size() >= 4) { inflight.remove(0).join(); s.add(System.nanoTime() - s0); }
                written += 5000;
            }
            for (CompletableFuture<TxReport> f : inflight) f.join();
            double secs = (System.nanoTime() - t0) / 1e9;
            double rate = written / secs;
            System.out.printf("%s (%s): %.0f datoms/s, %d datoms in %.1f s (tx of 1,000 entities; %s per tx incl. queueing)%n",
                    label, d, rate, written, secs, s.summary());
            System.out.println("  per 1,000 datoms: " + cpu.perOp(written / 1000));
            return rate;
        }
    }

    static void reopen(Path dir, long datoms) {
        if (!Files.exists(dir.resolve("log.mv.db"))) bulk("building the folder", dir, datoms, Durability.NO_FSYNC);
        System.gc();
        long t0 = System.nanoTime();
        try (Connection c = open(dir, Durability.FSYNC)) {
            double secs = (System.nanoTime() - t0) / 1e9;
            System.gc();
            System.gc();
            long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            System.out.printf("reopen: %.1f s for basis-t %d, heap after reopen and GC %d MiB%n", secs, c.db().basisT(), heap >> 20);
        }
    }
}
