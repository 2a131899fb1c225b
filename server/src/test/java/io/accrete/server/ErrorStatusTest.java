package io.accrete.server;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every error status the server gives, each with the {:category :message :data} body. */
class ErrorStatusTest {
    static ServerFixture f;

    @BeforeAll static void start() {
        f = ServerFixture.start(c -> c.withLimits(65536, 5, 10_000, 300, 30_000).withWithStore(1, 2));
        f.createWithSchema("er");
        f.postOk("/databases/er/transact", "{:tx-data [{:p/name \"Ann\" :p/age 1} {:p/name \"Bob\"}]}");
    }

    @AfterAll static void stop() { f.close(); }

    static Map<?, ?> expect(Response r, int status, String category) {
        assertEquals(status, r.statusCode(), r::asString);
        String body = r.asString();
        assertFalse(body.contains("\tat ") || body.contains("Exception"), body);
        Map<?, ?> m = (Map<?, ?>) Edn.read(body);
        assertEquals(Keyword.of(category), m.get(Keyword.of("category")), body);
        assertTrue(m.get(Keyword.of("message")) instanceof String);
        assertTrue(m.get(Keyword.of("data")) instanceof Map);
        return m;
    }

    @Test void malformedIs400() {
        expect(f.post("/databases/er/transact", "{:tx-data [}"), 400, "db.error/parse");
        expect(f.post("/databases/er/transact", "[:db/add 1 :p/age 2]"), 400, "db.error/invalid-request");
        expect(f.post("/databases/er/transact", "{:tx-data 5}"), 400, "db.error/invalid-tx-data");
        expect(f.post("/databases/er/q", "{:query [:find]}"), 400, "db.error/invalid-query");
        expect(f.edn().get("/databases/er/sync/abc"), 400, "db.error/invalid-request");
        // query parameters that do not parse are refused, not read as false or as matching nothing
        expect(f.edn().get("/databases/er/datoms?index=eavt&history=yes"), 400, "db.error/invalid-request");
        expect(f.edn().get("/databases/er/datoms?index=eavt&e=abc"), 400, "db.error/invalid-request");
        expect(f.edn().get("/databases/er/datoms?index=eavt&e=%5B"), 400, "db.error/invalid-request");
    }

    @Test void entityIdMinusOneNamesNothing() {
        expect(f.edn().get("/databases/er/entity/-1"), 422, "db.error/not-an-entity");
        assertEquals("[]", f.edn().get("/databases/er/datoms?index=eavt&e=-1").then().statusCode(200).extract().asString().trim());
        assertEquals("#{}", f.post("/databases/er/q", "{:query [:find ?n :in $ ?e :where [?e :p/name ?n]] :args [{:db-name \"er\"} -1]}")
                .then().statusCode(200).extract().asString().trim());
    }

    @Test void unknownDatabaseAndRouteAre404() {
        expect(f.post("/databases/nope/q", "{:query [:find ?e :where [?e :db/ident]]}"), 404, "db.error/db-not-found");
        expect(f.edn().get("/no/such/route"), 404, "db.error/not-found");
    }

    @Test void conflictsAre409() {
        expect(f.post("/databases/er/transact", "{:tx-data [[:db/cas [:p/name \"Ann\"] :p/age 99 2]]}"), 409, "db.error/cas-failed");
        expect(f.post("/databases/er/transact", "{:tx-data [[:db/add [:p/name \"Ann\"] :p/name \"Bob\"]]}"),
                409, "db.error/unique-conflict");
    }

    @Test void schemaAndTypeViolationsAre422() {
        expect(f.post("/databases/er/transact", "{:tx-data [{:p/name \"Dan\" :p/age \"x\"}]}"), 422, "db.error/wrong-type-for-attribute");
        expect(f.post("/databases/er/transact", "{:tx-data [[:db/add \"z\" :no/such 1]]}"), 422, "db.error/not-an-attribute");
    }

    @Test void indexRangeSeeksAndRefusesWhatIsNoRange() {
        List<?> range = (List<?>) Edn.read(f.edn().get("/databases/er/index-range?a=:p/name&start=B").then().statusCode(200).extract().asString());
        assertTrue(range.stream().allMatch(d -> ((String) ((List<?>) d).get(2)).compareTo("B") >= 0), range.toString());
        expect(f.edn().get("/databases/er/index-range?start=1"), 400, "db.error/invalid-request");
        // the peer's categories: an unknown name is no entity; an entity that is no attribute has no AVET range
        expect(f.edn().get("/databases/er/index-range?a=:no/such"), 422, "db.error/not-an-entity");
        expect(f.edn().get("/databases/er/index-range?a=:db.part/user"), 422, "db.error/attribute-not-indexed");
        expect(f.edn().get("/databases/er/index-range?a=:p/age&start=abc"), 422, "db.error/wrong-type-for-attribute");
    }

    @Test void aDatomsValueOfTheWrongTypeIs422() {
        expect(f.edn().get("/databases/er/datoms?index=avet&a=:p/age&v=abc"), 422, "db.error/wrong-type-for-attribute");
        // a number of another type is looked up by value, as Datomic does
        assertEquals(1, ((java.util.List<?>) Edn.read(f.edn().get("/databases/er/datoms?index=avet&a=:p/age&v=1.0")
                .then().statusCode(200).extract().asString())).size());
    }

    @Test void failedAttributePredicatesAndEntitySpecsAre422() {
        f.post("/databases/er/transact", "{:tx-data [{:db/ident :p/rank :db/valueType :db.type/long :db/cardinality :db.cardinality/one"
                + " :db.attr/preds clojure.core/nat-int?} {:db/ident :p/named :db.entity/attrs [:p/name]}]}").then().statusCode(200);
        expect(f.post("/databases/er/transact", "{:tx-data [{:p/rank -1}]}"), 422, "db.error/attr-pred");
        expect(f.post("/databases/er/transact", "{:tx-data [{:p/rank 1 :db/ensure :p/named}]}"), 422, "db.error/entity-attr");
        f.post("/databases/er/transact", "{:tx-data [{:p/rank 1 :p/name \"Eve\" :db/ensure :p/named}]}").then().statusCode(200);
    }

    @Test void aKnownPathWithAnotherMethodIs405WithAllow() {
        Response r = f.edn().get("/databases/er/transact");
        expect(r, 405, "db.error/method-not-allowed");
        assertEquals("POST", r.header("Allow"));
        Response d = f.edn().post("/databases/er");
        expect(d, 405, "db.error/method-not-allowed");
        assertEquals("DELETE, PUT", d.header("Allow"));
        expect(f.edn().get("/no/such/route"), 404, "db.error/not-found");
    }

    @Test void messagesShowWhatTheEndpointTakes() {
        Map<?, ?> empty = expect(f.given().contentType("application/edn").accept("application/edn").post("/databases/er/q"), 400, "db.error/invalid-request");
        assertTrue(((String) empty.get(Keyword.of("message"))).contains(":query"), empty.toString());
        Map<?, ?> dollar = expect(f.post("/databases/er/q", "{:query [:find ?x :in $ % :where (r ?x)] :args [$ [[(r ?x) [?x :p/name]]]]}"),
                400, "db.error/invalid-request");
        assertTrue(((String) dollar.get(Keyword.of("message"))).contains("{:db-name"), dollar.toString());
    }

    /** What Jetty refuses before routing gets the same error body as everything else, not an HTML page. */
    @Test void requestsJettyCannotReadGetTheErrorBody() throws Exception {
        java.net.URI base = java.net.URI.create(f.base);
        for (String target : List.of("/as-of/%00", "/" + "a".repeat(9000))) {
            try (java.net.Socket s = new java.net.Socket(base.getHost(), base.getPort())) {
                s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(answer.contains("application/edn") && answer.contains("{:category :db.error/"), answer);
                assertFalse(answer.contains("<h1>"), answer);
            }
        }
    }

    @Test void oversizedIs413() {
        String big = "{:tx-data [{:p/name \"" + "x".repeat(70000) + "\"}]}";
        expect(f.post("/databases/er/transact", big), 413, "db.error/request-too-large");
    }

    @Test void mediaTypesAre415And406() {
        expect(f.given().contentType("text/plain").accept("application/edn").body("{}").post("/databases/er/q"), 415,
                "db.error/unsupported-media-type");
        Response r = f.given().contentType("application/edn").accept("image/png").body("{:query [:find ?e :where [?e :db/ident]]}")
                .post("/databases/er/q");
        expect(r, 406, "db.error/not-acceptable");
        expect(f.given().contentType("application/edn; charset=ISO-8859-1").accept("application/edn").body("{}").post("/databases/er/q"),
                415, "db.error/unsupported-media-type");
        // What curl -d sends without -H: the answer says how to fix it.
        Response form = f.given().contentType("application/x-www-form-urlencoded").accept("application/edn").body("{}").post("/databases/er/q");
        expect(form, 415, "db.error/unsupported-media-type");
        org.junit.jupiter.api.Assertions.assertTrue(form.asString().contains("-H 'Content-Type: application/edn'"), form.asString());
    }

    @Test void expiredWithDbIs410() throws Exception {
        Map<?, ?> report = (Map<?, ?>) f.postOk("/databases/er/with", "{:tx-data [{:p/name \"W\"}]}");
        String wdb = Edn.print(report.get(Keyword.of("db-after")));
        Thread.sleep(1100);
        expect(f.post("/databases/er/q", "{:query [:find ?e :where [?e :p/name]] :args [" + wdb + "]}"), 410, "db.error/db-expired");
    }

    @Test void syncTimeoutIs504AndUnreachableIs400() {
        Map<?, ?> db = (Map<?, ?>) f.getOk("/databases/er/db");
        long next = (Long) db.get(Keyword.of("next-t"));
        expect(f.edn().get("/databases/er/sync/" + (next + 5)), 504, "db.error/sync-timeout");
        expect(f.edn().header("X-Basis-T", Long.toString(next + 5)).get("/databases/er/db"), 504, "db.error/sync-timeout");
        expect(f.edn().get("/databases/er/sync/" + (next + 2_000_000_000L)), 400, "db.error/unreachable-basis-t");
    }

    @Test void queryTimeoutIs504() {
        Map<?, ?> m = expect(f.post("/databases/er/q",
                "{:query [:find (count ?a) :in [?a ...] [?b ...] [?c ...] :where [(+ ?a ?b ?c) ?d]] :args [" + range(400) + " " + range(400) + " " + range(400) + "] :timeout-ms 50}"),
                504, "db.error/timeout");
        assertTrue(m.get(Keyword.of("message")).toString().contains("timeout"));
    }

    @Test void resultLimitIs400() {
        expect(f.post("/databases/er/q", "{:query [:find ?a :in [?a ...]] :args [[1 2 3 4 5 6 7]]}"), 400, "db.error/result-too-large");
    }

    private static String range(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) sb.append(i).append(' ');
        return sb.append(']').toString();
    }
}
