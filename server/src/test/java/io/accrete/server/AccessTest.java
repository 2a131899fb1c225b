package io.accrete.server;

import io.accrete.server.config.AccessToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bearer tokens (401 without, 403 for a read token writing or another database) and CORS. */
class AccessTest {
    static ServerFixture f;
    static final String Q = "{:query [:find ?e :where [?e :db/ident :db/doc]]}";

    @BeforeAll static void start() {
        f = ServerFixture.start(c -> c.withAccess(AccessToken.parseList("adm1n:admin,wr1te:write,r3ad:read,ordw:write:orders,orda:admin:orders"),
                List.of("https://app.example")));
        f.given().header("Authorization", "Bearer adm1n").put("/databases/orders").then().statusCode(201);
    }

    @AfterAll static void stop() { f.close(); }

    @Test void tokensGuardEveryEndpointButHealth() {
        assertEquals(200, f.edn().get("/health").statusCode());
        var noToken = f.edn().body(Q).post("/q");
        assertEquals(401, noToken.statusCode());
        assertTrue(noToken.header("WWW-Authenticate").startsWith("Bearer"));
        assertTrue(noToken.asString().contains(":db.error/unauthorized"));
        assertEquals(401, f.edn().header("Authorization", "Bearer wrong").body(Q).post("/q").statusCode());
        assertEquals(200, f.edn().header("Authorization", "Bearer r3ad").body(Q).post("/q").statusCode());
        var forbidden = f.edn().header("Authorization", "Bearer r3ad").body("{:tx-data []}").post("/transact");
        assertEquals(403, forbidden.statusCode());
        assertTrue(forbidden.asString().contains(":db.error/forbidden"));
        assertFalse(forbidden.asString().contains("r3ad"), "a token must never be echoed");
        assertEquals(200, f.edn().header("Authorization", "Bearer adm1n").body("{:tx-data []}").post("/transact").statusCode());
        assertEquals(200, f.edn().header("Authorization", "Bearer ordw").body("{:tx-data []}").post("/databases/orders/transact").statusCode());
        assertEquals(403, f.edn().header("Authorization", "Bearer ordw").body(Q).post("/q").statusCode());
        assertEquals(403, f.edn().header("Authorization", "Bearer r3ad").put("/databases/other").statusCode());
        assertEquals(401, f.edn().get("/metrics").statusCode());
        assertEquals(200, f.edn().header("Authorization", "Bearer r3ad").get("/metrics").statusCode());
    }

    @Test void onlyAnAdminTokenCreatesOrDeletesDatabasesAndScopedTokensListOnlyTheirs() {
        assertEquals(403, f.edn().header("Authorization", "Bearer wr1te").put("/databases/scratch").statusCode());
        assertEquals(403, f.edn().header("Authorization", "Bearer ordw").delete("/databases/orders").statusCode(),
                "a write token transacts; it does not drop the database");
        assertEquals(201, f.edn().header("Authorization", "Bearer adm1n").put("/databases/scratch").statusCode());
        assertEquals(403, f.edn().header("Authorization", "Bearer orda").delete("/databases/scratch").statusCode(),
                "an admin token scoped to orders administers orders only");
        assertEquals(200, f.edn().header("Authorization", "Bearer adm1n").delete("/databases/scratch").statusCode());
        String listed = f.edn().header("Authorization", "Bearer ordw").get("/databases").asString();
        assertTrue(listed.contains(":databases [\"orders\"]"), listed);
        assertTrue(f.edn().header("Authorization", "Bearer r3ad").get("/databases").asString().contains("\"accrete\""));
    }

    @Test void tokenConfigurationMistakesAreRefused() {
        for (String bad : List.of("x:owner", "x", ":read", "x:read:bad/db", "x:write,x:read")) {
            assertThrows(IllegalArgumentException.class, () -> AccessToken.parseList(bad), bad);
        }
        assertEquals(AccessToken.Role.ADMIN, AccessToken.parseList("s:admin").get(0).role());
        assertTrue(AccessToken.parseList("s:write:*").get(0).allows(AccessToken.Role.WRITE, "any"), "* is every database");
    }

    @Test void aDatabaseNamedInTheBodyNeedsTheTokenToo() {
        String other = "{:db-name \"accrete\"}";
        String[][] reads = {
                {"/databases/orders/q", "{:query [:find ?e :where [?e :db/ident :db/doc]] :args [" + other + "]}"},
                {"/databases/orders/pull", "{:selector [:db/ident] :eid :db/doc :db " + other + "}"},
                {"/databases/orders/with", "{:tx-data [] :db " + other + "}"},
        };
        for (String[] r : reads) {
            var refused = f.edn().header("Authorization", "Bearer ordw").body(r[1]).post(r[0]);
            assertEquals(403, refused.statusCode(), r[0]);
            assertTrue(refused.asString().contains(":db.error/forbidden"), r[0]);
            assertEquals(200, f.edn().header("Authorization", "Bearer adm1n").body(r[1]).post(r[0]).statusCode(), r[0]);
        }
        // its own database, named in the body, stays readable
        assertEquals(200, f.edn().header("Authorization", "Bearer ordw")
                .body("{:query [:find ?e :where [?e :db/ident :db/doc]] :args [{:db-name \"orders\"}]}").post("/databases/orders/q").statusCode());
    }

    @Test void aSpeculativeValueAnswersOnlyUnderItsOwnDatabase() {
        String w = f.edn().header("Authorization", "Bearer adm1n").body("{:tx-data []}").post("/with")
                .then().statusCode(200).extract().asString().replaceAll("(?s).*:db-after \\{[^}]*:with \"([^\"]+)\".*", "$1");
        String q = "{:query [:find ?e :where [?e :db/ident :db/doc]] :args [{:db-name \"%s\" :with \"" + w + "\"}]}";
        assertEquals(200, f.edn().header("Authorization", "Bearer adm1n").body(q.formatted("accrete")).post("/q").statusCode());
        var wrong = f.edn().header("Authorization", "Bearer adm1n").body(q.formatted("orders")).post("/databases/orders/q");
        assertEquals(400, wrong.statusCode());
        assertTrue(wrong.asString().contains("was made from database accrete"), wrong.asString());
    }

    @Test void corsAllowsOnlyConfiguredOrigins() {
        var ok = f.edn().header("Origin", "https://app.example").get("/health");
        assertEquals("https://app.example", ok.header("Access-Control-Allow-Origin"));
        var other = f.edn().header("Origin", "https://evil.example").get("/health");
        assertNull(other.header("Access-Control-Allow-Origin"));
    }

    /** A browser sends a preflight before any POST with an EDN body or a token; it must be answered 2xx. */
    @Test void corsPreflightIsAnswered() {
        var pre = f.given().header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,authorization").options("/databases/acc/q");
        assertEquals(204, pre.statusCode());
        assertEquals("https://app.example", pre.header("Access-Control-Allow-Origin"));
        assertTrue(pre.header("Access-Control-Allow-Headers").contains("authorization"));
    }

    /** HEAD is the GET without its body: the same access check and the same status. */
    @Test void headChecksAccessAsGetDoes() {
        assertEquals(401, f.given().head("/databases/orders/db").statusCode());
        assertEquals(200, f.given().header("Authorization", "Bearer r3ad").head("/databases/orders/db").statusCode());
        assertEquals(404, f.given().header("Authorization", "Bearer adm1n").head("/databases/nosuch/db").statusCode());
    }

    @Test void corsIsOffByDefault() {
        try (ServerFixture plain = ServerFixture.start()) {
            assertNull(plain.edn().header("Origin", "https://app.example").get("/health").header("Access-Control-Allow-Origin"));
        }
    }
}
