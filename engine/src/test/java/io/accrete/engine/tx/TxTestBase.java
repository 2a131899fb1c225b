package io.accrete.engine.tx;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.BuiltIns;
import io.accrete.engine.storage.Durability;
import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** A fresh database per test with the schema the transaction examples use, and assertion helpers. */
abstract class TxTestBase {
    static final String SCHEMA = """
        [{:db/ident :person/name     :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
         {:db/ident :person/email    :db/valueType :db.type/string  :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
         {:db/ident :person/handle   :db/valueType :db.type/string  :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
         {:db/ident :person/ssn      :db/valueType :db.type/string  :db/cardinality :db.cardinality/one :db/unique :db.unique/value}
         {:db/ident :person/aliases  :db/valueType :db.type/string  :db/cardinality :db.cardinality/many}
         {:db/ident :person/age      :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}
         {:db/ident :person/height   :db/valueType :db.type/double  :db/cardinality :db.cardinality/one}
         {:db/ident :person/loves    :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many}
         {:db/ident :person/friends  :db/valueType :db.type/ref     :db/cardinality :db.cardinality/many}
         {:db/ident :person/spouse   :db/valueType :db.type/ref     :db/cardinality :db.cardinality/one}
         {:db/ident :person/color    :db/valueType :db.type/ref     :db/cardinality :db.cardinality/one}
         {:db/ident :person/address  :db/valueType :db.type/ref     :db/cardinality :db.cardinality/one :db/isComponent true}
         {:db/ident :address/street  :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
         {:db/ident :address/geo     :db/valueType :db.type/ref     :db/cardinality :db.cardinality/one :db/isComponent true}
         {:db/ident :geo/lat         :db/valueType :db.type/double  :db/cardinality :db.cardinality/one}
         {:db/ident :order/id        :db/valueType :db.type/string  :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
         {:db/ident :order/customer  :db/valueType :db.type/ref     :db/cardinality :db.cardinality/one}
         {:db/ident :order/lineItems :db/valueType :db.type/ref     :db/cardinality :db.cardinality/many :db/isComponent true}
         {:db/ident :lineItem/product  :db/valueType :db.type/ref  :db/cardinality :db.cardinality/one}
         {:db/ident :lineItem/quantity :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :product/sku     :db/valueType :db.type/string  :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
         {:db/ident :product/name    :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
         {:db/ident :account/balance :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}
         {:db/ident :data/src        :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
         {:db/ident :color/red} {:db/ident :color/green}]
        """;

    TempDb t;
    Connection conn;

    @BeforeEach void openDb() {
        t = TempDb.open(ConnectionOptions.defaults().withDurability(Durability.NO_FSYNC));
        conn = t.conn;
        tx(SCHEMA);
    }

    @AfterEach void closeDb() {
        t.close();
    }

    // ---- transacting -------------------------------------------------------------------------

    TxReport tx(String edn) { return conn.transact(read(edn)); }

    TxReport tx(List<?> txData) { return conn.transact(txData); }

    static List<?> read(String edn) { return (List<?>) Edn.read(edn); }

    /**
     * Transacts, expecting a rejection of {@code category}; checks that nothing changed (same
     * basis-t, same datoms in every index, same log) and that {@code with} rejects it the same way.
     */
    AccreteException fails(Keyword category, List<?> txData) {
        Db before = conn.db();
        List<Datom> history = all(before.history());
        int logSize = conn.txRange(null, null, Integer.MAX_VALUE).size();
        AccreteException e = assertThrows(AccreteException.class, () -> conn.transact(txData), () -> "expected " + category);
        assertEquals(category, e.category(), () -> "wrong category, message: " + e.getMessage());
        assertNotNull(e.getMessage());
        Db after = conn.db();
        assertSame(before, after, "a rejected transaction must leave the latest value as it was");
        assertEquals(before.basisT(), after.basisT());
        assertEquals(history, all(after.history()));
        assertEquals(logSize, conn.txRange(null, null, Integer.MAX_VALUE).size(), "a rejected transaction must not reach the log");
        AccreteException w = assertThrows(AccreteException.class, () -> conn.with(after, txData));
        assertEquals(category, w.category(), () -> "with gave " + w.getMessage());
        return e;
    }

    AccreteException fails(Keyword category, String edn) { return fails(category, read(edn)); }

    // ---- reading -----------------------------------------------------------------------------

    static Keyword kw(String s) { return Keyword.of(s); }

    static List<Object> lookup(String attr, Object v) { return List.of(kw(attr), v); }

    long id(String attr, Object v) { return id(conn.db(), attr, v); }

    static long id(Db db, String attr, Object v) {
        Long e = db.entid(lookup(attr, v));
        assertNotNull(e, "no entity with " + attr + " " + v);
        return e;
    }

    Set<Object> vals(long e, String attr) { return vals(conn.db(), e, attr); }

    static Set<Object> vals(Db db, long e, String attr) {
        Set<Object> out = new LinkedHashSet<>();
        for (Datom d : db.datoms(Index.EAVT, e, db.attributeStrict(kw(attr)).id(), null)) out.add(d.v());
        return out;
    }

    Object val(long e, String attr) { return val(conn.db(), e, attr); }

    static Object val(Db db, long e, String attr) {
        Set<Object> vs = vals(db, e, attr);
        assertTrue(vs.size() <= 1, () -> attr + " has several values " + vs);
        return vs.isEmpty() ? null : vs.iterator().next();
    }

    /** Every datom of an entity in the current value. */
    static List<Datom> entity(Db db, long e) {
        List<Datom> out = new ArrayList<>();
        for (Datom d : db.datoms(Index.EAVT, e, Db.ANY_A, null)) out.add(d);
        return out;
    }

    static List<Datom> all(Db db) {
        List<Datom> out = new ArrayList<>();
        for (Datom d : db.datoms(Index.EAVT, Db.ANY_E, Db.ANY_A, null)) out.add(d);
        return out;
    }

    /** The report's datoms other than the transaction's own txInstant. */
    static List<Datom> withoutTxInstant(TxReport r) {
        List<Datom> out = new ArrayList<>();
        for (Datom d : r.txData()) if (d.a() != BuiltIns.TX_INSTANT) out.add(d);
        return out;
    }

    /** [e attr v added] of a datom, with the attribute as its ident, for readable assertions. */
    static List<Object> show(Db db, Datom d) {
        Attribute a = db.schema().attribute(d.a());
        return List.of(d.e(), a.ident(), d.v(), d.added());
    }

    static Set<List<Object>> shown(Db db, List<Datom> ds) {
        Set<List<Object>> out = new LinkedHashSet<>();
        for (Datom d : ds) out.add(show(db, d));
        return out;
    }

    static long txId(TxReport r) { return EntityIds.tToTx(r.t()); }

    int attrId(String attr) { return conn.db().attributeStrict(kw(attr)).id(); }
}
