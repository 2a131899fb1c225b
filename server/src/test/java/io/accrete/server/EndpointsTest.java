package io.accrete.server;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.server.wire.WireFormat;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every endpoint answers in each wire format, with the shapes the contract promises. */
class EndpointsTest {
    static ServerFixture f;

    @BeforeAll static void start() {
        f = ServerFixture.start();
        f.createWithSchema("ep");
        f.postOk("/databases/ep/transact", "{:tx-data [{:db/id \"a\" :p/name \"Ann\" :p/age 30} {:db/id \"b\" :p/name \"Bob\" :p/age 40 :p/friend \"a\"}]}");
    }

    @AfterAll static void stop() { f.close(); }

    /** Sends EDN data re-encoded in {@code fmt} and decodes the answer back into plain values. */
    static Object call(String method, String path, WireFormat fmt, String ednBody, int expected) {
        var spec = f.given().contentType(fmt.mediaType()).accept(fmt.mediaType());
        if (ednBody != null) spec = spec.body(fmt.codec().write(Edn.read(ednBody)));
        Response r = spec.request(method, path);
        assertEquals(expected, r.statusCode(), () -> method + " " + path + " in " + fmt + ": " + r.asString());
        assertTrue(r.contentType().startsWith(fmt.mediaType()), r.contentType());
        return fmt.codec().read(r.asByteArray());
    }

    @ParameterizedTest @EnumSource(value = WireFormat.class, names = {"EDN", "TRANSIT"})
    void transactAndQueryInEachDataFormat(WireFormat fmt) {
        Map<?, ?> report = (Map<?, ?>) call("POST", "/databases/ep/transact", fmt,
                "{:tx-data [{:db/id \"c\" :p/name \"Cy-" + fmt + "\" :p/age 7}]}", 200);
        Map<?, ?> after = (Map<?, ?>) report.get(Keyword.of("db-after"));
        assertEquals("ep", after.get(Keyword.of("db-name")));
        assertInstanceOf(Long.class, after.get(Keyword.of("basis-t")));
        assertInstanceOf(Long.class, ((Map<?, ?>) report.get(Keyword.of("tempids"))).get("c"));
        List<?> datom = (List<?>) ((List<?>) report.get(Keyword.of("tx-data"))).get(0);
        assertEquals(5, datom.size());
        Object rel = call("POST", "/databases/ep/q", fmt,
                "{:query [:find ?n ?a :in $ ?n :where [?e :p/name ?n] [?e :p/age ?a]] :args [\"Cy-" + fmt + "\"]}", 200);
        assertEquals(Set.of(List.of("Cy-" + fmt, 7L)), rel);
    }

    @ParameterizedTest @EnumSource(WireFormat.class)
    void readEndpointsInEachFormat(WireFormat fmt) {
        Map<?, ?> db = (Map<?, ?>) call("GET", "/databases/ep/db", fmt, null, 200);
        Object t = db.get(Keyword.of("basis-t"));
        assertNotNull(t);
        assertNotNull(db.get(Keyword.of("next-t")));
        Map<?, ?> asOf = (Map<?, ?>) call("GET", "/databases/ep/as-of/" + t, fmt, null, 200);
        assertEquals(t, asOf.get(Keyword.of("as-of")));
        Map<?, ?> synced = (Map<?, ?>) call("GET", "/databases/ep/sync/" + t, fmt, null, 200);
        assertEquals("ep", synced.get(Keyword.of("db-name")));
        List<?> datoms = (List<?>) call("GET", "/databases/ep/datoms?index=avet&a=:p/name&v=%22Ann%22", fmt, null, 200);
        assertEquals(1, datoms.size());
        Map<?, ?> entity = (Map<?, ?>) call("GET", "/databases/ep/entity/%5B:p%2Fname%20%22Bob%22%5D", fmt, null, 200);
        assertEquals("Bob", entity.get(Keyword.of("p/name")));
        // an ident or lookup ref may also keep its slash unescaped
        assertEquals(entity, call("GET", "/databases/ep/entity/%5B:p/name%20%22Bob%22%5D", fmt, null, 200));
        assertEquals(":p/name", String.valueOf(((Map<?, ?>) call("GET", "/databases/ep/entity/:p/name", fmt, null, 200)).get(Keyword.of("db/ident"))));
        List<?> log = (List<?>) call("GET", "/databases/ep/tx-range?limit=2", fmt, null, 200);
        assertEquals(2, log.size());
        Map<?, ?> health = (Map<?, ?>) call("GET", "/health", fmt, null, 200);
        assertEquals(":ok", String.valueOf(health.get(Keyword.of("status"))));
        Map<?, ?> list = (Map<?, ?>) call("GET", "/databases", fmt, null, 200);
        assertTrue(((List<?>) list.get(Keyword.of("databases"))).contains("ep"));
    }

    @ParameterizedTest @EnumSource(value = WireFormat.class, names = {"EDN", "TRANSIT"})
    void pullAndWithInDataFormats(WireFormat fmt) {
        Map<?, ?> pulled = (Map<?, ?>) call("POST", "/databases/ep/pull", fmt,
                "{:selector [:p/name {:p/friend [:p/name]}] :eid [:p/name \"Bob\"]}", 200);
        assertEquals(List.of(Map.of(Keyword.of("p/name"), "Ann")), pulled.get(Keyword.of("p/friend")));
        List<?> many = (List<?>) call("POST", "/databases/ep/pull", fmt, "{:selector [:p/age] :eids [[:p/name \"Ann\"] [:p/name \"Bob\"]]}", 200);
        assertEquals(2, many.size());
        Map<?, ?> w = (Map<?, ?>) call("POST", "/databases/ep/with", fmt, "{:tx-data [{:p/name \"Spec\" :p/age 1}]}", 200);
        Map<?, ?> wdb = (Map<?, ?>) w.get(Keyword.of("db-after"));
        assertNotNull(wdb.get(Keyword.of("with")));
        Object n = call("POST", "/databases/ep/q", fmt, "{:query [:find ?a . :in $ :where [?e :p/name \"Spec\"] [?e :p/age ?a]] :args ["
                + Edn.print(wdb) + "]}", 200);
        assertEquals(1L, n);
        Object none = call("POST", "/databases/ep/q", fmt, "{:query [:find ?a . :where [?e :p/name \"Spec\"] [?e :p/age ?a]]}", 200);
        assertEquals(null, none);
    }

    @Test void databasesLifecycle() {
        assertEquals(201, f.edn().put("/databases/life").statusCode());
        assertEquals(200, f.edn().put("/databases/life").statusCode());
        assertEquals(200, f.edn().delete("/databases/life").statusCode());
        assertEquals(404, f.edn().delete("/databases/life").statusCode());
        Response r = f.edn().get("/databases/life/db");
        assertEquals(404, r.statusCode());
        assertTrue(r.asString().contains(":db.error/db-not-found"));
        assertEquals(400, f.edn().put("/databases/bad.name").statusCode());
        assertEquals(400, f.edn().put("/databases/" + "x".repeat(65)).statusCode());
        assertEquals(400, f.edn().delete("/databases/accrete").statusCode());
    }

    @Test void defaultDatabaseAtTheRoot() {
        f.postOk("/transact", "{:tx-data [{:db/ident :root/x :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]}");
        Map<?, ?> db = (Map<?, ?>) f.getOk("/db");
        assertEquals("accrete", db.get(Keyword.of("db-name")));
        Map<?, ?> same = (Map<?, ?>) f.getOk("/databases/accrete/db");
        assertEquals(db.get(Keyword.of("basis-t")), same.get(Keyword.of("basis-t")));
        assertEquals(Set.of(List.of(Keyword.of("root/x"))), f.postOk("/q", "{:query [:find ?i :where [?e :db/ident ?i] [(= ?i :root/x)]]}"));
    }

    @Test void queryWithoutSourceInputsAndPaging() {
        assertEquals(3L, f.postOk("/q", "{:query [:find ?x . :in ?x] :args [3]}"));
        Object page = f.postOk("/databases/ep/q", "{:query [:find ?n :where [_ :p/name ?n]] :limit 1 :offset 0}");
        assertEquals(1, ((java.util.Collection<?>) page).size());
        Object asString = f.postOk("/databases/ep/q", "{:query \"[:find ?a . :where [?e :p/name \\\"Ann\\\"] [?e :p/age ?a]]\"}");
        assertEquals(30L, asString);
    }
}
