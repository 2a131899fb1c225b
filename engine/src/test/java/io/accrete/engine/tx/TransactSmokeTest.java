package io.accrete.engine.tx;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TransactSmokeTest {
    @Test
    void schemaThenDataThenReopen() {
        try (TempDb t = TempDb.open()) {
            t.tx("[{:db/ident :cc/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                    + " {:db/ident :cc/n :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
                    + " {:db/ident :cc/friend :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}]");
            TxReport r = t.tx("[{:db/id \"a\" :cc/name \"Ann\" :cc/n 1} {:db/id \"b\" :cc/name \"Bob\" :cc/n 2 :cc/friend \"a\"}]");
            long ann = r.tempids().get("a");
            Db db = r.dbAfter();
            assertEquals(ann, db.entid(List.of(Keyword.of("cc/name"), "Ann")));
            TxReport r2 = t.tx("[[:db/add [:cc/name \"Ann\"] :cc/n 10]]");
            List<Datom> ds = r2.txData();
            assertEquals(3, ds.size(), ds.toString()); // txInstant, retract 1, add 10
            List<Object> vals = new ArrayList<>();
            for (Datom d : r2.dbAfter().datoms(Index.EAVT, ann, r2.dbAfter().attribute(Keyword.of("cc/n")).id(), null)) vals.add(d.v());
            assertEquals(List.of(10L), vals);
            Db asOf = r2.dbAfter().asOf(r.dbAfter().basisT());
            vals.clear();
            for (Datom d : asOf.datoms(Index.EAVT, ann, asOf.attribute(Keyword.of("cc/n")).id(), null)) vals.add(d.v());
            assertEquals(List.of(1L), vals);
            // upsert
            TxReport r3 = t.tx("[{:cc/name \"Ann\" :cc/n 11}]");
            assertEquals(ann, r3.dbAfter().entid(List.of(Keyword.of("cc/name"), "Ann")));
            long basis = r3.dbAfter().basisT();
            t.conn.close();
            try (var c2 = io.accrete.engine.Connection.open("test", t.dir, io.accrete.engine.ConnectionOptions.defaults())) {
                Db re = c2.db();
                assertEquals(basis, re.basisT());
                vals.clear();
                for (Datom d : re.datoms(Index.EAVT, ann, re.attribute(Keyword.of("cc/n")).id(), null)) vals.add(d.v());
                assertEquals(List.of(11L), vals);
                assertEquals(r3.dbAfter().nextT(), re.nextT());
            }
        }
    }
}
