package io.accrete.engine.db;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Cases where Datomic 1.0.7622 was seen to differ, found by DatomicViewsDifferentialProperties. */
class DbViewPointsTest {
    static final String SCHEMA = "[{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
            + " {:db/ident :p/best :db/valueType :db.type/ref :db/cardinality :db.cardinality/one :db/index true}]";

    private static List<Object> names(Db db) {
        int name = db.attributeStrict(Keyword.of("p/name")).id();
        List<Object> out = new ArrayList<>();
        for (Datom d : db.datoms(Index.AEVT, Db.ANY_E, name, null)) out.add(d.v());
        return out;
    }

    @Test
    void aDateNamesTheLatestTransactionAtOrBeforeIt() throws Exception {
        try (TempDb acc = TempDb.open()) {
            acc.tx(SCHEMA);
            var r1 = acc.tx("[{:p/name \"ann\"}]");
            Thread.sleep(20);
            var r2 = acc.tx("[{:p/name \"bob\"}]");
            long i1 = txInstant(r1), i2 = txInstant(r2);
            Db db = acc.conn.db();
            assertEquals(r1.t(), db.tAt(new java.util.Date(i1)), "at the instant itself");
            assertEquals(r1.t(), db.tAt(new java.util.Date(i2 - 1)), "between two transactions: the earlier");
            assertEquals(r2.t(), db.tAt(new java.util.Date(i2 + 60_000)));
            assertEquals(0, db.tAt(new java.util.Date(0)), "before every transaction");
            assertEquals(List.of("ann"), names(db.asOf(new java.util.Date(i2 - 1))));
            assertEquals(List.of("bob"), names(db.since(new java.util.Date(i2 - 1))));
            assertEquals(List.of(), names(db.asOf(new java.util.Date(0))));
            AccreteException e = assertThrows(AccreteException.class, () -> db.asOf((java.util.Date) null));
            assertEquals(Errors.INVALID_ARGUMENT, e.category());
        }
    }

    private static long txInstant(io.accrete.engine.tx.TxReport r) {
        for (Datom d : r.txData()) if (d.e() == d.tx() && d.v() instanceof java.util.Date i) return i.getTime();
        throw new AssertionError("no :db/txInstant in " + r.txData());
    }

    @Test
    void aTransactionIdNamesTheSamePointAsItsT() {
        try (TempDb acc = TempDb.open()) {
            acc.tx(SCHEMA);
            var r1 = acc.tx("[{:p/name \"ann\"}]");
            acc.tx("[{:p/name \"bob\"}]");
            long tx1 = r1.txData().get(0).tx();
            Db db = acc.conn.db();
            assertEquals(names(db.asOf(r1.t())), names(db.asOf(tx1)));
            assertEquals(List.of("ann"), names(db.asOf(tx1)));
            assertEquals(r1.t(), db.asOf(tx1).asOfT());
            assertEquals(List.of("bob"), names(db.since(tx1)));
            assertEquals(r1.t(), acc.conn.txRange(tx1, tx1 + 1, 10).get(0).t());
            assertEquals(1, acc.conn.txRange(tx1, tx1 + 1, 10).size());
        }
    }

    @Test
    void asOfOnAnAsOfValueMovesItsPointEvenLater() {
        try (TempDb acc = TempDb.open()) {
            acc.tx(SCHEMA);
            long t1 = acc.tx("[{:p/name \"ann\"}]").t();
            long t2 = acc.tx("[{:p/name \"bob\"}]").t();
            Db db = acc.conn.db();
            assertEquals(List.of("ann", "bob"), names(db.asOf(t1).asOf(t2)));
            assertEquals(t2, db.asOf(t1).asOf(t2).asOfT());
            assertEquals(List.of("ann"), names(db.asOf(t2).asOf(t1)));
        }
    }

    @Test
    void sinceOnASinceValueMovesItsPointEvenEarlier() {
        try (TempDb acc = TempDb.open()) {
            long t0 = acc.tx(SCHEMA).t();
            long t1 = acc.tx("[{:p/name \"ann\"}]").t();
            acc.tx("[{:p/name \"bob\"}]");
            Db db = acc.conn.db();
            assertEquals(List.of("ann", "bob"), names(db.since(t1).since(t0)));
            assertEquals(t0, db.since(t1).since(t0).sinceT());
            assertEquals(List.of("bob"), names(db.since(t0).since(t1)));
        }
    }

    @Test
    void aRefValueThatNamesNoEntityIsAnErrorInDatoms() {
        try (TempDb acc = TempDb.open()) {
            long t0 = acc.tx(SCHEMA).t();
            acc.tx("[{:p/name \"ann\" :p/best {:p/name \"bob\"}}]");
            Db now = acc.conn.db(), before = now.asOf(t0);
            List<Object> ann = List.of(Keyword.of("p/name"), "ann");
            assertEquals(0, count(now.datoms(Index.VAET, ann)));
            assertEquals(1, count(now.datoms(Index.AVET, Keyword.of("p/best"), List.of(Keyword.of("p/name"), "bob"))));
            Keyword best = Keyword.of("p/best");
            List<Runnable> calls = List.of(
                    () -> before.datoms(Index.VAET, ann),
                    () -> before.datoms(Index.VAET, ann, best),
                    () -> before.datoms(Index.AVET, best, ann),
                    () -> before.datoms(Index.VAET, Keyword.of("no/such")));
            for (Runnable call : calls) {
                AccreteException e = assertThrows(AccreteException.class, call::run);
                assertEquals(Errors.NOT_AN_ENTITY, e.category());
            }
            // In the entity position a name that finds nothing gives no datoms, as in Datomic.
            assertEquals(0, count(before.datoms(Index.EAVT, ann)));
        }
    }

    private static int count(Iterable<Datom> ds) {
        int n = 0;
        for (Datom ignored : ds) n++;
        return n;
    }
}
