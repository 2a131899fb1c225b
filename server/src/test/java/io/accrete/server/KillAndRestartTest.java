package io.accrete.server;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The server as users run it ({@code Main serve}, its own JVM, the default durable mode): three
 * databases under concurrent single and batched transactions, some of them installing attributes,
 * with event streams and speculative {@code /with} requests beside them, stopped mid-stream by
 * SIGKILL or SIGTERM and restarted on the same folder, round after round. Every transaction the
 * server acknowledged must be there after every restart, and no transaction may be there in part.
 */
class KillAndRestartTest {
    private static final int ROUNDS = 6;
    private static final List<String> DBS = List.of("k1", "k2", "k3");
    private static final String SCHEMA = "{:tx-data [{:db/ident :k/id :db/valueType :db.type/long :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
            + " {:db/ident :k/half :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Set<Long>> acked = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    @Test void everyAcknowledgedTransactionSurvivesKillsAndRestarts(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        for (String db : DBS) acked.put(db, ConcurrentHashMap.newKeySet());
        for (int round = 0; round <= ROUNDS; round++) {
            boolean last = round == ROUNDS;
            boolean sigkill = round % 2 == 0;
            int port = freePort();
            Path log = tmp.resolve("server-" + round + ".log");
            Process p = start(data, port, log);
            try {
                String base = "http://127.0.0.1:" + port;
                awaitHealth(base, p, log);
                if (round == 0) {
                    for (String db : DBS) {
                        send(base, "PUT", "/databases/" + db, "");
                        expectOk(base, "/databases/" + db + "/transact", SCHEMA);
                    }
                }
                for (String db : DBS) checkEverythingAcknowledgedIsThere(base, db, round, log);
                if (last) break;
                runLoadThenStop(base, p, sigkill, 600 + ThreadLocalRandom.current().nextInt(1500));
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server did not stop (round " + round + ")");
                if (!sigkill) assertEquals(143, p.exitValue(), "SIGTERM ends the JVM after the graceful shutdown: " + tail(log));
            } finally {
                p.destroyForcibly();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
        long total = acked.values().stream().mapToLong(Set::size).sum();
        assertTrue(total > 50, "too few transactions were acknowledged to test anything: " + total);
    }

    /** Writers on every database, a reader of events and a /with caller, then the signal while they run. */
    private void runLoadThenStop(String base, Process p, boolean sigkill, int millis) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (String db : DBS) {
            threads.add(new Thread(() -> writeUntilStopped(base, db, stop, false)));
            threads.add(new Thread(() -> writeUntilStopped(base, db, stop, true)));
        }
        threads.add(new Thread(() -> readEventsUntilStopped(base, DBS.get(0), stop)));
        threads.add(new Thread(() -> speculateUntilStopped(base, DBS.get(1), stop)));
        for (Thread t : threads) t.start();
        Thread.sleep(millis);
        if (sigkill) p.destroyForcibly();
        else p.destroy();
        // Writers go on until the server stops answering: a SIGTERM drain may still acknowledge.
        for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(90));
        stop.set(true);
        for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void writeUntilStopped(String base, String db, AtomicBoolean stop, boolean batched) {
        while (!stop.get()) {
            try {
                if (batched) {
                    long[] batch = {ids.incrementAndGet(), ids.incrementAndGet(), ids.incrementAndGet()};
                    StringBuilder body = new StringBuilder("{:transactions [");
                    for (long id : batch) body.append(txData(id)).append(' ');
                    HttpResponse<String> r = send(base, "POST", "/databases/" + db + "/transact-batch", body.append("]}").toString());
                    if (r.statusCode() != 200) return;
                    List<?> results = (List<?>) ((Map<?, ?>) Edn.read(r.body())).get(Keyword.of("results"));
                    for (int i = 0; i < batch.length; i++) {
                        if (Long.valueOf(200).equals(((Map<?, ?>) results.get(i)).get(Keyword.of("status")))) acked.get(db).add(batch[i]);
                    }
                } else {
                    long id = ids.incrementAndGet();
                    // One writer in three installs an attribute (schema changes go through the same log).
                    String body = id % 3 == 0 ? "{:tx-data [{:db/ident :k/a" + id + " :db/valueType :db.type/string"
                            + " :db/cardinality :db.cardinality/one :k/id " + id + " :k/half \"h" + id + "\"}]}" : txData(id);
                    HttpResponse<String> r = send(base, "POST", "/databases/" + db + "/transact", body);
                    if (r.statusCode() != 200) return;   // 503 while shutting down
                    acked.get(db).add(id);
                }
            } catch (IOException e) {
                return;   // the server is gone; whatever was not answered has an unknown outcome
            }
        }
    }

    private static String txData(long id) {
        return "{:tx-data [{:k/id " + id + " :k/half \"h" + id + "\"}]}";
    }

    private void readEventsUntilStopped(String base, String db, AtomicBoolean stop) {
        byte[] buf = new byte[8192];
        while (!stop.get()) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/databases/" + db + "/events"))
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).build();
            try (InputStream in = http.send(req, HttpResponse.BodyHandlers.ofInputStream()).body()) {
                // Read for a little while, then drop the stream, as impatient clients do.
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50 + ThreadLocalRandom.current().nextInt(400));
                while (System.nanoTime() < until && in.read(buf) >= 0) { /* the events themselves are EventsTest's */ }
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void speculateUntilStopped(String base, String db, AtomicBoolean stop) {
        while (!stop.get()) {
            try {
                if (send(base, "POST", "/databases/" + db + "/with", txData(-1)).statusCode() != 200) return;
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Every acknowledged id is in the database with both of its attributes; no entity has one without the other. */
    private void checkEverythingAcknowledgedIsThere(String base, String db, int round, Path log) throws IOException {
        Set<Long> present = new HashSet<>();
        for (Object id : (Collection<?>) expectOk(base, "/databases/" + db + "/q", "{:query [:find [?id ...] :where [?e :k/id ?id] [?e :k/half ?h]]}")) {
            present.add((Long) id);
        }
        Object ids = expectOk(base, "/databases/" + db + "/q", "{:query [:find (count ?e) . :where [?e :k/id]]}");
        Object halves = expectOk(base, "/databases/" + db + "/q", "{:query [:find (count ?e) . :where [?e :k/half]]}");
        assertEquals(ids, halves, "a transaction is there in part in " + db);
        Set<Long> missing = new HashSet<>(acked.get(db));
        missing.removeAll(present);
        if (!missing.isEmpty()) {
            fail(missing.size() + " acknowledged transactions of " + db + " are missing after restart " + round + ": "
                    + missing.stream().sorted().limit(20).toList() + "\nserver log: " + tail(log));
        }
        assertTrue(present.size() >= acked.get(db).size());
    }

    private static Process start(Path data, int port, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--port", Integer.toString(port), "--data", data.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("ACCRETE_"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb.start();
    }

    private void awaitHealth(String base, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) fail("the server exited with " + p.exitValue() + ": " + tail(log));
            try {
                if (send(base, "GET", "/health", null).statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        fail("the server did not become healthy: " + tail(log));
    }

    private Object expectOk(String base, String path, String body) throws IOException {
        HttpResponse<String> r = send(base, "POST", path, body);
        if (r.statusCode() != 200) fail("POST " + path + " gave " + r.statusCode() + ": " + r.body());
        return Edn.read(r.body());
    }

    private HttpResponse<String> send(String base, String method, String path, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).header("Accept", "application/edn");
        if (body == null) b.GET();
        else b.header("Content-Type", "application/edn").method(method, HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
