package io.accrete.engine.db;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.index.Index;
import io.accrete.engine.testing.TempDb;
import io.accrete.engine.tx.TxReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The public index calls as the Datomic peer (1.0.7622) answers them: numbers compare by value
 * across types in {@code datoms} and {@code indexRange} (1 finds 1.0; a range from 25.5 starts
 * at 26 among longs), a 4th {@code datoms} component names the transaction, and new entities get
 * ids in the order tx-data mentions them.
 */
class IndexLookupTest {
    static TempDb temp;
    static Db db;
    static long ann, bob, cid;
    static TxReport second;

    @BeforeAll static void setUp() {
        temp = TempDb.open();
        temp.tx("[{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                + " {:db/ident :p/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
                + " {:db/ident :p/big :db/valueType :db.type/bigint :db/cardinality :db.cardinality/one}"
                + " {:db/ident :p/score :db/valueType :db.type/double :db/cardinality :db.cardinality/one}]");
        TxReport first = temp.tx("[{:db/id \"a\" :p/name \"ann\" :p/age 30 :p/score 2.5 :p/big 7N}"
                + " {:db/id \"b\" :p/name \"bob\" :p/age 35 :p/score 1.0} {:db/id \"c\" :p/name \"cid\" :p/age 40}]");
        ann = first.tempid("a");
        bob = first.tempid("b");
        cid = first.tempid("c");
        second = temp.tx("[[:db/add " + ann + " :p/age 31]]");
        db = second.dbAfter();
    }

    @AfterAll static void tearDown() { temp.close(); }

    static Keyword kw(String s) { return Keyword.of(s); }

    static List<Object> values(Iterable<Datom> ds) {
        List<Object> out = new ArrayList<>();
        for (Datom d : ds) out.add(d.v());
        return out;
    }

    @Test void indexRangeComparesNumbersByValue() {
        assertEquals(List.of(2.5), values(db.indexRange(kw("p/score"), 2L, null)));
        assertEquals(List.of(1.0, 2.5), values(db.indexRange(kw("p/score"), 1L, 3L)));
        assertEquals(List.of(31L, 35L, 40L), values(db.indexRange(kw("p/age"), 25.5, null)));
        assertEquals(List.of(31L, 35L), values(db.indexRange(kw("p/age"), 31.0, 35.5)));
        assertEquals(List.of(31L), values(db.indexRange(kw("p/age"), Double.NEGATIVE_INFINITY, 35L)));
        assertEquals(List.of(7), values(db.indexRange(kw("p/big"), 6.5, null)).stream().map(x -> ((BigInteger) x).intValue()).toList());
    }

    /** indexRange seeks to its start in every view; the end is exclusive, inverted bounds give nothing. */
    @Test void indexRangeInEveryView() {
        assertEquals(List.of(30L, 35L), values(db.asOf(second.t() - 1).indexRange(kw("p/age"), 30L, 40L)));
        assertEquals(List.of(31L, 35L), values(db.indexRange(kw("p/age"), 30L, 40L)));
        assertEquals(List.of(30L, 30L, 31L), values(db.history().indexRange(kw("p/age"), 30L, 35L)));
        assertEquals(List.of(), values(db.indexRange(kw("p/age"), 40L, 30L)));
        assertEquals(List.of(40L), values(db.indexRange(kw("p/age"), 40L, null)));
        assertEquals(List.of("bob", "cid"), values(db.indexRange(kw("p/name"), "b", null)));
    }

    @Test void datomsFindANumberOfAnotherTypeByValue() {
        assertEquals(List.of(1.0), values(db.datoms(Index.AVET, kw("p/score"), 1L)));
        assertEquals(List.of(31L), values(db.datoms(Index.AVET, kw("p/age"), 31.0)));
        assertEquals(List.of(), values(db.datoms(Index.AVET, kw("p/age"), 31.5)));
        assertEquals(List.of(31L), values(db.datoms(Index.EAVT, ann, kw("p/age"), 31.0)));
    }

    @Test void aFourthComponentNamesTheTransaction() {
        assertEquals(List.of(31L), values(db.datoms(Index.EAVT, ann, kw("p/age"), 31L, EntityIds.tToTx(second.t()))));
        assertEquals(List.of(31L), values(db.datoms(Index.EAVT, ann, kw("p/age"), 31L, second.t())));
        assertEquals(List.of(), values(db.datoms(Index.EAVT, ann, kw("p/age"), 30L, EntityIds.tToTx(second.t()))));
        assertEquals(List.of(30L, 31L), values(db.history().datoms(Index.EAVT, ann, kw("p/age"), null, null)).stream().distinct().sorted().toList());
    }

    @Test void newEntitiesGetIdsInTheOrderTxDataMentionsThem() {
        assertTrue(ann < bob && bob < cid, ann + " " + bob + " " + cid);
        StringBuilder tx = new StringBuilder("[");
        for (int i = 0; i < 200; i++) tx.append("{:db/id \"t").append(i).append("\" :p/name \"n").append(i).append("\"}");
        try (TempDb other = TempDb.open()) {
            other.tx("[{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]");
            TxReport r = other.tx(tx.append("]").toString());
            for (int i = 1; i < 200; i++) assertTrue(r.tempid("t" + (i - 1)) < r.tempid("t" + i), "t" + i);
        }
    }
}
