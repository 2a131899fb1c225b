package io.accrete.engine.tx;

import io.accrete.engine.data.TempId;
import io.accrete.engine.error.Errors;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The transaction's own tempids, {@code "datomic.tx"} and {@code #db/id[:db.part/tx]}, upsert like
 * any other through a {@code :db.unique/identity} value that an entity holds. Every expectation
 * here is what Datomic 1.0.7622 ({@code datomic:mem}) answered.
 */
class TxTempidUpsertTest extends TxTestBase {

    @Test void datomicTxUpsertsAndRefsToItFollow() {
        long ann = tx("[{:db/id \"a\" :person/email \"ann@x\" :person/age 1}]").tempid("a");
        TxReport r = tx("[[:db/add \"datomic.tx\" :person/email \"ann@x\"] [:db/add \"datomic.tx\" :person/age 2]"
                + " [:db/add \"b\" :person/spouse \"datomic.tx\"] [:db/add \"b\" :person/email \"bob@x\"]]");
        long bob = r.tempid("b");
        assertEquals(Map.of("datomic.tx", ann, "b", bob), r.tempids());
        assertEquals(Set.of(List.of(ann, kw("person/age"), 2L, true), List.of(ann, kw("person/age"), 1L, false),
                List.of(bob, kw("person/spouse"), ann, true), List.of(bob, kw("person/email"), "bob@x", true)),
                shown(conn.db(), withoutTxInstant(r)));
        assertEquals(List.of(kw("db/txInstant")), attributesOf(r, txId(r)), "the transaction keeps only its instant");
    }

    @Test void anExplicitTxInstantGoesToTheUpsertedEntity() {
        long ann = tx("[{:db/id \"a\" :person/email \"ann@x\"}]").tempid("a");
        Date past = new Date(0);
        TxReport r = tx(List.of(Map.of(kw("db/id"), "datomic.tx", kw("person/email"), "ann@x", kw("db/txInstant"), past)));
        assertEquals(past, val(ann, "db/txInstant"), "a plain fact of ann's, not checked as a transaction's time");
        assertTrue(((Date) val(txId(r), "db/txInstant")).after(past), "the transaction gets its own");
        // where nothing upserts the instant is still the transaction's, and checked
        fails(Errors.PAST_TX_INSTANT, List.of(List.of(kw("db/add"), "datomic.tx", kw("person/email"), "zed@x"),
                List.of(kw("db/add"), "datomic.tx", kw("db/txInstant"), past)));
    }

    @Test void aTxInstantHeldByAnotherEntityDoesNotMoveAsOfOrSinceByDate() {
        TxReport first = tx("[{:db/id \"a\" :person/email \"ann@x\"}]");
        Date firstAt = (Date) val(txId(first), "db/txInstant");
        // plain facts of a user entity, one older than every transaction and one far in the future
        tx(List.of(Map.of(kw("db/id"), "u", kw("person/email"), "old@x", kw("db/txInstant"), new Date(0))));
        tx(List.of(Map.of(kw("db/id"), "v", kw("person/email"), "future@x", kw("db/txInstant"), new Date(Long.MAX_VALUE / 2))));
        assertEquals(0, conn.db().tAt(new Date(1000)), "no transaction is that old");
        assertTrue(conn.db().tAt(firstAt) >= first.dbAfter().basisT(), "at least the first (later ones may share its millisecond)");
        assertEquals(conn.db().basisT(), conn.db().tAt(new Date(Long.MAX_VALUE / 2 + 1)), "the latest transaction, not the future fact");
        assertEquals(conn.db().basisT(), conn.db().asOf(new Date()).basisT());
    }

    @Test void eachTxPartitionTempidUpsertsOnItsOwn() {
        long ann = tx("[{:db/id \"a\" :person/email \"ann@x\" :person/age 1}]").tempid("a");
        TempId upserting = TempId.of(kw("db.part/tx"), null), other = TempId.of(kw("db.part/tx"), null);
        TxReport r = tx(List.of(Map.of(kw("db/id"), upserting, kw("person/email"), "ann@x", kw("person/age"), 4L),
                Map.of(kw("db/id"), "c", kw("person/email"), "cid@x", kw("person/spouse"), other)));
        long cid = r.tempid("c");
        assertEquals(Map.of(upserting, ann, "c", cid), r.tempids(), "a tx tempid named only as a value is not listed");
        assertEquals(4L, val(ann, "person/age"));
        assertEquals(txId(r), val(cid, "person/spouse"), "the other one is the transaction");

        TxReport r2 = tx("[{:db/id #db/id[:db.part/tx -5] :person/email \"ann@x\" :person/age 5}"
                + " {:db/id \"c\" :person/email \"cid@x\" :person/spouse #db/id[:db.part/tx -5]}]");
        assertEquals(ann, val(cid, "person/spouse"));
        assertEquals(List.of(kw("db/txInstant")), attributesOf(r2, txId(r2)));

        TxReport notUpserting = tx("[{:db/id #db/id[:db.part/tx] :person/age 1}]");
        assertEquals(List.of(txId(notUpserting)), List.copyOf(notUpserting.tempids().values()), "listed as the transaction");
    }

    @Test void theFirstOfTwoTempidsSharingANewIdentityValueDecidesWhatTheyAre() {
        TxReport r = tx("[[:db/add \"datomic.tx\" :person/email \"new@x\"] [:db/add \"t\" :person/email \"new@x\"]]");
        assertEquals(Map.of("datomic.tx", txId(r), "t", txId(r)), r.tempids());
        assertEquals("new@x", val(txId(r), "person/email"));
        TxReport r2 = tx("[[:db/add \"t\" :person/email \"new2@x\"] [:db/add \"datomic.tx\" :person/email \"new2@x\"]]");
        long t = r2.tempid("t");
        assertNotEquals(txId(r2), t);
        assertEquals(Map.of("t", t, "datomic.tx", t), r2.tempids());
    }

    @Test void aRefToDatomicTxNamedBeforeItUpsertsFollowsIt() {
        long ann = tx("[{:db/id \"a\" :person/email \"ann@x\"}]").tempid("a");
        TxReport r = tx("[[:db/add \"y\" :person/spouse \"datomic.tx\"] [:db/add \"y\" :person/email \"y@x\"]"
                + " [:db/add \"datomic.tx\" :person/email \"ann@x\"]]");
        assertEquals(ann, val(r.tempid("y"), "person/spouse"));
        assertEquals(ann, r.tempid("datomic.tx"));
        TxReport valueOnly = tx("[[:db/add \"x\" :person/spouse \"datomic.tx\"] [:db/add \"x\" :person/email \"x@x\"]]");
        assertEquals(txId(valueOnly), val(valueOnly.tempid("x"), "person/spouse"));
        assertNull(valueOnly.tempid("datomic.tx"));
    }

    @Test void datomicTxWithTwoHeldIdentityValuesConflicts() {
        tx("[{:person/email \"ann@x\"} {:person/email \"bob@x\"}]");
        fails(Errors.DATOMS_CONFLICT, "[[:db/add \"datomic.tx\" :person/email \"ann@x\"] [:db/add \"datomic.tx\" :person/email \"bob@x\"]]");
    }

    private List<Object> attributesOf(TxReport r, long e) {
        return r.txData().stream().filter(d -> d.e() == e).map(d -> show(conn.db(), d).get(1)).toList();
    }

}
