package io.accrete.engine.query;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Edn;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.storage.Log;
import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the differential test cannot show: the log read back after a restart, a closed
 * connection's log, and the Java API. (Answers against the peer: DatomicLogQueryDifferentialTest.)
 */
class LogQueryTest {
    static final String SCHEMA = "[{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]";
    static final String DATA_OF = "[:find ?e ?a ?v ?tx ?op :in ?log ?t :where [(tx-data ?log ?t) [[?e ?a ?v ?tx ?op]]]]";

    @Test void theLogReadsTheSameAfterAReopen() throws Exception {
        Path dir = Files.createTempDirectory("accrete-logq");
        try {
            Object before, ids;
            long t;
            try (Connection c = Connection.open("l", dir, ConnectionOptions.defaults())) {
                c.transact((List<?>) Edn.read(SCHEMA));
                t = c.transact((List<?>) Edn.read("[{:p/name \"ann\"}]")).dbAfter().basisT();
                before = Query.q(DATA_OF, c.log(), t);
                ids = Query.q("[:find ?r . :in ?log :where [(tx-ids ?log nil nil) ?r]]", c.log());
            }
            try (Connection c = Connection.open("l", dir, ConnectionOptions.defaults())) {
                assertEquals(before, Query.q(DATA_OF, c.log(), t));
                assertEquals(ids, Query.q("[:find ?r . :in ?log :where [(tx-ids ?log nil nil) ?r]]", c.log()));
                assertEquals(2, ((List<?>) ids).size());
                assertEquals(2, ((java.util.Set<?>) before).size());   // the name and the tx instant
            }
        } finally {
            TempDb.deleteTree(dir);
        }
    }

    @Test void aClosedConnectionsLogIsRefused() {
        Log log;
        long t;
        try (TempDb db = TempDb.open()) {
            t = db.tx(SCHEMA).dbAfter().basisT();
            log = db.conn.log();
            db.conn.close();
            AccreteException e = assertThrows(AccreteException.class, db.conn::log);
            assertEquals(Errors.TRANSACTOR_UNAVAILABLE, e.category());
        }
        AccreteException e = assertThrows(AccreteException.class, () -> log.txData(t));
        assertEquals(Errors.TRANSACTOR_UNAVAILABLE, e.category());
        // the ids come from the basis's indexes, which stay readable as a Db value does
        assertEquals(List.of(EntityIds.tToTx(t)), log.txIds(null, null));
    }

    @Test void theJavaApiTakesTheSameBounds() {
        try (TempDb db = TempDb.open()) {
            long t1 = db.tx(SCHEMA).dbAfter().basisT();
            long t2 = db.tx("[{:p/name \"bob\"}]").dbAfter().basisT();
            Log log = db.conn.log();
            assertEquals(t2, log.basisT());
            assertEquals(List.of(EntityIds.tToTx(t2)), log.txIds(t2, null));
            assertEquals(List.of(EntityIds.tToTx(t1)), log.txIds(null, EntityIds.tToTx(t2)));
            assertEquals(List.of(), log.txIds(t2 + 1, null));
            assertEquals(2, log.txData(EntityIds.tToTx(t2)).size());
            assertEquals(List.of(), log.txData(t2 + 1));
            AccreteException e = assertThrows(AccreteException.class, () -> log.txIds("x", null));
            assertEquals(Errors.INVALID_ARGUMENT, e.category());
        }
    }
}
