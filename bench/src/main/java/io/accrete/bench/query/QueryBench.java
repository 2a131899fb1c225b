package io.accrete.bench.query;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The query benchmarks of issue #4: the same six reads on Accrete and on the real Datomic peer,
 * in one JVM, on the same 201,000 people, printing a markdown table of p50/p99 latencies and the
 * Datomic ÷ Accrete ratio of the medians.
 *
 * <p>Each query is timed call by call ({@link System#nanoTime()} around one call of an already
 * parsed query). Both systems first run the warm-up iterations, then the measured iterations are
 * split into rounds that alternate between the two systems, so that a burst of noise on a shared
 * machine hits both columns alike. Lookups use a different random person on every iteration (the
 * same sequence for both systems). Every answer is checked against the answer computed from the
 * generated data; a wrong answer is counted and reported, it never stops the run.
 *
 * <p>Usage: {@code QueryBench [--persons N] [--scale F] [--rounds R] [--seed S] [--systems accrete,datomic]
 * [--queries 1,2,3,4,5,6]}; {@code --scale} multiplies every iteration count (0.1 for a quick try);
 * {@code --systems} and {@code --queries} run a subset (for profiling one query of one system).
 */
public final class QueryBench {
    static final String Q1 = "[:find ?e :in $ ?name :where [?e :person/name ?name]]";
    static final String Q2 = "[:find ?n2 :in $ ?n :where [?p :person/name ?n] [?p :person/friend ?f] [?f :person/name ?n2]]";
    static final String Q3 = "[:find ?c (count ?p) :where [?p :person/city ?c]]";
    static final String Q4 = "[:find (count ?p) . :where [?p :person/age ?a] [(< 30 ?a)] [(< ?a 40)]]";
    static final String PULL = "[*]";

    /** One timed call: {@code pick} is the person index chosen for this iteration. */
    interface Op { Object run(Side s, int pick); }

    /** Null when {@code result} is right for person {@code pick}, else what is wrong. */
    interface Check { String check(Side s, int pick, Object result); }

    record Bench(String label, String aim, String answer, int warmup, int measured, int pickBound, Op op, Check check) {}

    static final class Column {
        final Latency latency = new Latency();
        int wrong;
        String firstWrong, error;
    }

    public static void main(String[] args) throws Exception {
        int persons = 201_000, rounds = 4;
        double scale = 1.0;
        long seed = 42;
        String systems = "accrete,datomic", queries = "1,2,3,4,5,6";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--persons" -> persons = Integer.parseInt(args[++i]);
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--systems" -> systems = args[++i].toLowerCase(java.util.Locale.ROOT);
                case "--queries" -> queries = args[++i];
                default -> throw new IllegalArgumentException(
                        "usage: QueryBench [--persons N] [--scale F] [--rounds R] [--seed S] [--systems accrete,datomic] [--queries 1,2,3,4,5,6]");
            }
        }
        Dataset d = new Dataset(persons, seed);
        System.out.printf("# query benchmark (issue #4), %s%n", LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        System.out.printf("machine: %d cores, java %s (%s), max heap %d MiB; %,d persons, seed %d, iteration scale %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().maxMemory() >> 20, persons, seed, scale);

        List<Side> sides = new ArrayList<>();
        if (systems.contains("accrete")) sides.add(new AccreteSide());
        if (systems.contains("datomic")) sides.add(new DatomicSide());
        List<Side> loaded = new ArrayList<>();
        for (Side s : sides) {
            try {
                double secs = s.load(d);
                System.gc();
                long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                System.out.printf("%s: loaded %,d persons in %.1f s (heap in use after GC: %d MiB)%n", s.name(), persons, secs, heap >> 20);
                loaded.add(s);
            } catch (Throwable t) {
                System.out.printf("%s: LOAD FAILED: %s%n", s.name(), t);
                t.printStackTrace(System.out);
            }
        }

        Map<String, Long> cities = d.cityCounts();
        long ages = d.ageBetween30And40();
        int micro = (int) Math.max(100, 20_000 * scale);
        List<Bench> all = List.of(
                new Bench("1. `" + Q1 + "`", "≤ 20 µs", "1 entity", micro, micro, d.n,
                        (s, i) -> s.lookup(Dataset.name(i)), QueryBench::checkLookup),
                new Bench("2. `" + Q2 + "`", "≤ 40 µs", "1 name", micro, micro, d.n,
                        (s, i) -> s.oneHop(Dataset.name(i)), (s, i, r) -> expect(firstColumn(r), d.friendNames(i))),
                new Bench("3. `" + Q3 + "`", "≤ 60 ms", cities.size() + " rows", (int) Math.max(3, 5 * scale), (int) Math.max(5, 20 * scale), d.n,
                        (s, i) -> s.cityCounts(), (s, i, r) -> expect(countsByKey(r), cities)),
                new Bench("4. `" + Q4 + "`", "≤ 30 ms", "count " + ages, (int) Math.max(3, 10 * scale), (int) Math.max(5, 40 * scale), d.n,
                        (s, i) -> s.ageCount(), (s, i, r) -> expect(r instanceof Number num ? num.longValue() : r, ages)),
                new Bench("5. `(pull db '[*] eid)`", "≤ 5 µs", "6 keys", micro, micro, d.n,
                        (s, i) -> s.pullAll(i), (s, i, r) -> expect(s.normalizePull(r), d.pulled(i))),
                new Bench("6. query 1 on `(as-of db t)`, t = tx of person " + (d.asOfBoundary() - 1), "≤ 25 µs", "1 entity", micro, micro,
                        d.asOfBoundary(), (s, i) -> s.lookupAsOf(Dataset.name(i)), QueryBench::checkLookup));

        List<Bench> benches = new ArrayList<>();
        for (String q : queries.split(",")) benches.add(all.get(Integer.parseInt(q.trim()) - 1));

        Random r = new Random(seed + 1);
        List<Map<Side, Column>> results = new ArrayList<>();
        for (Bench b : benches) {
            int[] picks = distinctPicks(r, b.pickBound(), b.warmup() + b.measured());
            Map<Side, Column> cols = new HashMap<>();
            for (Side s : loaded) cols.put(s, new Column());
            for (Side s : loaded) run(b, s, picks, 0, b.warmup(), cols.get(s), false);
            int per = (b.measured() + rounds - 1) / rounds;
            for (int round = 0; round < rounds; round++) {
                int from = b.warmup() + round * per, to = Math.min(b.warmup() + b.measured(), from + per);
                for (int k = 0; k < loaded.size(); k++) {
                    Side s = loaded.get((k + round) % loaded.size());
                    System.gc();
                    run(b, s, picks, from, to, cols.get(s), true);
                }
            }
            results.add(cols);
            System.out.printf("done: %s%n", b.label());
        }

        // Answers the timed loops do not cover: names outside the as-of db and names nobody has.
        for (Side s : loaded) {
            for (int i = d.asOfBoundary(); i < Math.min(d.n, d.asOfBoundary() + 100); i++) {
                String name = Dataset.name(i);
                String why = expect(sizeOf(safe(() -> s.lookupAsOf(name))), 0);
                if (why != null) { System.out.printf("WRONG %s: as-of lookup of %s (added after t): %s%n", s.name(), Dataset.name(i), why); break; }
            }
            String why = expect(sizeOf(safe(() -> s.lookup("nobody"))), 0);
            if (why != null) System.out.printf("WRONG %s: lookup of an unknown name: %s%n", s.name(), why);
        }

        printTable(benches, results, loaded);
        for (Side s : sides) {
            try { s.close(); } catch (Throwable ignored) { /* best effort */ }
        }
        System.out.flush();
        // The Datomic peer keeps non-daemon threads alive.
        System.exit(0);
    }

    static void run(Bench b, Side s, int[] picks, int from, int to, Column col, boolean measure) {
        if (col.error != null) return;
        for (int k = from; k < to; k++) {
            int pick = picks[k];
            Object result;
            long t0 = System.nanoTime();
            try {
                result = b.op().run(s, pick);
            } catch (Throwable t) {
                col.error = t.toString();
                System.out.printf("ERROR %s, %s: %s%n", s.name(), b.label(), t);
                t.printStackTrace(System.out);
                return;
            }
            long t1 = System.nanoTime();
            if (measure) col.latency.add(t1 - t0);
            String why = b.check().check(s, pick, result);
            if (why != null) {
                if (col.wrong++ == 0) {
                    col.firstWrong = "person " + pick + ": " + why;
                    System.out.printf("WRONG %s, %s, person %d: %s%n", s.name(), b.label(), pick, why);
                }
            }
        }
    }

    static void printTable(List<Bench> benches, List<Map<Side, Column>> results, List<Side> sides) {
        StringBuilder h = new StringBuilder("| query | answer |");
        StringBuilder sep = new StringBuilder("|---|---|");
        for (Side s : sides) { h.append(' ').append(s.name()).append(" p50 | ").append(s.name()).append(" p99 |"); sep.append("---|---|"); }
        boolean both = sides.size() == 2;
        if (both) { h.append(" ").append(sides.get(1).name()).append(" ÷ ").append(sides.get(0).name()).append(" (p50) |"); sep.append("---|"); }
        h.append(" Accrete aim p50 | answers checked |");
        sep.append("---|---|");
        System.out.println();
        System.out.println(h);
        System.out.println(sep);
        for (int i = 0; i < benches.size(); i++) {
            Bench b = benches.get(i);
            StringBuilder row = new StringBuilder("| ").append(b.label()).append(" | ").append(b.answer()).append(" |");
            StringBuilder checked = new StringBuilder();
            for (Side s : sides) {
                Column c = results.get(i).get(s);
                if (c.error != null) row.append(" error | – |");
                else row.append(' ').append(Latency.format(c.latency.percentile(50))).append(" | ")
                        .append(Latency.format(c.latency.percentile(99))).append(" |");
                if (checked.length() > 0) checked.append("; ");
                checked.append(s.name()).append(c.error != null ? " error" : c.wrong == 0 ? " ok" : " " + c.wrong + " wrong");
            }
            if (both) {
                double a = results.get(i).get(sides.get(0)).latency.percentile(50), dd = results.get(i).get(sides.get(1)).latency.percentile(50);
                row.append(Double.isNaN(a) || Double.isNaN(dd) ? " – |" : String.format(" %.1f× |", dd / a));
            }
            row.append(' ').append(b.aim()).append(" | ").append(checked).append(" (").append(b.warmup()).append(" warm-up + ")
                    .append(b.measured()).append(" timed) |");
            System.out.println(row);
        }
        for (int i = 0; i < benches.size(); i++) {
            for (Side s : sides) {
                Column c = results.get(i).get(s);
                if (c.error != null) System.out.printf("%n%s, %s: error %s", s.name(), benches.get(i).label(), c.error);
                if (c.wrong > 0) System.out.printf("%n%s, %s: %d wrong answers, first: %s", s.name(), benches.get(i).label(), c.wrong, c.firstWrong);
            }
        }
        System.out.println();
    }

    /** {@code count} different persons below {@code bound} in random order (repeating only if count > bound). */
    static int[] distinctPicks(Random r, int bound, int count) {
        int[] perm = new int[bound];
        for (int i = 0; i < bound; i++) perm[i] = i;
        for (int i = bound - 1; i > 0; i--) { int j = r.nextInt(i + 1), t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) out[i] = perm[i % bound];
        return out;
    }

    static String checkLookup(Side s, int i, Object r) {
        if (!(r instanceof Collection<?> c)) return "not a collection: " + describe(r);
        if (c.size() != 1) return c.size() + " rows, expected 1: " + describe(r);
        Object e = ((List<?>) c.iterator().next()).get(0);
        return e instanceof Number n && n.longValue() == s.eid(i) ? null : "entity " + e + ", expected " + s.eid(i);
    }

    static Object firstColumn(Object r) {
        if (!(r instanceof Collection<?> c)) return r;
        Set<Object> out = new HashSet<>();
        for (Object t : c) out.add(((List<?>) t).get(0));
        return out;
    }

    static Object countsByKey(Object r) {
        if (!(r instanceof Collection<?> c)) return r;
        Map<Object, Object> out = new HashMap<>();
        for (Object t : c) {
            List<?> l = (List<?>) t;
            out.put(l.get(0), l.get(1) instanceof Number n ? (Object) n.longValue() : l.get(1));
        }
        return c.size() == out.size() ? out : "duplicate keys in " + describe(r);
    }

    static Object sizeOf(Object r) { return r instanceof Collection<?> c ? (Object) c.size() : r; }

    static String expect(Object actual, Object expected) {
        return expected.equals(actual) ? null : "got " + describe(actual) + ", expected " + describe(expected);
    }

    static String describe(Object o) {
        String s = String.valueOf(o);
        return (o == null ? "nil" : s.length() > 300 ? s.substring(0, 300) + "…" : s) + (o == null ? "" : " (" + o.getClass().getSimpleName() + ")");
    }

    interface Call { Object call() throws Exception; }

    static Object safe(Call c) {
        try { return c.call(); } catch (Throwable t) { return t.toString(); }
    }
}
