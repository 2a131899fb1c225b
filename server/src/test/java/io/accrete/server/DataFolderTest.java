package io.accrete.server;

import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.storage.Durability;
import io.accrete.server.config.ServerConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data folder belongs to one server, and only folders holding a store are databases. */
class DataFolderTest {
    @Test void aSecondServerOnTheSameDataFolderRefusesToStart() throws Exception {
        Path dir = Files.createTempDirectory("accrete-shared");
        ServerConfig cfg = ServerConfig.defaults(dir.resolve("data")).withPort(0).withDurability(Durability.NO_FSYNC);
        try (AccreteServer first = AccreteServer.start(cfg)) {
            // Another default database changes nothing: the folder, not a database, is what is held.
            AccreteException e = assertThrows(AccreteException.class, () -> AccreteServer.start(cfg.withDefaultDb("other")));
            assertEquals(Errors.DATABASE_IN_USE, e.category());
            assertTrue(e.getMessage().contains("data folder"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("data/other")), "the refused server created nothing");
            assertTrue(first.port() > 0);
        } finally {
            ServerFixture.deleteTree(dir);
        }
        // Once the first has stopped, the folder is free again.
        Path again = Files.createTempDirectory("accrete-shared");
        try (AccreteServer s = AccreteServer.start(ServerConfig.defaults(again).withPort(0).withDurability(Durability.NO_FSYNC))) {
            assertTrue(s.port() > 0);
        } finally {
            ServerFixture.deleteTree(again);
        }
    }

    @Test void aFolderThatHoldsNoStoreIsNotADatabase() throws Exception {
        try (ServerFixture f = ServerFixture.start()) {
            Path junk = f.config.dataDir().resolve("backup2");
            Files.createDirectories(junk);
            Files.writeString(junk.resolve("important.txt"), "precious");
            String listed = f.edn().get("/databases").asString();
            assertFalse(listed.contains("backup2"), listed);
            assertEquals(404, f.edn().get("/databases/backup2/db").statusCode());
            assertEquals(404, f.edn().delete("/databases/backup2").statusCode());
            var created = f.edn().put("/databases/backup2");
            assertEquals(400, created.statusCode(), created.asString());
            assertTrue(created.asString().contains("not a database"), created.asString());
            assertEquals("precious", Files.readString(junk.resolve("important.txt")), "nothing was deleted");
            assertFalse(Files.exists(junk.resolve("log.mv.db")), "and no store was made in it");
            // An empty folder may become a database, and so may one left with only the lock file by a failed creation.
            Files.createDirectories(f.config.dataDir().resolve("fresh"));
            Files.createFile(f.config.dataDir().resolve("fresh").resolve("accrete.lock"));
            assertEquals(201, f.edn().put("/databases/fresh").statusCode());
            assertEquals(200, f.edn().delete("/databases/fresh").statusCode());
            assertFalse(Files.exists(f.config.dataDir().resolve("fresh")));
        }
    }
}
