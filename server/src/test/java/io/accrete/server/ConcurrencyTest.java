package io.accrete.server;

import io.accrete.engine.storage.Durability;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 200 concurrent clients transact and query for a bounded time, on a durable (fsync) store;
 * afterwards every acknowledged write is visible, and nobody got a 5xx other than 503 backpressure.
 */
class ConcurrencyTest {
    static ServerFixture f;

    @BeforeAll static void start() {
        f = ServerFixture.start(c -> c.withDurability(Durability.valueOf(System.getProperty("cc.durability", "FSYNC"))));
        f.createWithSchema("cc");
    }

    @AfterAll static void stop() { f.close(); }

    @Test void twoHundredClients() throws Exception {
        int clients = 200;
        long until = System.currentTimeMillis() + 8_000;
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16)).connectTimeout(Duration.ofSeconds(5)).build();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger reads = new AtomicInteger(), busy = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> all = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            all.add(pool.submit(() -> {
                int i = 0;
                while (System.currentTimeMillis() < until && failures.size() < 5) {
                    String name = "c" + client + "-" + i++;
                    try {
                        HttpResponse<String> w = http.send(post("/databases/cc/transact", "{:tx-data [{:p/name \"" + name + "\" :p/age " + i + "}]}"),
                                HttpResponse.BodyHandlers.ofString());
                        if (w.statusCode() == 200) acknowledged.add(name);
                        else if (w.statusCode() == 503) busy.incrementAndGet();
                        else failures.add("transact " + w.statusCode() + " " + w.body());
                        HttpResponse<String> r = http.send(post("/databases/cc/q", "{:query [:find ?a . :in $ ?n :where [?e :p/name ?n] [?e :p/age ?a]] :args [\"" + name + "\"]}"),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) failures.add("q " + r.statusCode() + " " + r.body());
                        else if (w.statusCode() == 200 && !r.body().equals(Integer.toString(i))) failures.add("read-your-write lost: " + r.body());
                        reads.incrementAndGet();
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        for (Future<?> fu : all) fu.get();
        pool.shutdown();
        assertEquals(List.of(), failures);
        assertTrue(acknowledged.size() > clients, "too few writes: " + acknowledged.size());
        Collection<?> names = (Collection<?>) f.postOk("/databases/cc/q", "{:query [:find [?n ...] :where [_ :p/name ?n]]}");
        assertTrue(names.containsAll(acknowledged), "an acknowledged write is missing");
        Object count = f.postOk("/databases/cc/q", "{:query [:find (count ?e) . :where [?e :p/name]]}");
        assertEquals((long) acknowledged.size(), count);
        System.out.println("ConcurrencyTest: " + acknowledged.size() + " writes, " + reads.get() + " reads, " + busy.get() + " busy");
    }

    static HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(f.base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/edn").header("Accept", "application/edn")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
