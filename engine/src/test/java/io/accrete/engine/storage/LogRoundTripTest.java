package io.accrete.engine.storage;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.db.Db;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.DatomOrder;
import io.accrete.engine.index.Index;
import io.accrete.engine.testing.TempDb;
import io.accrete.engine.tx.TxReport;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/** Every value type, and transactions bigger than one log row, come back the same after reopening. */
class LogRoundTripTest {

    @Test void everyValueTypeSurvivesTheLog() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("string", "quotes \" backslash \\ newline \n tab \t unicode é 中 😀 and #{} [] ;comment");
        values.put("long", Long.MIN_VALUE);
        values.put("double", -0.0);
        values.put("float", 1.1f);
        values.put("boolean", false);
        values.put("instant", new Date(1_234_567_890_123L));
        values.put("uuid", UUID.fromString("6f1c6f0e-3b7a-4e0e-9b8c-2a8f1f3d4c5b"));
        values.put("keyword", Keyword.of("some.ns/kw"));
        values.put("symbol", Symbol.of("some.ns/sym"));
        values.put("bigint", new BigInteger("123456789012345678901234567890"));
        values.put("bigdec", new BigDecimal("-1234567890.0987654321"));
        values.put("uri", URI.create("https://example.com/a?b=c#d"));
        values.put("bytes", new byte[]{0, 1, -1, 127, -128});
        try (TempDb t = TempDb.open()) {
            StringBuilder schema = new StringBuilder("[");
            for (String type : values.keySet()) {
                schema.append("{:db/ident :v/").append(type).append(" :db/valueType :db.type/").append(type)
                        .append(" :db/cardinality :db.cardinality/one}");
            }
            schema.append("{:db/ident :v/tuple :db/valueType :db.type/tuple :db/tupleTypes [:db.type/string :db.type/double :db.type/instant]"
                    + " :db/cardinality :db.cardinality/one}");
            schema.append("{:db/ident :v/many :db/valueType :db.type/double :db/cardinality :db.cardinality/many}]");
            t.tx(schema.toString());
            Map<Object, Object> entity = new LinkedHashMap<>();
            entity.put(Keyword.of("db/id"), "e");
            for (Map.Entry<String, Object> en : values.entrySet()) entity.put(Keyword.of("v/" + en.getKey()), en.getValue());
            entity.put(Keyword.of("v/tuple"), Arrays.asList("s", null, new Date(5)));
            entity.put(Keyword.of("v/many"), List.of(Double.MAX_VALUE, Double.MIN_VALUE, 1e-300, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
            TxReport r = t.conn.transact(List.of(entity));
            long e = r.tempid("e");
            // a transaction of more than a megabyte of text, split over several log rows
            String big = "0123456789abcdef".repeat(80_000);
            TxReport r2 = t.conn.transact(List.of(List.of(Keyword.of("db/add"), e, Keyword.of("v/string"), big)));
            Db before = t.conn.db();
            List<Datom> history = all(before.history());
            t.conn.close();
            try (Connection c2 = Connection.open("test", t.dir, ConnectionOptions.defaults())) {
                Db db = c2.db();
                assertEquals(before.basisT(), db.basisT());
                List<Datom> again = all(db.history());
                assertEquals(history.size(), again.size());
                for (int i = 0; i < history.size(); i++) {
                    Datom a = history.get(i), b = again.get(i);
                    assertEquals(a.e(), b.e());
                    assertEquals(a.a(), b.a());
                    assertEquals(a.tx(), b.tx());
                    assertEquals(a.added(), b.added());
                    assertTrue(DatomOrder.sameValue(a.v(), b.v()), a + " came back as " + b);
                    if (!(a.v() instanceof List)) assertEquals(a.v().getClass(), b.v().getClass(), a.toString());
                }
                for (Map.Entry<String, Object> en : values.entrySet()) {
                    if (en.getKey().equals("string")) continue;
                    Object v = value(db, e, "v/" + en.getKey());
                    if (v instanceof byte[] bytes) assertArrayEquals((byte[]) en.getValue(), bytes);
                    else assertEquals(en.getValue(), v, en.getKey());
                }
                assertEquals(big, value(db, e, "v/string"));
                assertEquals(Arrays.asList("s", null, new Date(5)), value(db, e, "v/tuple"));
                assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) value(db, e, "v/double")));
                List<Connection.LogTx> log = c2.txRange(r2.t(), null, 10);
                assertEquals(1, log.size());
                assertEquals(r2.txData().size(), log.get(0).datoms().size());
                assertEquals(Edn.print(r2.txData()), Edn.print(log.get(0).datoms()));
            }
        }
    }

    private static Object value(Db db, long e, String attr) {
        for (Datom d : db.datoms(Index.EAVT, e, db.attributeStrict(Keyword.of(attr)).id(), null)) return d.v();
        return null;
    }

    private static List<Datom> all(Db db) {
        List<Datom> out = new ArrayList<>();
        for (Datom d : db.datoms(Index.EAVT, Db.ANY_E, Db.ANY_A, null)) out.add(d);
        return out;
    }
}
