package io.accrete.server;

import io.accrete.server.config.AccessToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bearer tokens (401 without, 403 for a read token writing or another database) and CORS. */
class AccessTest {
    static ServerFixture f;
    static final String Q = "{:query [:find ?e :where [?e :db/ident :db/doc]]}";

    @BeforeAll static void start() {
        f = ServerFixture.start(c -> c.withAccess(AccessToken.parseList("adm1n:write,r3ad:read,ordw:write:orders"),
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

    @Test void corsAllowsOnlyConfiguredOrigins() {
        var ok = f.edn().header("Origin", "https://app.example").get("/health");
        assertEquals("https://app.example", ok.header("Access-Control-Allow-Origin"));
        var other = f.edn().header("Origin", "https://evil.example").get("/health");
        assertNull(other.header("Access-Control-Allow-Origin"));
    }

    @Test void corsIsOffByDefault() {
        try (ServerFixture plain = ServerFixture.start()) {
            assertNull(plain.edn().header("Origin", "https://app.example").get("/health").header("Access-Control-Allow-Origin"));
        }
    }
}
