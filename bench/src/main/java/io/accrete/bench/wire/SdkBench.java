package io.accrete.bench.wire;

import io.accrete.bench.Latencies;
import io.accrete.client.AccreteClient;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Edn;
import io.accrete.engine.query.Query;
import io.accrete.engine.storage.Durability;
import io.accrete.server.AccreteServer;
import io.accrete.server.config.ServerConfig;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static io.accrete.client.Edn.kw;
import static io.accrete.client.Edn.sym;
import static io.accrete.client.Edn.vec;

/**
 * Issue #6's benchmarks: the Java SDK over loopback HTTP against a durable (fsync) server, each
 * workload beside the same workload on the engine in-process ({@link io.accrete.engine.Connection},
 * fsync too) in the same run, to show what the wire costs.
 * <ul>
 *   <li>{@code seq}: sequential {@code transact} of a small transaction (1 new entity, 5 attributes
 *       incl. a ref), latency p50/p99 and tx/s;</li>
 *   <li>{@code conc}: 16 threads, each with one {@code transactAsync} in flight, tx/s and latency;</li>
 *   <li>{@code lookup}: {@code q} by unique attribute ({@code [:find ?e . :in $ ?n :where [?e :person/name ?n]]})
 *       from one thread, latency p50/p99 — the SDK sends the query as data (transit) and, in a second
 *       row, as an EDN string (the body then goes as {@code application/edn}).</li>
 * </ul>
 * Given both sides ({@code --sides engine,sdk}) they alternate workload by workload in this JVM; but
 * sharing a JVM with the engine cost the SDK side a third of its 16-thread rate, so
 * {@code bench/run-wire.sh sdk} runs each side in its own JVM, one after the other.
 *
 * <pre>
 * java -cp "$(cat bench/target/classpath.txt)" io.accrete.bench.wire.SdkBench [--url http://127.0.0.1:P]
 *      [--seq 10000] [--conc 50000] [--threads 16] [--lookups 20000] [--seed 10000] [--sides engine,sdk]
 *      [--workloads seq,conc,lookup] [--server-pid PID] [--max-transact-requests 4]
 * </pre>
 * Without {@code --url} the server runs in this JVM ({@link AccreteServer#start}, data in a temp folder,
 * fsync on); with it, the SDK talks to that server (e.g. one started by {@code scripts/accrete serve})
 * in a fresh database of its own.
 */
public final class SdkBench {
    static final String SCHEMA = "[{:db/ident :person/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
            + " {:db/ident :person/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
            + " {:db/ident :person/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
            + " {:db/ident :person/city :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
            + " {:db/ident :person/friend :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}]";
    static final String LOOKUP = "[:find ?e . :in $ ?n :where [?e :person/name ?n]]";

    /** One way of running the workloads: the engine in-process, or the SDK over HTTP. */
    interface Side extends AutoCloseable {
        String name();
        void schema();
        /** Transacts persons {@code from..to-1} named {@code person-i} in one transaction; answers their ids. */
        long[] seed(int from, int to, Long friend);
        /** One small transaction: 1 new entity, 5 attributes incl. a ref; answers the new id. */
        long transact(String name, long i, long friend);
        CompletableFuture<?> transactAsync(String name, long i, long friend);
        Object lookup(String name);
        default Object lookupEdnString(String name) { return lookup(name); }
        @Override void close();
    }

    static final class EngineSide implements Side {
        private static final io.accrete.engine.data.Keyword DB_ID = io.accrete.engine.data.Keyword.of("db/id"),
                NAME = io.accrete.engine.data.Keyword.of("person/name"), EMAIL = io.accrete.engine.data.Keyword.of("person/email"),
                AGE = io.accrete.engine.data.Keyword.of("person/age"), CITY = io.accrete.engine.data.Keyword.of("person/city"),
                FRIEND = io.accrete.engine.data.Keyword.of("person/friend");
        private final io.accrete.engine.Connection conn;
        private final Object query = Edn.read(LOOKUP);    // read once: Query.q caches the plan by form
        private io.accrete.engine.db.Db db;

        EngineSide(Path dir) {
            conn = io.accrete.engine.Connection.open("bench", dir, ConnectionOptions.defaults().withDurability(Durability.FSYNC));
        }

        @Override public String name() { return "engine in-process"; }
        @Override public void schema() { conn.transact((List<?>) Edn.read(SCHEMA)); }

        static Map<io.accrete.engine.data.Keyword, Object> person(Object id, String name, long i, Object friend) {
            Map<io.accrete.engine.data.Keyword, Object> m = new HashMap<>();
            m.put(DB_ID, id);
            m.put(NAME, name);
            m.put(EMAIL, name + "@example.com");
            m.put(AGE, i % 90);
            m.put(CITY, "city-" + (i % 50));
            if (friend != null) m.put(FRIEND, friend);
            return m;
        }

        @Override public long[] seed(int from, int to, Long friend) {
            List<Object> tx = new ArrayList<>();
            for (int i = from; i < to; i++) tx.add(person("p" + i, "person-" + i, i, friend));
            Map<Object, Long> ids = conn.transact(tx).tempids();
            long[] out = new long[to - from];
            for (int i = from; i < to; i++) out[i - from] = ids.get("p" + i);
            db = conn.db();
            return out;
        }

        @Override public long transact(String name, long i, long friend) {
            return conn.transact(List.of(person("p", name, i, friend))).tempids().get("p");
        }

        @Override public CompletableFuture<?> transactAsync(String name, long i, long friend) {
            return conn.transactAsync(List.of(person("p", name, i, friend)));
        }

        @Override public Object lookup(String name) { return Query.q(query, db, name); }
        @Override public void close() { conn.close(); }
    }

    static final class SdkSide implements Side {
        private static final io.accrete.client.Keyword DB_ID = kw(":db/id"), NAME = kw(":person/name"), EMAIL = kw(":person/email"),
                AGE = kw(":person/age"), CITY = kw(":person/city"), FRIEND = kw(":person/friend");
        private final AccreteServer embedded;
        private final AccreteClient client;
        private final io.accrete.client.Connection conn;
        private final Object query = vec(kw(":find"), sym("?e"), sym("."), kw(":in"), sym("$"), sym("?n"),
                kw(":where"), vec(sym("?e"), kw(":person/name"), sym("?n")));
        private io.accrete.client.Db db;
        final String where;

        SdkSide(String url, Path dir, int maxTransactRequests) {
            if (url == null) {
                embedded = AccreteServer.start(ServerConfig.defaults(dir).withPort(0).withDurability(Durability.FSYNC));
                url = "http://127.0.0.1:" + embedded.port();
                where = "server in this JVM (AccreteServer.start), " + url;
            } else {
                embedded = null;
                where = "server at " + url;
            }
            client = AccreteClient.builder().uri(URI.create(url)).maxTransactRequests(maxTransactRequests).build();
            String dbName = "wirebench-" + Long.toString(System.currentTimeMillis(), 36);
            client.createDatabase(dbName);
            conn = client.connection(dbName);
        }

        @Override public String name() { return "SDK over HTTP"; }
        @Override public void schema() { conn.transact(SCHEMA); }

        static Map<Object, Object> person(Object id, String name, long i, Object friend) {
            Map<Object, Object> m = new LinkedHashMap<>();
            m.put(DB_ID, id);
            m.put(NAME, name);
            m.put(EMAIL, name + "@example.com");
            m.put(AGE, i % 90);
            m.put(CITY, "city-" + (i % 50));
            if (friend != null) m.put(FRIEND, friend);
            return m;
        }

        @Override public long[] seed(int from, int to, Long friend) {
            List<Object> tx = new ArrayList<>();
            for (int i = from; i < to; i++) tx.add(person("p" + i, "person-" + i, i, friend));
            io.accrete.client.TxReport r = conn.transact(tx);
            long[] out = new long[to - from];
            for (int i = from; i < to; i++) out[i - from] = r.tempid("p" + i);
            db = conn.db();
            return out;
        }

        @Override public long transact(String name, long i, long friend) {
            return conn.transact(vec(person("p", name, i, friend))).tempid("p");
        }

        @Override public CompletableFuture<?> transactAsync(String name, long i, long friend) {
            return conn.transactAsync(vec(person("p", name, i, friend)));
        }

        @Override public Object lookup(String name) { return conn.q(query, db, name); }
        @Override public Object lookupEdnString(String name) { return conn.q(LOOKUP, db, name); }

        @Override public void close() {
            client.close();
            if (embedded != null) embedded.close();
        }
    }

    /**
     * One measured workload on one side; {@code cpuUs} is this JVM's CPU time (user+system) per
     * operation, {@code serverCpuUs} the server process's (when its pid is known, else NaN):
     * steadier than rates on a shared machine, and it says where the time goes.
     */
    record Result(String side, String workload, int ops, double secs, Latencies lat, double cpuUs, double serverCpuUs) {
        double rate() { return ops / secs; }
        @Override public String toString() {
            return String.format("%-18s %-24s %,8.0f ops/s  %s  (%,d ops in %.2f s; CPU/op: this JVM %.0f µs%s)", side, workload, rate(),
                    lat.summary(), ops, secs, cpuUs, Double.isNaN(serverCpuUs) ? "" : String.format(", server %.0f µs", serverCpuUs));
        }
    }

    /** CPU time of this process and (if known) of the server process, in nanoseconds. */
    record Cpu(long self, long server) {
        static long serverPid = -1;
        static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        static final long HZ = 100;   // USER_HZ: /proc/<pid>/stat counts clock ticks of 1/100 s on Linux

        static Cpu now() { return new Cpu(OS.getProcessCpuTime(), serverTicks()); }

        static long serverTicks() {
            if (serverPid < 0) return -1;
            try {
                String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * (1_000_000_000L / HZ);   // utime, stime
            } catch (Exception e) {
                return -1;
            }
        }

        /**
         * Waits (at most 20 s) until this JVM and the server each use under 5% of a core over a
         * quarter of a second. The engine side keeps working after its workload returns: its log
         * copier fills H2 from the write-ahead log, and its GC and JIT catch up. Run right after,
         * the SDK side measured 3,400 tx/s from 16 threads where it measured 5,000–5,700 alone.
         */
        static void settle() throws InterruptedException {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline) {
                Cpu a = now();
                long t0 = System.nanoTime();
                Thread.sleep(250);
                Cpu b = now();
                double wall = System.nanoTime() - t0;
                boolean selfQuiet = (b.self - a.self) / wall < 0.05;
                boolean serverQuiet = a.server < 0 || (b.server - a.server) / wall < 0.05;
                if (selfQuiet && serverQuiet) return;
            }
        }

        Result result(String side, String workload, int ops, double secs, Latencies lat, boolean serverSide) {
            Cpu end = now();
            double srv = serverSide && server >= 0 && end.server >= 0 ? (end.server - server) / 1000.0 / ops : Double.NaN;
            return new Result(side, workload, ops, secs, lat, (end.self - self) / 1000.0 / ops, srv);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        int seqN = Integer.parseInt(opt.getOrDefault("seq", "10000"));
        int concN = Integer.parseInt(opt.getOrDefault("conc", "50000"));
        int threads = Integer.parseInt(opt.getOrDefault("threads", "16"));
        int lookups = Integer.parseInt(opt.getOrDefault("lookups", "20000"));
        int seedN = Integer.parseInt(opt.getOrDefault("seed", "10000"));
        List<String> sides = List.of(opt.getOrDefault("sides", "engine,sdk").split(","));
        List<String> workloads = List.of(opt.getOrDefault("workloads", "seq,conc,lookup").split(","));
        if (opt.containsKey("server-pid")) Cpu.serverPid = Long.parseLong(opt.get("server-pid"));
        Path base = opt.containsKey("data") ? Path.of(opt.get("data")) : Files.createTempDirectory("accrete-wirebench");

        System.out.printf("SdkBench: %d cores, java %s, max heap %d MiB, data under %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, base);
        List<Side> all = new ArrayList<>();
        if (sides.contains("engine")) all.add(new EngineSide(Files.createDirectories(base.resolve("engine"))));
        if (sides.contains("sdk")) {
            SdkSide s = new SdkSide(opt.get("url"), Files.createDirectories(base.resolve("server")),
                    Integer.parseInt(opt.getOrDefault("max-transact-requests", "4")));
            System.out.println("SDK side: " + s.where);
            all.add(s);
        }
        List<Result> results = new ArrayList<>();
        try {
            Map<Side, Long> friends = new HashMap<>();
            for (Side s : all) {
                s.schema();
                long friend = s.seed(0, 1, null)[0];
                for (int from = 1; from < seedN; from += 1000) s.seed(from, Math.min(seedN, from + 1000), friend);
                friends.put(s, friend);
            }
            String run = Long.toString(System.nanoTime(), 36);
            // Every phase starts on a quiet machine (Cpu.settle): what one side leaves running must not
            // be charged to the other.
            if (workloads.contains("seq")) {
                for (Side s : all) {   // warm-up
                    Cpu.settle();
                    for (int i = 0; i < Math.max(20_000, seqN); i++) s.transact("w-" + run + "-" + i, i, friends.get(s));
                }
                for (Side s : all) { Cpu.settle(); results.add(report(sequential(s, seqN, friends.get(s), run))); }
            }
            if (workloads.contains("conc")) {
                // Warm-up: batched, 20,000 transactions were only ~4,000 requests, and the client's C2
                // compiler was still using ~40% of a core in the timed phase.
                for (Side s : all) { Cpu.settle(); concurrent(s, threads, Math.max(100_000, concN), friends.get(s), "cw-" + run); }
                for (Side s : all) { Cpu.settle(); results.add(report(concurrent(s, threads, concN, friends.get(s), "c-" + run))); }
            }
            if (workloads.contains("lookup")) {
                for (Side s : all) { Cpu.settle(); lookups(s, Math.max(20_000, lookups), seedN, false); lookups(s, 5000, seedN, true); }   // warm-up
                for (Side s : all) { Cpu.settle(); results.add(report(lookups(s, lookups, seedN, false))); }
                if (all.stream().anyMatch(s -> s instanceof SdkSide)) {
                    for (Side s : all) if (s instanceof SdkSide) { Cpu.settle(); results.add(report(lookups(s, lookups, seedN, true))); }
                }
            }
        } finally {
            for (Side s : all) s.close();
        }
        table(results);
    }

    static Result report(Result r) {
        System.out.println(r);
        return r;
    }

    static Result sequential(Side s, int n, long friend, String run) {
        Latencies lat = new Latencies();
        Cpu cpu = Cpu.now();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long s0 = System.nanoTime();
            s.transact("s-" + run + "-" + i, i, friend);
            lat.add(System.nanoTime() - s0);
        }
        return cpu.result(s.name(), "transact sequential", n, (System.nanoTime() - t0) / 1e9, lat, s instanceof SdkSide);
    }

    static Result concurrent(Side s, int threads, int total, long friend, String prefix) throws InterruptedException {
        Latencies lat = new Latencies();
        AtomicLong next = new AtomicLong();
        List<Thread> ts = new ArrayList<>();
        Cpu cpu = Cpu.now();
        long t0 = System.nanoTime();
        for (int k = 0; k < threads; k++) {
            Thread t = new Thread(() -> {
                long i;
                while ((i = next.getAndIncrement()) < total) {
                    long s0 = System.nanoTime();
                    s.transactAsync(prefix + "-" + i, i, friend).join();
                    lat.add(System.nanoTime() - s0);
                }
            }, "bench-" + k);
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) t.join();
        return cpu.result(s.name(), "transactAsync " + threads + " threads", total, (System.nanoTime() - t0) / 1e9, lat, s instanceof SdkSide);
    }

    static Result lookups(Side s, int n, int seedN, boolean ednString) {
        Random rnd = new Random(42);
        Latencies lat = new Latencies();
        Cpu cpu = Cpu.now();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String name = "person-" + rnd.nextInt(seedN);
            long s0 = System.nanoTime();
            Object r = ednString ? s.lookupEdnString(name) : s.lookup(name);
            lat.add(System.nanoTime() - s0);
            if (r == null) throw new IllegalStateException("lookup of " + name + " found nothing on " + s.name());
        }
        return cpu.result(s.name(), ednString ? "q lookup (EDN string)" : "q unique lookup", n, (System.nanoTime() - t0) / 1e9, lat,
                s instanceof SdkSide);
    }

    /** Markdown: one row per workload, the engine beside the SDK, and the ratio. */
    static void table(List<Result> results) {
        System.out.println();
        System.out.println("| workload | engine in-process | SDK over HTTP | SDK / engine | CPU per op: engine; SDK client + server |");
        System.out.println("| --- | --- | --- | --- | --- |");
        Map<String, Result[]> rows = new LinkedHashMap<>();
        for (Result r : results) {
            Result[] pair = rows.computeIfAbsent(r.workload(), k -> new Result[2]);
            pair[r.side().startsWith("engine") ? 0 : 1] = r;
        }
        for (Map.Entry<String, Result[]> e : rows.entrySet()) {
            Result eng = e.getValue()[0], sdk = e.getValue()[1];
            String ratio = eng == null || sdk == null ? "" : String.format("%.2f× rate, p50 %.1f×, p99 %.1f×", sdk.rate() / eng.rate(),
                    sdk.lat().micros(50) / eng.lat().micros(50), sdk.lat().micros(99) / eng.lat().micros(99));
            String cpu = (eng == null ? "—" : String.format("%.0f µs", eng.cpuUs())) + "; "
                    + (sdk == null ? "—" : String.format("%.0f + %s µs", sdk.cpuUs(), Double.isNaN(sdk.serverCpuUs()) ? "?" : String.format("%.0f", sdk.serverCpuUs())));
            System.out.printf("| %s | %s | %s | %s | %s |%n", e.getKey(), cell(eng), cell(sdk), ratio, cpu);
        }
    }

    static String cell(Result r) {
        return r == null ? "—" : String.format("%,.0f /s (%s)", r.rate(), r.lat().summary());
    }
}
