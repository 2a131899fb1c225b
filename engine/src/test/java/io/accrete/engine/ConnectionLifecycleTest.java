package io.accrete.engine;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Index;
import io.accrete.engine.pull.Pull;
import io.accrete.engine.query.Functions;
import io.accrete.engine.storage.Durability;
import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One connection per folder; what a closed connection answers; arguments the public API refuses. */
class ConnectionLifecycleTest {
    private static final List<?> SCHEMA = (List<?>) Edn.read(
            "[{:db/ident :k/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}]");

    private static void refused(Keyword category, org.junit.jupiter.api.function.Executable call) {
        AccreteException e = assertThrows(AccreteException.class, call);
        assertEquals(category, e.category(), e.getMessage());
    }

    @Test void aSecondConnectionOnTheSameFolderIsRefusedUntilTheFirstCloses() throws Exception {
        Path dir = Files.createTempDirectory("accrete-twice");
        try {
            Connection first = Connection.open("a", dir, ConnectionOptions.defaults());
            first.transact(SCHEMA);
            first.transact(List.of(Edn.read("{:k/name \"first\"}")));
            AccreteException e = assertThrows(AccreteException.class, () -> Connection.open("b", dir, ConnectionOptions.defaults()));
            assertEquals(Errors.DATABASE_IN_USE, e.category());
            assertTrue(e.getMessage().contains("already in use by this process"), e.getMessage());
            // The refused attempt must not have weakened the first connection's hold against other processes.
            assertEquals("refused :db.error/database-in-use", io.accrete.engine.storage.LockProbe.probe(dir));
            // The refused open changed nothing: the first connection goes on, and its work is there after a reopen.
            first.transact(List.of(Edn.read("{:k/name \"second\"}")));
            long t = first.db().basisT();
            first.close();
            assertEquals("acquired", io.accrete.engine.storage.LockProbe.probe(dir), "closing released the folder");
            try (Connection again = Connection.open("a", dir, ConnectionOptions.defaults())) {
                assertEquals(t, again.db().basisT());
                assertEquals(2, count(again));
            }
        } finally {
            TempDb.deleteTree(dir);
        }
    }

    private static long count(Connection c) {
        long n = 0;
        for (var ignored : c.db().datoms(Index.AEVT, Keyword.of("k/name"))) n++;
        return n;
    }

    @Test void aClosedConnectionSaysSoInsteadOfWaitingOrLookingAlive() throws Exception {
        try (TempDb t = TempDb.open()) {
            Connection c = t.conn;
            c.transact(SCHEMA);
            long next = c.db().basisT() + 1;
            var early = c.sync(next + 100);
            c.close();
            c.close();   // twice is fine
            ExecutionException waited = assertThrows(ExecutionException.class, () -> early.get(5, TimeUnit.SECONDS));
            assertEquals(Errors.TRANSACTOR_UNAVAILABLE, ((AccreteException) waited.getCause()).category());
            ExecutionException late = assertThrows(ExecutionException.class, () -> c.sync(next).get(5, TimeUnit.SECONDS));
            assertEquals(Errors.TRANSACTOR_UNAVAILABLE, ((AccreteException) late.getCause()).category());
            refused(Errors.TRANSACTOR_UNAVAILABLE, () -> c.txReportQueue(10));
            refused(Errors.TRANSACTOR_UNAVAILABLE, () -> c.txRange(null, null, 10));
            refused(Errors.TRANSACTOR_UNAVAILABLE, () -> c.transact(List.of(Edn.read("{:k/name \"late\"}"))));
            // A value taken before the close stays readable.
            assertTrue(c.db().basisT() > 0);
        }
    }

    @Test void txRangeFromTheSmallestLongIsTheWholeLog() {
        try (TempDb t = TempDb.open()) {
            t.conn.transact(SCHEMA);
            int all = t.conn.txRange(null, null, 1000).size();
            assertEquals(all, t.conn.txRange(Long.MIN_VALUE, null, 1000).size());
            assertEquals(all, t.conn.txRange(-5L, Long.MAX_VALUE, 1000).size());
        }
    }

    @Test void optionsAndArgumentsAreCheckedWithACategory() throws Exception {
        refused(Errors.INVALID_ARGUMENT, () -> new ConnectionOptions(null, 10, 10));
        refused(Errors.INVALID_ARGUMENT, () -> new ConnectionOptions(Durability.FSYNC, 0, 10));
        refused(Errors.INVALID_ARGUMENT, () -> new ConnectionOptions(Durability.FSYNC, 10, 0));
        Path dir = Files.createTempDirectory("accrete-args");
        try {
            refused(Errors.INVALID_ARGUMENT, () -> Connection.open("x", (Path) null, ConnectionOptions.defaults()));
            refused(Errors.INVALID_ARGUMENT, () -> Connection.open("x", dir, (ConnectionOptions) null));
        } finally {
            TempDb.deleteTree(dir);
        }
        try (TempDb t = TempDb.open()) {
            refused(Errors.INVALID_ARGUMENT, () -> t.conn.with(null, List.of()));
            refused(Errors.INVALID_ARGUMENT, () -> t.conn.txReportQueue(0));
            refused(Errors.INVALID_ARGUMENT, () -> t.conn.db().datoms(null, Keyword.of("db/ident")));
            assertTrue(t.conn.db().datoms(Index.EAVT, (Object[]) null).iterator().hasNext(), "no components: the whole index");
            refused(Errors.INVALID_ARGUMENT, () -> Pull.pullMany(t.conn.db(), "[*]", null));
        }
        refused(Errors.INVALID_ARGUMENT, () -> Functions.register(null, a -> 1));
        refused(Errors.INVALID_ARGUMENT, () -> Functions.register("+", a -> 1));
        refused(Errors.INVALID_ARGUMENT, () -> Functions.register("clojure.core/str", a -> 1));
        assertInstanceOf(IllegalArgumentException.class, assertThrows(RuntimeException.class, () -> Keyword.of((String) null)));
    }
}
