package io.accrete.server;

import io.accrete.engine.data.Edn;
import io.accrete.server.config.AccessToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log as a query input over HTTP, {@code {:log "orders"}}: its answers in each format, and who may read it. */
class LogQueryEndpointTest {
    static ServerFixture f;
    static final String ADMIN = "Bearer adm1n", ORDERS_READER = "Bearer ordr";
    static long nameT;

    @BeforeAll static void start() {
        f = ServerFixture.start(c -> c.withAccess(AccessToken.parseList("adm1n:admin,ordr:read:orders"), List.of()));
        f.given().header("Authorization", ADMIN).put("/databases/orders").then().statusCode(201);
        post("/databases/orders/transact", "{:tx-data [{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one"
                + " :db/unique :db.unique/identity}]}", 200);
        post("/databases/orders/transact", "{:tx-data [{:p/name \"ann\"}]}", 200);
        Map<?, ?> r = (Map<?, ?>) Edn.read(post("/databases/orders/transact", "{:tx-data [[:db/retract [:p/name \"ann\"] :p/name \"ann\"]]}", 200));
        nameT = (Long) ((Map<?, ?>) r.get(io.accrete.engine.data.Keyword.of("db-after"))).get(io.accrete.engine.data.Keyword.of("basis-t"));
    }

    @AfterAll static void stop() { f.close(); }

    static String post(String path, String body, int status) {
        return post(path, body, status, ADMIN);
    }

    static String post(String path, String body, int status, String token) {
        var r = f.edn().header("Authorization", token).body(body).post(path);
        assertEquals(status, r.statusCode(), r.asString());
        return r.asString();
    }

    @Test void txIdsAndTxDataReadTheLog() {
        List<?> ids = (List<?>) Edn.read(post("/databases/orders/q",
                "{:query \"[:find ?r . :in ?log :where [(tx-ids ?log nil nil) ?r]]\" :args [{:log \"orders\"}]}", 200));
        assertEquals(3, ids.size(), "the schema and two transactions: " + ids);
        // with $ first and no database given, the route's database is $; a retraction is added false
        Object data = Edn.read(post("/databases/orders/q", "{:query [:find ?n ?v ?op :in $ ?log ?t :where [(tx-data ?log ?t) [[?e ?a ?v _ ?op]]]"
                + " [?a :db/ident ?n] [(not= ?n :db/txInstant)]] :args [{:log \"orders\"} " + nameT + "]}", 200));
        assertEquals(Set.of(List.of(Edn.read(":p/name"), "ann", false)), Set.copyOf((java.util.Collection<?>) data));
    }

    @Test void jsonTakesTheSameLogDescriptor() {
        var r = f.given().contentType(ServerFixture.JSON).accept(ServerFixture.JSON).header("Authorization", ADMIN)
                .body("{\"query\": \"[:find ?v ?op :in ?log ?t :where [(tx-data ?log ?t) [[?e ?a ?v _ ?op]]] [(string? ?v)]]\","
                        + " \"args\": [{\"log\": \"orders\"}, " + nameT + "]}")
                .post("/databases/orders/q");
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals("[[\"ann\",false]]", r.asString().replaceAll("\\s", ""));
    }

    @Test void aTokenThatMayNotReadTheDatabaseMayNotReadItsLog() {
        String q = "{:query \"[:find ?r . :in ?log :where [(tx-ids ?log nil nil) ?r]]\" :args [{:log \"%s\"}]}";
        assertTrue(post("/databases/orders/q", q.formatted("accrete"), 403, ORDERS_READER).contains(":db.error/forbidden"));
        post("/databases/orders/q", q.formatted("orders"), 200, ORDERS_READER);
        post("/databases/orders/q", q.formatted("accrete"), 200, ADMIN);
    }

    /** A map that is not exactly {:log "name"} is a query input like any other, a :log key or not. */
    @Test void aDataMapWithALogKeyIsJustData() {
        assertEquals("2", post("/databases/orders/q", "{:query [:find ?x . :in $ ?m :where [(get ?m :level) ?x]]"
                + " :args [{:log \"info\" :level 2}]}", 200).trim());
    }

    /** As in Datomic, a log is no source for a pattern ($ is the route's database here: the log is $l). */
    @Test void malformedLogsAndLogsAsPatternSourcesAreRefused() {
        // only exactly {:log "name"} names a log: {:log 5} is a map, which tx-ids refuses, saying what it takes
        assertTrue(post("/databases/orders/q", "{:query [:find ?r . :in ?log :where [(tx-ids ?log nil nil) ?r]] :args [{:log 5}]}", 400)
                .contains("{:log \\\"db-name\\\"}"));
        assertTrue(post("/databases/orders/q", "{:query [:find ?e :in $ $l :where [$l ?e :p/name _]] :args [{:log \"orders\"}]}", 400)
                .contains(":db.error/invalid-data-source"));
        assertEquals(404, f.edn().header("Authorization", ADMIN)
                .body("{:query [:find ?r . :in ?log :where [(tx-ids ?log nil nil) ?r]] :args [{:log \"nope\"}]}").post("/databases/orders/q").statusCode());
    }
}
