package io.accrete.engine.storage;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.index.Index;
import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Kills a writing child JVM with SIGKILL at random moments, then checks the data folder: every
 * transaction whose acknowledgement was printed is there, whole, at the t it was acknowledged
 * with, and no transaction is partially there.
 */
class CrashTest {
    static final int ROUNDS = 4;

    @Test void acknowledgedTransactionsSurviveSigkillAndNoneIsPartial() throws Exception {
        Path dir = Files.createTempDirectory("accrete-crash");
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        try {
            try (Connection conn = Connection.open("crash", dir, ConnectionOptions.defaults())) {
                conn.transact((List<?>) Edn.read("[{:db/ident :crash/group :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
                        + " {:db/ident :crash/idx :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
                        + " {:db/ident :crash/payload :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]"));
            }
            Map<Long, Long> acked = new HashMap<>();
            long lastBasis = -1;
            for (int round = 0; round < ROUNDS; round++) {
                // kill after a random number of acks, sometimes right at the start
                int killAfter = round == 0 ? 0 : 5 + random.nextInt(150);
                Map<Long, Long> got = runAndKill(dir, round * 100_000_000L, killAfter, random.nextInt(30), seed);
                for (Map.Entry<Long, Long> en : got.entrySet()) assertNull(acked.put(en.getKey(), en.getValue()), "group acked twice");
                long started = System.nanoTime();
                lastBasis = check(dir, acked, lastBasis, seed);
                System.out.printf("crash round %d: %d acks (kill after %d), reopened at t %d in %d ms%n",
                        round, got.size(), killAfter, lastBasis, (System.nanoTime() - started) / 1_000_000);
            }
            assertTrue(acked.size() > 0, "the writer acknowledged nothing in " + ROUNDS + " rounds");
        } finally {
            TempDb.deleteTree(dir);
        }
    }

    /** Runs the child until it has printed {@code killAfter} acks (plus a random pause), then SIGKILLs it. */
    private Map<Long, Long> runAndKill(Path dir, long firstGroup, int killAfter, int pauseMillis, long seed) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), dir.toString(), Long.toString(firstGroup), "4");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        Map<Long, Long> acks = new HashMap<>();
        List<String> fails = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = in.readLine();
            assertNotNull(line, "the child printed nothing (seed " + seed + ")");
            assertTrue(line.startsWith("ready"), line);
            boolean killed = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            if (killAfter == 0) {
                Thread.sleep(pauseMillis);
                kill(p);
                killed = true;
            }
            while ((line = in.readLine()) != null) {
                String[] parts = line.split(" ", 3);
                if (parts[0].equals("ack")) acks.put(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
                else fails.add(line);
                if (!killed && (acks.size() >= killAfter || System.nanoTime() > deadline)) {
                    Thread.sleep(pauseMillis);
                    kill(p);
                    killed = true;
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        }
        assertEquals(137, p.exitValue(), "the child must die of SIGKILL");
        assertEquals(List.of(), fails, "no transaction may fail (seed " + seed + ")");
        return acks;
    }

    /**
     * SIGKILL through the process handle, which (unlike {@code Process.destroyForcibly}) leaves
     * our end of the pipe open, so that every ack the child printed before dying is still read.
     */
    private static void kill(Process p) {
        p.toHandle().destroyForcibly();
    }

    /** Reopens the folder and checks every group; answers the basis t. */
    private long check(Path dir, Map<Long, Long> acked, long lastBasis, long seed) {
        try (Connection conn = Connection.open("crash", dir, ConnectionOptions.defaults())) {
            Db db = conn.db();
            assertTrue(db.basisT() >= lastBasis, "the database went back in time");
            int group = db.attributeStrict(Keyword.of("crash/group")).id();
            int idx = db.attributeStrict(Keyword.of("crash/idx")).id();
            int payload = db.attributeStrict(Keyword.of("crash/payload")).id();
            // group -> entities' idx values, and group -> the t of the transaction entity carrying it
            Map<Long, List<Long>> members = new TreeMap<>();
            Map<Long, Long> txOfGroup = new HashMap<>();
            Map<Long, Long> tOfEntity = new HashMap<>();
            for (Datom d : db.datoms(Index.AEVT, Db.ANY_E, group, null)) {
                long g = (Long) d.v();
                if (EntityIds.isTx(d.e())) {
                    assertNull(txOfGroup.put(g, EntityIds.txToT(d.e())), "two transactions for group " + g);
                    assertEquals(EntityIds.txToT(d.e()), d.t());
                    continue;
                }
                tOfEntity.put(d.e(), d.t());
                Long i = null;
                for (Datom x : db.datoms(Index.EAVT, d.e(), idx, null)) i = (Long) x.v();
                assertNotNull(i, "entity without its idx: partial transaction");
                int pl = 0;
                for (Datom x : db.datoms(Index.EAVT, d.e(), payload, null)) {
                    pl++;
                    assertTrue(((String) x.v()).startsWith("payload of " + g + "/" + i + " "), (String) x.v());
                    assertEquals(d.t(), x.t());
                }
                assertEquals(1, pl, "entity without its payload: partial transaction");
                members.computeIfAbsent(g, k -> new ArrayList<>()).add(i);
            }
            Set<Long> expectIdx = new HashSet<>();
            for (long i = 0; i < CrashWriter.GROUP; i++) expectIdx.add(i);
            for (Map.Entry<Long, List<Long>> en : members.entrySet()) {
                long g = en.getKey();
                assertEquals(CrashWriter.GROUP, en.getValue().size(), "group " + g + " is partial (seed " + seed + ")");
                assertEquals(expectIdx, new HashSet<>(en.getValue()));
                assertTrue(txOfGroup.containsKey(g), "group " + g + " without its transaction annotation");
            }
            assertEquals(members.keySet(), txOfGroup.keySet(), "annotations without their entities: partial transaction");
            for (Map.Entry<Long, Long> en : acked.entrySet()) {
                assertTrue(members.containsKey(en.getKey()), "acknowledged group " + en.getKey() + " at t " + en.getValue()
                        + " is missing after SIGKILL (seed " + seed + ")");
                assertEquals(en.getValue(), txOfGroup.get(en.getKey()), "group " + en.getKey() + " is at another t than acknowledged");
            }
            // the log and the indexes agree
            assertEquals(members.size(), conn.txRange(null, null, Integer.MAX_VALUE).size() - 1);
            return db.basisT();
        }
    }
}
