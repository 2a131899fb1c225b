package io.accrete.engine.tx;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.db.Db;
import io.accrete.engine.index.Datom;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code :db/noHistory}: a retracted or replaced value of such an attribute is not kept for the
 * as-of, since and history views — live and after reopening — while the log keeps every datom.
 * There is no comparison with Datomic here: datomic:mem keeps the full history of such attributes
 * (checked on 1.0.7622, even after requesting an index), as Datomic only drops it while indexing
 * durable storage.
 */
class NoHistoryTest extends TxTestBase {

    @Test void replacedAndRetractedValuesLeaveNoPast() {
        tx("[{:db/id :person/age :db/noHistory true} {:db/id :person/loves :db/noHistory true}]");
        TxReport r1 = tx("[{:db/id \"e\" :person/email \"e@x\" :person/age 1 :person/loves [:a :b] :person/name \"N1\"}]");
        long e = r1.tempid("e");
        tx("[[:db/add " + e + " :person/age 2] [:db/retract " + e + " :person/loves :a] [:db/add " + e + " :person/name \"N2\"]]");
        TxReport r3 = tx("[[:db/add " + e + " :person/age 3]]");
        Db db = conn.db();

        assertEquals(3L, val(e, "person/age"));
        assertEquals(Set.of(kw("b")), vals(e, "person/loves"));
        // only the value still held remains, in every view
        assertEquals(List.of(List.of(3L, r3.t(), true)), history(db, e, "person/age"));
        assertEquals(List.of(List.of(kw("b"), r1.t(), true)), history(db, e, "person/loves"));
        assertNull(val(db.asOf(r1.t()), e, "person/age"));
        assertEquals(Set.of(kw("b")), vals(db.asOf(r1.t()), e, "person/loves"));
        assertEquals(List.of(List.of(3L, r3.t(), true)), history(db.since(r1.t()), e, "person/age"));
        // an attribute with history keeps it
        assertEquals(3, history(db, e, "person/name").size());
        assertEquals("N1", val(db.asOf(r1.t()), e, "person/name"));
        // the log keeps every datom, as Datomic's log does
        assertEquals(List.of(List.of(1L, true), List.of(1L, false), List.of(2L, true), List.of(2L, false), List.of(3L, true)),
                logged(e, "person/age"));
        // and so does each report
        assertEquals(Set.of(List.of(e, kw("person/age"), 3L, true), List.of(e, kw("person/age"), 2L, false)),
                shown(r3.dbAfter(), withoutTxInstant(r3)));
    }

    /** A value asserted, retracted and asserted again keeps only its last assertion, live and after reopening. */
    @Test void aValueAssertedAgainKeepsOnlyItsLastAssertion() {
        tx("[{:db/id :person/age :db/noHistory true}]");
        TxReport r1 = tx("[{:db/id \"e\" :person/email \"e@x\" :person/age 7}]");
        long e = r1.tempid("e");
        TxReport r2 = tx("[[:db/retract " + e + " :person/age 7]]");
        TxReport r3 = tx("[[:db/add " + e + " :person/age 7]]");

        Db live = conn.db();
        assertEquals(List.of(List.of(7L, r3.t(), true)), history(live, e, "person/age"));
        assertNull(val(live.asOf(r1.t()), e, "person/age"), "the first assertion left the as-of views");
        assertNull(val(live.asOf(r2.t()), e, "person/age"));
        assertEquals(7L, val(live.asOf(r3.t()), e, "person/age"));
        assertEquals(List.of(List.of(7L, true), List.of(7L, false), List.of(7L, true)), logged(e, "person/age"));
        conn.close();
        try (Connection c2 = Connection.open("test", t.dir, ConnectionOptions.defaults())) {
            Db reopened = c2.db();
            assertEquals(all(live.history()), all(reopened.history()));
            for (long at : List.of(r1.t(), r2.t(), r3.t())) assertEquals(all(live.asOf(at)), all(reopened.asOf(at)), "as-of " + at);
        }
    }

    @Test void historyIsDecidedWhenAValueIsRetractedAndReopeningAgrees() {
        long e = tx("[{:db/id \"e\" :person/email \"e@x\" :person/age 1}]").tempid("e");
        tx("[[:db/add " + e + " :person/age 2]]");
        // switched on: the past kept so far stays, later changes leave none
        tx("[{:db/id :person/age :db/noHistory true}]");
        tx("[[:db/add " + e + " :person/age 3]]");
        // switched on in the same transaction as a retraction: that retraction keeps no past
        tx("[[:db/add " + e + " :person/height 1.5]]");
        tx("[{:db/id :person/height :db/noHistory true} [:db/retract " + e + " :person/height 1.5]]");
        // switched off again: history is kept from then on
        tx("[{:db/id :person/age :db/noHistory false}]");
        tx("[[:db/add " + e + " :person/age 4]]");
        tx("[{:db/id :person/age :db/noHistory true} [:db/retractEntity " + e + "]]");

        Db live = conn.db();
        assertEquals(List.of(List.of(1L, true), List.of(1L, false), List.of(3L, true), List.of(3L, false)),
                dropT(history(live, e, "person/age")));
        assertEquals(List.of(), history(live, e, "person/height"));
        conn.close();
        try (Connection c2 = Connection.open("test", t.dir, ConnectionOptions.defaults())) {
            Db reopened = c2.db();
            assertEquals(all(live.history()), all(reopened.history()));
            assertEquals(all(live), all(reopened));
            for (long at = live.basisT(); at > live.basisT() - 8; at--) {
                assertEquals(all(live.asOf(at)), all(reopened.asOf(at)), "as-of " + at);
            }
        }
    }

    /** [v t added] of every datom of e's attribute in a view, in tx order. */
    private static List<List<Object>> history(Db db, long e, String attr) {
        List<List<Object>> out = new ArrayList<>();
        for (Datom d : db.history().datoms(io.accrete.engine.index.Index.EAVT, e, db.attributeStrict(kw(attr)).id(), null)) {
            out.add(List.of(d.v(), io.accrete.engine.index.EntityIds.txToT(d.tx()), d.added()));
        }
        out.sort((x, y) -> Long.compare((Long) x.get(1), (Long) y.get(1)));
        return out;
    }

    private static List<List<Object>> dropT(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> r : rows) out.add(List.of(r.get(0), r.get(2)));
        return out;
    }

    /** [v added] of every logged datom of e's attribute, in log order. */
    private List<List<Object>> logged(long e, String attr) {
        int a = attrId(attr);
        List<List<Object>> out = new ArrayList<>();
        for (Connection.LogTx tx : conn.txRange(null, null, Integer.MAX_VALUE)) {
            for (Datom d : tx.datoms()) if (d.e() == e && d.a() == a) out.add(List.of(d.v(), d.added()));
        }
        return out;
    }
}
