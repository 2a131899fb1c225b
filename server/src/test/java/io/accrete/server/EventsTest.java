package io.accrete.server;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /events streams committed transactions and resumes after Last-Event-ID from the log. */
class EventsTest {
    static ServerFixture f;

    @BeforeAll static void start() {
        f = ServerFixture.start();
        f.createWithSchema("ev");
    }

    @AfterAll static void stop() { f.close(); }

    record Event(long id, Map<?, ?> data) {}

    /** Reads {@code n} tx events from a stream opened with the given Last-Event-ID (or none). */
    static CompletableFuture<List<Event>> read(String lastId, int n) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.base + "/databases/ev/events")).header("Accept", "text/event-stream");
        if (lastId != null) b.header("Last-Event-ID", lastId);
        HttpResponse<Stream<String>> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        return CompletableFuture.supplyAsync(() -> {
            List<Event> out = new ArrayList<>();
            Iterator<String> lines = r.body().iterator();
            long id = -1;
            while (out.size() < n && lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("id: ")) id = Long.parseLong(line.substring(4));
                else if (line.startsWith("data: ")) out.add(new Event(id, (Map<?, ?>) Edn.read(line.substring(6))));
            }
            r.body().close();
            return out;
        });
    }

    static long tx(String name) {
        Map<?, ?> rep = (Map<?, ?>) f.postOk("/databases/ev/transact", "{:tx-data [{:db/id \"p\" :p/name \"" + name + "\"}]}");
        return (Long) ((Map<?, ?>) rep.get(Keyword.of("db-after"))).get(Keyword.of("basis-t"));
    }

    @Test void liveThenResumed() throws Exception {
        CompletableFuture<List<Event>> live = read(null, 2);
        Thread.sleep(300);
        long t1 = tx("e1");
        long t2 = tx("e2");
        List<Event> got = live.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(t1, t2), got.stream().map(Event::id).toList());
        assertEquals(t2, got.get(1).data().get(Keyword.of("t")));
        assertTrue(Edn.print(got.get(1).data().get(Keyword.of("tx-data"))).contains("\"e2\""));
        Map<?, ?> after = (Map<?, ?>) got.get(1).data().get(Keyword.of("db-after"));
        assertEquals(t2, after.get(Keyword.of("basis-t")));
        Map<?, ?> tempids = (Map<?, ?>) got.get(1).data().get(Keyword.of("tempids"));
        assertTrue(tempids.get("p") instanceof Long, "a live event carries the transaction's tempids: " + got.get(1).data());

        // Resume after t1: t2 comes from the log, t3 live.
        CompletableFuture<List<Event>> resumed = read(Long.toString(t1), 2);
        Thread.sleep(300);
        long t3 = tx("e3");
        List<Event> again = resumed.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(t2, t3), again.stream().map(Event::id).toList());
        assertTrue(Edn.print(again.get(0).data().get(Keyword.of("tx-data"))).contains("\"e2\""));
        assertEquals(t1, ((Map<?, ?>) again.get(0).data().get(Keyword.of("db-before"))).get(Keyword.of("basis-t")));

        // A Last-Event-ID that was never a t: the first replayed event's db-before is still the transaction before it.
        assertTrue(t2 - t1 > 1, "each transaction here takes two t's");
        List<Event> fromGap = read(Long.toString(t2 - 1), 1).get(10, TimeUnit.SECONDS);
        assertEquals(t2, fromGap.get(0).id());
        assertEquals(t1, ((Map<?, ?>) fromGap.get(0).data().get(Keyword.of("db-before"))).get(Keyword.of("basis-t")));
    }

    @Test void aStreamEndsWhenItsDatabaseIsDeleted() throws Exception {
        f.createWithSchema("gone");
        HttpRequest req = HttpRequest.newBuilder(URI.create(f.base + "/databases/gone/events")).header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        CompletableFuture<Long> linesUntilEnd = CompletableFuture.supplyAsync(() -> r.body().count());
        Thread.sleep(300);
        assertEquals(200, f.edn().delete("/databases/gone").statusCode());
        // the stream ends (rather than waiting for events that can never come), and reconnecting finds nothing
        assertTrue(linesUntilEnd.get(30, TimeUnit.SECONDS) >= 1);
        assertEquals(404, f.given().accept("text/event-stream").get("/databases/gone/events").statusCode());
    }

    /** A position in a database since deleted and made again means nothing in the new one: all of it is replayed. */
    @Test void aPositionInAnotherIncarnationReplaysTheNewDatabase() throws Exception {
        f.createWithSchema("again");
        Object old = f.postOk("/databases/again/transact", "{:tx-data [{:p/name \"old\"}]}");
        long oldT = (Long) ((Map<?, ?>) ((Map<?, ?>) old).get(Keyword.of("db-after"))).get(Keyword.of("basis-t"));
        String oldId = f.edn().get("/databases/again/db").header("X-Accrete-Db");
        assertEquals(200, f.edn().delete("/databases/again").statusCode());
        f.createWithSchema("again");
        f.postOk("/databases/again/transact", "{:tx-data [{:p/name \"new\"}]}");
        HttpRequest req = HttpRequest.newBuilder(URI.create(f.base + "/databases/again/events")).header("Accept", "text/event-stream")
                .header("Last-Event-ID", Long.toString(oldT)).header("X-Accrete-Db", oldId).build();
        HttpResponse<Stream<String>> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        assertNotEquals(oldId, r.headers().firstValue("X-Accrete-Db").orElse(null));
        CompletableFuture<String> firstData = CompletableFuture.supplyAsync(() -> {
            Iterator<String> lines = r.body().iterator();
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data: ") && line.contains("\"new\"")) return line;
            }
            return null;
        });
        assertNotNull(firstData.get(10, TimeUnit.SECONDS), "the new database's transactions are replayed");
        r.body().close();
    }

    @Test void unknownDatabaseStreamIs404() {
        assertEquals(404, f.given().accept("text/event-stream").get("/databases/none/events").statusCode());
        assertEquals(400, f.given().accept("text/event-stream").header("Last-Event-ID", "x").get("/databases/ev/events").statusCode());
    }
}
