package io.accrete.engine.differential;

import datomic.Peer;
import datomic.Util;

import java.io.StringReader;
import java.util.UUID;

/** A fresh {@code datomic:mem} database for one try of a differential test, deleted on close. */
final class DatomicMem implements AutoCloseable {
    private final String uri;
    final datomic.Connection conn;

    DatomicMem(String name) {
        uri = "datomic:mem://" + name + "-" + UUID.randomUUID();
        Peer.createDatabase(uri);
        conn = Peer.connect(uri);
    }

    /** The first form of {@code edn}, read by Datomic's reader (its keywords, symbols and tagged literals). */
    static Object read(String edn) {
        return Util.readAll(new StringReader(edn)).get(0);
    }

    @Override public void close() {
        conn.release();
        Peer.deleteDatabase(uri);
    }
}
