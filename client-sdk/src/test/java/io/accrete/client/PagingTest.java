package io.accrete.client;

import io.accrete.engine.storage.Durability;
import io.accrete.server.AccreteServer;
import io.accrete.server.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.accrete.client.Edn.kw;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A server whose result-limit is below the client's page size answers every page short; the
 * iterables must still see everything (an operator's review found them stopping at the first page).
 */
class PagingTest {
    @TempDir Path dir;

    @Test void pagesShorterThanAskedForDoNotEndTheSequence() {
        ServerConfig base = ServerConfig.defaults(dir);
        ServerConfig cfg = base.withPort(0).withDurability(Durability.FSYNC)
                .withLimits(base.maxBodyBytes(), 2, base.txQueue(), base.syncTimeoutMs(), base.queryTimeoutMs());
        AccreteServer server = AccreteServer.start(cfg);
        try (AccreteClient client = AccreteClient.builder().uri(URI.create("http://127.0.0.1:" + server.port())).build()) {
            Connection conn = client.connection("accrete");
            conn.transact("[{:db/ident :n/v :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]");
            long first = conn.transact("[{:n/v 1} {:n/v 2}]").dbAfter().basisT();
            for (long i = 3; i <= 7; i++) conn.transact("[{:n/v " + i + "}]");
            Db db = conn.db();
            List<Object> seen = new ArrayList<>();
            conn.datoms(db, kw(":avet"), kw(":n/v")).forEach(d -> seen.add(d.v()));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), seen);
            List<Object> range = new ArrayList<>();
            conn.indexRange(db, kw(":n/v"), 2L, 7L).forEach(d -> range.add(d.v()));
            assertEquals(List.of(2L, 3L, 4L, 5L, 6L), range);
            List<Long> ts = new ArrayList<>();
            conn.txRange(first, null).forEach(e -> ts.add(e.t()));
            assertEquals(6, ts.size());
        } finally {
            server.close();
        }
    }
}
