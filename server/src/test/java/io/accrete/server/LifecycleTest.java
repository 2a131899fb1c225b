package io.accrete.server;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.index.Index;
import io.accrete.engine.storage.Durability;
import io.accrete.server.config.ServerConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graceful shutdown keeps every acknowledged transaction; a restart serves every database; metrics. */
class LifecycleTest {
    @Test void shutdownFinishesAcceptedTransactionsAndRestartServesThem() throws Exception {
        Path dir = Files.createTempDirectory("accrete-lifecycle");
        try {
            ServerConfig cfg = ServerConfig.defaults(dir.resolve("data")).withPort(0).withDurability(Durability.FSYNC);
            AccreteServer s = AccreteServer.start(cfg);
            String base = "http://127.0.0.1:" + s.port();
            HttpClient http = HttpClient.newHttpClient();
            send(http, base, "PUT", "/databases/keep", null);
            send(http, base, "POST", "/databases/keep/transact", "{:tx-data [{:db/ident :k/n :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]}");
            Set<Long> acked = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<HttpResponse<String>>> inflight = new ArrayList<>();
            for (long i = 0; i < 200; i++) {
                long n = i;
                inflight.add(http.sendAsync(req(base, "POST", "/databases/keep/transact", "{:tx-data [{:k/n " + n + "}]}"), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> { if (r != null && r.statusCode() == 200) acked.add(n); }));
            }
            Thread.sleep(50);
            s.close(); // what SIGTERM does
            for (CompletableFuture<HttpResponse<String>> f : inflight) {
                try {
                    HttpResponse<String> r = f.join();
                    assertTrue(r.statusCode() == 200 || r.statusCode() == 503, r.body());
                } catch (Exception e) {
                    // refused at the socket once Jetty stopped: not accepted, so not acknowledged
                }
            }
            try (Connection c = Connection.open("keep", dir.resolve("data/keep"), ConnectionOptions.defaults())) {
                Db db = c.db();
                Set<Long> stored = ConcurrentHashMap.newKeySet();
                db.datoms(Index.AEVT, Keyword.of("k/n")).forEach(d -> stored.add((Long) d.v()));
                assertTrue(stored.containsAll(acked), "acknowledged transactions lost at shutdown");
            }
            AccreteServer again = AccreteServer.start(cfg);
            try {
                HttpResponse<String> r = send(http, "http://127.0.0.1:" + again.port(), "POST", "/databases/keep/q", "{:query [:find (count ?e) . :where [?e :k/n]]}");
                assertEquals(200, r.statusCode());
                assertTrue(Long.parseLong(r.body()) >= acked.size());
                HttpResponse<String> m = send(http, "http://127.0.0.1:" + again.port(), "GET", "/metrics", null);
                assertEquals(200, m.statusCode());
                for (String name : List.of("accrete_transactions_total", "accrete_tx_batches_total", "accrete_commit_seconds_total",
                        "accrete_tx_apply_seconds_total", "accrete_log_appends_total", "accrete_log_append_seconds_total",
                        "accrete_transact_latency_seconds_bucket", "accrete_query_latency_seconds_count", "accrete_open_syncs", "accrete_http_requests_total",
                        "accrete_tx_queued", "accrete_tx_awaiting_log")) {
                    assertTrue(m.body().lines().anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " ")), name + " missing from /metrics");
                }
                assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            } finally {
                again.close();
            }
        } finally {
            ServerFixture.deleteTree(dir);
        }
    }

    @Test void whileDrainingARefusedRequestAlsoClosesItsConnection() throws Exception {
        Path dir = Files.createTempDirectory("accrete-drain");
        try {
            AccreteServer s = AccreteServer.start(ServerConfig.defaults(dir.resolve("data")).withPort(0).withDurability(Durability.NO_FSYNC));
            String base = "http://127.0.0.1:" + s.port();
            HttpClient http = HttpClient.newHttpClient();
            // A read waiting for a t that never comes keeps the drain waiting for it.
            CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(req(base, "GET", "/sync/1000000?timeout-ms=2000", null),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(200);
            Thread closer = new Thread(s::close);
            closer.start();
            Thread.sleep(200);
            try (java.net.Socket sock = new java.net.Socket("127.0.0.1", s.port())) {
                sock.setSoTimeout(5000);
                sock.getOutputStream().write("GET /databases HTTP/1.1\r\nHost: x\r\nAccept: application/edn\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                // The whole answer, up to the server closing the connection (a timeout here fails the test).
                String answer = new String(sock.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), answer);
                assertTrue(answer.contains(":db.error/shutting-down") || answer.contains("shutting"), answer);
            }
            closer.join(30_000);
            assertEquals(504, waiting.join().statusCode(), "the waiting read ends with its own timeout");
        } finally {
            ServerFixture.deleteTree(dir);
        }
    }

    @Test void whenTheGraceRunsOutRunningQueriesAndWaitingReadsStillAnswer() throws Exception {
        Path dir = Files.createTempDirectory("accrete-grace");
        try {
            AccreteServer s = AccreteServer.start(ServerConfig.defaults(dir.resolve("data")).withPort(0)
                    .withDurability(Durability.NO_FSYNC).withShutdownGraceMs(300));
            String base = "http://127.0.0.1:" + s.port();
            HttpClient http = HttpClient.newHttpClient();
            send(http, base, "POST", "/transact", "{:tx-data [{:db/ident :k/id :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]}");
            StringBuilder tx = new StringBuilder("{:tx-data [");
            for (int i = 0; i < 20_000; i++) tx.append("{:k/id ").append(i).append("} ");
            assertEquals(200, send(http, base, "POST", "/transact", tx.append("]}").toString()).statusCode());
            // A query of hundreds of millions of pairs, and a read waiting for a t that never comes.
            CompletableFuture<HttpResponse<String>> query = http.sendAsync(req(base, "POST", "/q",
                    "{:query [:find (count ?a) . :where [?a :k/id ?x] [?b :k/id ?y] [(< ?x ?y)]]}"), HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(req(base, "GET", "/sync/100000000", null),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(500);
            s.close();
            HttpResponse<String> q = query.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(503, q.statusCode(), q.body());
            assertTrue(q.body().contains(":db.error/cancelled"), q.body());
            HttpResponse<String> w = waiting.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(503, w.statusCode(), w.body());
            assertTrue(w.body().contains(":db.error/shutting-down"), w.body());
        } finally {
            ServerFixture.deleteTree(dir);
        }
    }

    static HttpRequest req(String base, String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/edn").header("Accept", "application/edn")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static HttpResponse<String> send(HttpClient http, String base, String method, String path, String body) throws Exception {
        return http.send(req(base, method, path, body), HttpResponse.BodyHandlers.ofString());
    }
}
