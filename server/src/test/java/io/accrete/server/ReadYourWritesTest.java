package io.accrete.server;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The basis-t cookie is set, scoped per database, honoured by reads, and a read waits for its t. */
class ReadYourWritesTest {
    static ServerFixture f;

    @BeforeAll static void start() {
        f = ServerFixture.start();
        f.createWithSchema("rw1");
        f.createWithSchema("rw2");
    }

    @AfterAll static void stop() { f.close(); }

    static long basisT(Object report) {
        return (Long) ((Map<?, ?>) ((Map<?, ?>) report).get(Keyword.of("db-after"))).get(Keyword.of("basis-t"));
    }

    @Test void cookieIsSetAndScopedPerDatabase() {
        Response r = f.post("/databases/rw1/transact", "{:tx-data [{:p/name \"c1\"}]}");
        assertEquals(200, r.statusCode());
        String setCookie = r.header("Set-Cookie");
        long t = basisT(Edn.read(r.asString()));
        assertEquals("accrete-basis-t=rw1:" + t + "; Path=/databases/rw1; HttpOnly; SameSite=Lax", setCookie);
        Response root = f.post("/transact", "{:tx-data [[:db/add \"x\" :db/doc \"d\"]]}");
        assertTrue(root.header("Set-Cookie").contains("Path=/;"), root.header("Set-Cookie"));
        assertTrue(root.header("Set-Cookie").startsWith("accrete-basis-t=accrete:"));
    }

    @Test void cookieSentBackMakesTheReadWait() throws Exception {
        Map<?, ?> db = (Map<?, ?>) f.getOk("/databases/rw2/db");
        long next = (Long) db.get(Keyword.of("next-t"));
        // A cookie for a t this node has not reached yet: the read must wait for it, not answer stale.
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest read = HttpRequest.newBuilder(URI.create(f.base + "/databases/rw2/q"))
                .header("Content-Type", "application/edn").header("Accept", "application/edn")
                .header("Cookie", "accrete-basis-t=accrete:1; accrete-basis-t=rw2:" + next)
                .POST(HttpRequest.BodyPublishers.ofString("{:query [:find ?n . :where [?e :p/name ?n]]}")).build();
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(read, HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertFalse(pending.isDone(), "the read answered before its basis-t existed");
        f.postOk("/databases/rw2/transact", "{:tx-data [{:p/name \"late\"}]}");
        HttpResponse<String> resp = pending.get(5, TimeUnit.SECONDS);
        assertEquals(200, resp.statusCode(), resp.body());
        assertEquals("\"late\"", resp.body());
    }

    @Test void headerAndBodyBasisTAreHonoured() throws Exception {
        Object rep = f.postOk("/databases/rw1/transact", "{:tx-data [{:p/name \"h\"}]}");
        long t = basisT(rep);
        Map<?, ?> db = (Map<?, ?>) Edn.read(f.edn().header("X-Basis-T", Long.toString(t)).get("/databases/rw1/db").asString());
        assertTrue((Long) db.get(Keyword.of("basis-t")) >= t);
        long next = (Long) db.get(Keyword.of("next-t"));
        CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() ->
                f.postOk("/databases/rw1/q", "{:query [:find (count ?e) . :where [?e :p/name]] :basis-t " + next + "}"));
        Thread.sleep(200);
        assertFalse(waiting.isDone());
        f.postOk("/databases/rw1/transact", "{:tx-data [{:p/name \"h2\"}]}");
        assertTrue((Long) waiting.get(5, TimeUnit.SECONDS) >= 3);
    }

    /**
     * A t means something only in its own database: a database deleted and made again under the same
     * name has another identity, and a basis-t sent with the old one is not waited for.
     */
    @Test void aBasisTOfAnotherIncarnationOfTheDatabaseIsNotWaitedFor() throws Exception {
        f.createWithSchema("rw3");
        var first = f.edn().get("/databases/rw3/db");
        String id = first.header("X-Accrete-Db");
        assertNotNull(id, "answers about a database name its identity");
        long ahead = (Long) ((Map<?, ?>) Edn.read(first.asString())).get(Keyword.of("next-t")) + 5;
        assertEquals(200, f.edn().delete("/databases/rw3").statusCode());
        f.createWithSchema("rw3");
        var again = f.edn().header("X-Basis-T", Long.toString(ahead)).header("X-Accrete-Db", id).get("/databases/rw3/db");
        assertEquals(200, again.statusCode(), "answered at once, not after the sync timeout");
        assertNotEquals(id, again.header("X-Accrete-Db"), "a database made again is another database");
        // the same basis-t with the current identity is waited for, as any other
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() ->
                f.edn().header("X-Basis-T", Long.toString(ahead)).header("X-Accrete-Db", again.header("X-Accrete-Db"))
                        .get("/databases/rw3/db").statusCode());
        Thread.sleep(300);
        assertFalse(waiting.isDone());
        for (int i = 0; i < 6; i++) f.postOk("/databases/rw3/transact", "{:tx-data [{:p/name \"w" + i + "\"}]}");
        assertEquals(200, waiting.get(10, TimeUnit.SECONDS));
    }

    @Test void syncWaitsForAFutureTransaction() throws Exception {
        long next = (Long) ((Map<?, ?>) f.getOk("/databases/rw1/db")).get(Keyword.of("next-t"));
        CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> f.getOk("/databases/rw1/sync/" + next));
        Thread.sleep(200);
        assertFalse(waiting.isDone());
        f.postOk("/databases/rw1/transact", "{:tx-data [{:p/name \"s\"}]}");
        Map<?, ?> d = (Map<?, ?>) waiting.get(5, TimeUnit.SECONDS);
        assertTrue((Long) d.get(Keyword.of("basis-t")) >= next);
    }
}
