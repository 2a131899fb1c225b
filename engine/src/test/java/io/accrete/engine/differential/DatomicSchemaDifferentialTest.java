package io.accrete.engine.differential;

import clojure.lang.IExceptionInfo;
import datomic.Peer;
import datomic.Util;
import io.accrete.engine.Connection;
import io.accrete.engine.data.Edn;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.index.Datom;
import io.accrete.engine.query.Query;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.testing.TempDb;
import io.accrete.engine.tx.TxReport;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Old-style schema installation and alteration, and cardinality many→one, run step by step on the
 * real Datomic (in-memory) and on Accrete: each step must be accepted or refused alike, refused
 * with the same category, and accepted with the same datoms (ids shown as idents, since the two
 * number entities differently). The differences Accrete keeps on purpose are listed below.
 */
class DatomicSchemaDifferentialTest {
    static final List<String> STEPS = List.of(
            // installing: the old forms (map with :db.install/_attribute, list form, string tempid) and the modern one
            "[{:db/id #db/id[:db.part/db] :db/ident :s/a :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db.install/_attribute :db.part/db}]",
            "[[:db/add #db/id[:db.part/db -1] :db/ident :s/b] [:db/add #db/id[:db.part/db -1] :db/valueType :db.type/long]"
                    + " [:db/add #db/id[:db.part/db -1] :db/cardinality :db.cardinality/many] [:db/add :db.part/db :db.install/attribute #db/id[:db.part/db -1]]]",
            "[{:db/id \"c\" :db/ident :s/c :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many} [:db/add :db.part/db :db.install/attribute \"c\"]]",
            "[{:db/ident :s/d :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}]",
            "[{:db/id #db/id[:db.part/db] :db/ident :s/e :db/valueType :db.type/string :db/cardinality :db.cardinality/one"
                    + " :db/unique :db.unique/identity :db.install/_attribute :db.part/user}]",
            "[{:db/id #db/id[:db.part/user] :db/ident :s/f :db/valueType :db.type/long :db/cardinality :db.cardinality/one"
                    + " :db/noHistory true :db.install/_attribute :db.part/db}]",
            // the markers are the transactor's: what tx-data says about them is dropped
            "[[:db/retract :db.part/db :db.install/attribute :s/a]]",
            "[[:db/add :db.part/db :db.install/attribute :s/a]]",
            "[{:db/id #db/id[:db.part/db] :db/ident :s/not-an-attribute :db.install/_attribute :db.part/db}]",
            "[[:db/add :db.part/db :db.install/attribute \"nowhere\"]]",
            "[[:db/add :db.part/db :db.install/attribute :no/such]]",
            "[{:db/id #db/id[:db.part/db] :db/ident :s/nc :db/valueType :db.type/string :db.install/_attribute :db.part/db}]",
            // cardinality many -> one
            "[{:s/e \"x\" :s/b [1 2] :s/c :k/one}]",
            "[{:s/e \"y\" :s/b 3}]",
            "[{:db/id :s/b :db/cardinality :db.cardinality/one}]",
            "[{:db/id :s/b :db/cardinality :db.cardinality/one :db.alter/_attribute :db.part/db}]",
            "[[:db/retract [:s/e \"x\"] :s/b 2] [:db/add [:s/e \"y\"] :s/b 4] {:db/id :s/b :db/cardinality :db.cardinality/one}]",
            "[[:db/retract [:s/e \"x\"] :s/b 2] {:db/id :s/b :db/cardinality :db.cardinality/one}]",
            "[{:s/e \"x\" :s/b 5}]",
            "[{:db/id :s/c :db/cardinality :db.cardinality/one :db.alter/_attribute :db.part/db}]",
            "[{:db/id :s/c :db/cardinality :db.cardinality/many}]",
            // what counts as an alteration
            "[{:db/id :s/a :db/unique :db.unique/value}]",
            "[{:db/id :s/d :db/isComponent true}]",
            "[{:db/id :s/a :db/noHistory true}]",
            "[{:db/id :s/e :db/index true}]",
            "[[:db/retract :s/a :db/unique :db.unique/value]]",
            "[{:db/id :s/a :db/ident :s/a2}]",
            "[{:db/id :s/a2 :db/doc \"documented\"}]",
            "[{:db/id :s/a2 :db/valueType :db.type/long :db.alter/_attribute :db.part/db}]");

    /**
     * Datomic category → the one Accrete keeps for the same refusal: Datomic reports a missing
     * required attribute as an invalid install and every refused alteration as an invalid alter,
     * while Accrete's older categories predate this comparison (many→one is the same in both).
     */
    static final Map<String, String> KNOWN_CATEGORY_DIFFERENCES = Map.of(
            ":db.error/invalid-install-attribute", ":db.error/incorrect-schema",
            ":db.error/invalid-alter-attribute", ":db.error/incompatible-schema-change");

    static final String USER_ATTRIBUTES = "[:find ?i :in $ ?marker :where [:db.part/db ?marker ?a] [?a :db/ident ?i]"
            + " [(namespace ?i) ?ns] [(= ?ns \"s\")]]";

    @Test void sameOutcomesAndDatomsAsDatomic() throws Exception {
        try (DatomicMem dm = new DatomicMem("schema-diff"); TempDb a = TempDb.open()) {
            datomic.Connection dconn = dm.conn;
            for (String step : STEPS) {
                Outcome d = datomic(dconn, step), acc = accrete(a.conn, step);
                assertEquals(d.error == null, acc.error == null, () -> "accepted? " + step + " datomic " + d + " accrete " + acc);
                if (d.error != null) {
                    assertTrue(d.error.equals(acc.error) || acc.error.equals(KNOWN_CATEGORY_DIFFERENCES.get(d.error)),
                            () -> "category of " + step + ": datomic " + d.error + ", accrete " + acc.error);
                } else {
                    assertEquals(d.datoms, acc.datoms, step);
                }
            }
            for (String marker : List.of(":db.install/attribute", ":db.alter/attribute")) {
                assertEquals(rows(Peer.q(USER_ATTRIBUTES, dconn.db(), Util.read(marker))),
                        rows((Collection<?>) Query.q(USER_ATTRIBUTES, a.conn.db(), Edn.read(marker))), marker);
            }
            for (String attr : List.of(":s/a2", ":s/b", ":s/c", ":s/d", ":s/e", ":s/f")) {
                datomic.Attribute da = dconn.db().attribute(Util.read(attr));
                Attribute aa = a.conn.db().attribute(Edn.read(attr));
                assertEquals(List.of(String.valueOf(da.cardinality()).endsWith("many"), String.valueOf(da.unique()), da.isComponent(), da.hasNoHistory()),
                        List.of(aa.many(), String.valueOf(aa.unique().ident()), aa.component(), aa.noHistory()), attr);
            }
        }
    }

    /** A step's result: its datoms shown without ids, or its error category. */
    record Outcome(Set<String> datoms, String error) {}

    private static Outcome datomic(datomic.Connection c, String tx) {
        Map<?, ?> r;
        try {
            r = c.transact((List<?>) DatomicMem.read(tx)).get();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            Object category = cause instanceof IExceptionInfo info ? info.getData().valAt(Util.read(":db/error")) : cause.toString();
            return new Outcome(null, String.valueOf(category));
        }
        datomic.Database before = (datomic.Database) r.get(datomic.Connection.DB_BEFORE);
        datomic.Database after = (datomic.Database) r.get(datomic.Connection.DB_AFTER);
        Set<String> out = new TreeSet<>();
        for (Object o : (List<?>) r.get(datomic.Connection.TX_DATA)) {
            datomic.Datom d = (datomic.Datom) o;
            String attr = String.valueOf(after.ident(d.a()));
            if (attr.equals(":db/txInstant")) continue;
            // Datomic asserts the alter marker again on every alteration; Accrete keeps one (see SchemaMarkers)
            if (attr.equals(":db.alter/attribute") && before.datoms(datomic.Database.EAVT, d.e(), d.a(), d.v()).iterator().hasNext()) continue;
            boolean ref = after.attribute(d.a()).valueType().equals(datomic.Attribute.TYPE_REF);
            out.add(show(name(after.ident(d.e())), attr, ref ? name(after.ident(d.v())) : value(d.v()), d.added()));
        }
        return new Outcome(out, null);
    }

    private static Outcome accrete(Connection c, String tx) {
        TxReport r;
        try {
            r = c.transact((List<?>) Edn.read(tx));
        } catch (AccreteException e) {
            return new Outcome(null, e.category().toString());
        }
        Db after = r.dbAfter();
        Set<String> out = new TreeSet<>();
        for (Datom d : r.txData()) {
            Attribute a = after.schema().attribute(d.a());
            if (a.ident().toString().equals(":db/txInstant")) continue;
            out.add(show(name(after.ident(d.e())), a.ident().toString(), a.isRef() ? name(after.ident((Long) d.v())) : value(d.v()), d.added()));
        }
        return new Outcome(out, null);
    }

    private static String show(String e, String a, String v, boolean added) {
        return "[" + e + " " + a + " " + v + " " + added + "]";
    }

    /** An entity by its ident; ids without one differ between the systems and show as #id. */
    private static String name(Object ident) {
        return ident == null ? "#id" : ident.toString();
    }

    private static String value(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    private static Set<String> rows(Collection<?> rows) {
        Set<String> out = new TreeSet<>();
        for (Object row : rows) out.add(String.valueOf(((List<?>) row).get(0)));
        return out;
    }
}
