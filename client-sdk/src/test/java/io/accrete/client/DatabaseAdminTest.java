package io.accrete.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DatabaseAdminTest extends ServerTestBase {

    @Test void createListAndDeleteDatabases() {
        client.createDatabase("orders");
        client.createDatabase("orders"); // idempotent
        List<String> names = client.listDatabases();
        assertTrue(names.contains("orders"), names.toString());
        assertTrue(names.contains("accrete"), "the default database exists from the first start: " + names);

        Connection orders = client.connection("orders");
        assertEquals("orders", orders.name());
        assertTrue(orders.db().basisT() >= 0);

        client.deleteDatabase("orders");
        assertFalse(client.listDatabases().contains("orders"));
        AccreteException e = assertThrows(AccreteException.class, () -> client.connection("orders"));
        assertTrue(e.isNotFound(), e.toString());
        assertEquals(Keyword.of(":db.error/db-not-found"), e.category());
        assertEquals(404, e.status());
    }

    @Test void anInvalidNameIsRejectedWithTheServersCategory() {
        AccreteException e = assertThrows(AccreteException.class, () -> client.createDatabase("no spaces"));
        assertTrue(e.isIncorrect(), e.toString());
        assertEquals(Keyword.of(":db.error/invalid-db-name"), e.category());
    }

    /** A URI without a scheme or host is a configuration mistake, said at once, not a server error later. */
    @Test void aServerUriThatCannotWorkIsRefusedWhenTheClientIsBuilt() {
        for (String bad : List.of("localhost:8080", "ftp://127.0.0.1:8080", "http:///nohost")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AccreteClient.connect(bad), bad);
            assertTrue(e.getMessage().contains("http://host:port"), e.getMessage());
        }
    }

    @Test void aDeadFirstUriFailsOverToTheNext() throws Exception {
        int dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        try (AccreteClient c = AccreteClient.connect(URI.create("http://127.0.0.1:" + dead), server.uri())) {
            assertTrue(c.listDatabases().contains("accrete"));
            Connection conn = c.connection("accrete");
            assertTrue(conn.transact("[{:db/doc \"failover\"}]").t() > 0);
        }
    }

    @Test void noReachableServerIsUnavailable() throws Exception {
        int dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        try (AccreteClient c = AccreteClient.connect(URI.create("http://127.0.0.1:" + dead))) {
            AccreteException e = assertThrows(AccreteException.class, c::listDatabases);
            assertTrue(e.isUnavailable(), e.toString());
            assertEquals(AccreteException.UNAVAILABLE, e.category());
            // Nothing was sent, so even a transaction's outcome is known: not applied.
            AccreteException tx = assertThrows(AccreteException.class,
                    () -> c.connection("accrete"));
            assertFalse(tx.isOutcomeUnknown());
        }
    }
}
