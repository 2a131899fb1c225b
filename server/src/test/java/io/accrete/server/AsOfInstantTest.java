package io.accrete.server;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** As in Datomic, an as-of or since point may be an instant: the latest transaction at or before it. */
class AsOfInstantTest {
    static ServerFixture f;
    static long t1, t2;
    static Instant between;

    @BeforeAll static void start() throws Exception {
        f = ServerFixture.start();
        f.createWithSchema("ai");
        Map<?, ?> r1 = (Map<?, ?>) f.postOk("/databases/ai/transact", "{:tx-data [{:p/name \"Early\"}]}");
        t1 = basis(r1);
        Thread.sleep(30);
        between = Instant.now();
        Thread.sleep(30);
        Map<?, ?> r2 = (Map<?, ?>) f.postOk("/databases/ai/transact", "{:tx-data [{:p/name \"Late\"}]}");
        t2 = basis(r2);
    }

    @AfterAll static void stop() { f.close(); }

    static long basis(Map<?, ?> report) {
        return (Long) ((Map<?, ?>) report.get(Keyword.of("db-after"))).get(Keyword.of("basis-t"));
    }

    static Object names(String descriptorExtra) {
        return f.postOk("/databases/ai/q", "{:query [:find [?n ...] :where [_ :p/name ?n]] :args [{:db-name \"ai\" " + descriptorExtra + "}]}");
    }

    @Test void descriptorsTakeInstantsInEdnAndJson() {
        assertEquals(List.of("Early"), names(":as-of #inst \"" + between + "\""));
        assertEquals(List.of("Late"), names(":since #inst \"" + between + "\""));
        assertEquals(List.of(), names(":as-of #inst \"1999-01-01T00:00:00Z\""), "before every transaction of the database");
        Response json = f.given().contentType(ServerFixture.JSON).accept(ServerFixture.JSON)
                .body("{\"query\": \"[:find [?n ...] :where [_ :p/name ?n]]\", \"args\": [{\"db-name\": \"ai\", \"as-of\": \"" + between + "\"}]}")
                .post("/databases/ai/q");
        assertEquals(200, json.statusCode(), json.asString());
        assertEquals("[\"Early\"]", json.asString().replace(" ", ""));
        Response bad = f.post("/databases/ai/q", "{:query [:find ?n :where [_ :p/name ?n]] :args [{:db-name \"ai\" :as-of \"yesterday\"}]}");
        assertEquals(400, bad.statusCode(), bad.asString());
    }

    @Test void theAsOfPathAndTheDatomsParametersTakeThemToo() {
        Map<?, ?> d = (Map<?, ?>) f.getOk("/databases/ai/as-of/" + between);
        assertEquals(t1, d.get(Keyword.of("as-of")), "the instant names the transaction at or before it, by its t");
        Object datoms = f.getOk("/databases/ai/datoms?index=aevt&a=:p/name&as-of=" + between);
        assertEquals(1, ((List<?>) datoms).size(), Edn.print(datoms));
        Object since = f.getOk("/databases/ai/datoms?index=aevt&a=:p/name&since=" + between);
        assertTrue(Edn.print(since).contains("Late") && !Edn.print(since).contains("Early"), Edn.print(since));
        assertEquals(400, f.edn().get("/databases/ai/as-of/someday").statusCode());
        Map<?, ?> late = (Map<?, ?>) f.getOk("/databases/ai/as-of/" + Instant.now().plusSeconds(3600));
        assertEquals(t2, late.get(Keyword.of("as-of")), "an instant after the latest transaction names it");
    }
}
