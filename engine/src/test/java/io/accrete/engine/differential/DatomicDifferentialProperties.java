package io.accrete.engine.differential;

import datomic.Peer;
import io.accrete.engine.Connection;
import io.accrete.engine.data.Edn;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.query.Query;
import io.accrete.engine.testing.TempDb;
import io.accrete.engine.tx.TxReport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs the same random transactions and queries on the real Datomic (peer library, in-memory
 * storage) and on Accrete, and compares every outcome: whether each transaction is accepted, and
 * the answers of a set of queries over the current, as-of, since and history views after each
 * step. Entity ids differ between the two, so queries return names and values, not ids.
 */
class DatomicDifferentialProperties {
    static final String SCHEMA = "[{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
            + " {:db/ident :p/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
            + " {:db/ident :p/score :db/valueType :db.type/double :db/cardinality :db.cardinality/one}"
            + " {:db/ident :p/tag :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many}"
            + " {:db/ident :p/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/value}"
            + " {:db/ident :p/friend :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}"
            + " {:db/ident :p/address :db/valueType :db.type/ref :db/cardinality :db.cardinality/one :db/isComponent true}"
            + " {:db/ident :a/street :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]";

    static final List<String> QUERIES = List.of(
            "[:find ?n ?a :where [?e :p/name ?n] [?e :p/age ?a]]",
            "[:find ?n ?t :where [?e :p/name ?n] [?e :p/tag ?t]]",
            "[:find ?n ?s :where [?e :p/name ?n] [?e :p/score ?s]]",
            "[:find ?n ?m :where [?e :p/name ?n] [?e :p/email ?m]]",
            "[:find ?n1 ?n2 :where [?a :p/friend ?b] [?a :p/name ?n1] [?b :p/name ?n2]]",
            "[:find ?n :where [?e :p/name ?n] (not [?e :p/tag :t/a])]",
            "[:find ?n (count ?t) :where [?e :p/name ?n] [?e :p/tag ?t]]",
            "[:find ?n :where [?e :p/name ?n] [?e :p/age ?a] [(> ?a 40)]]",
            "[:find ?n :where [?e :p/name ?n] (or [?e :p/tag :t/b] [?e :p/age 10])]",
            "[:find ?n ?s :where [?e :p/name ?n] [?e :p/address ?a] [?a :a/street ?s]]",
            "[:find ?s :where [?a :a/street ?s]]");

    static final List<String> HISTORY_QUERIES = List.of(
            "[:find ?a ?added :where [?e :p/age ?a ?tx ?added]]",
            "[:find ?t ?added :where [?e :p/tag ?t ?tx ?added]]");

    static final String[] NAMES = {"ann", "bob", "cid", "dan", "eve"};
    static final String[] TAGS = {":t/a", ":t/b", ":t/c"};

    @Provide
    Arbitrary<List<String>> transactions() {
        Arbitrary<String> name = Arbitraries.of(NAMES).map(n -> "\"" + n + "\"");
        Arbitrary<String> tag = Arbitraries.of(TAGS);
        Arbitrary<Integer> age = Arbitraries.integers().between(0, 80);
        Arbitrary<String> op = Arbitraries.oneOf(
                net.jqwik.api.Combinators.combine(name, age, tag).as((n, a, t) -> "[{:p/name " + n + " :p/age " + a + " :p/tag " + t + "}]"),
                net.jqwik.api.Combinators.combine(name, age).as((n, a) -> "[[:db/add [:p/name " + n + "] :p/age " + a + "]]"),
                net.jqwik.api.Combinators.combine(name, age).as((n, a) -> "[[:db/add [:p/name " + n + "] :p/score " + a + ".5]]"),
                net.jqwik.api.Combinators.combine(name, tag).as((n, t) -> "[[:db/retract [:p/name " + n + "] :p/tag " + t + "]]"),
                net.jqwik.api.Combinators.combine(name, tag).as((n, t) -> "[[:db/add [:p/name " + n + "] :p/tag " + t + "]]"),
                net.jqwik.api.Combinators.combine(name, name).as((a, b) -> "[[:db/add [:p/name " + a + "] :p/friend [:p/name " + b + "]]]"),
                name.map(n -> "[[:db/retractEntity [:p/name " + n + "]]]"),
                name.map(n -> "[[:db/retract [:p/name " + n + "] :p/age]]"),
                net.jqwik.api.Combinators.combine(name, age, age).as((n, a, b) -> "[[:db/cas [:p/name " + n + "] :p/age " + a + " " + b + "]]"),
                net.jqwik.api.Combinators.combine(name, name).as((n, m) -> "[{:p/name " + n + " :p/email " + m + "}]"),
                net.jqwik.api.Combinators.combine(name, name).as((a, b) -> "[{:db/id \"x\" :p/name " + a + "} {:db/id \"y\" :p/name " + b + " :p/friend \"x\"}]"),
                net.jqwik.api.Combinators.combine(name, age).as((n, a) -> "[[:db/add [:p/name " + n + "] :p/age " + a + "] [:db/add [:p/name " + n + "] :p/age " + (a + 1) + "]]"),
                name.map(n -> "[{:p/name " + n + " :p/age \"not a number\"}]"),
                name.map(n -> "[[:db/add [:p/name " + n + "] :p/score 3]]"),
                net.jqwik.api.Combinators.combine(name, age).as((n, a) -> "[{:p/name " + n + " :p/address {:a/street \"s" + a + "\"}}]"),
                net.jqwik.api.Combinators.combine(name, age).as((n, a) -> "[[:db/retract [:p/name " + n + "] :p/age " + a + "]]"),
                net.jqwik.api.Combinators.combine(name, name).as((a, b) -> "[{:db/id [:p/name " + a + "] :p/_friend [[:p/name " + b + "]]}]"),
                net.jqwik.api.Combinators.combine(name, age).as((n, a) -> "[[:db/add \"t\" :p/name " + n + "] [:db/add \"t\" :p/age " + a + "]]"),
                name.map(n -> "[{:p/name " + n + " :p/address {:p/name \"x\"}}]"),
                name.map(n -> "[{:p/name " + n + " :p/friend {:a/street \"nowhere\"}}]"));
        return op.list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 30)
    void sameAnswersAsDatomic(@ForAll("transactions") List<String> txs) throws Exception {
        try (DatomicMem dm = new DatomicMem("diff"); TempDb a = TempDb.open()) {
            datomic.Connection dconn = dm.conn;
            dconn.transact(DatomicMem.read(SCHEMA) instanceof List<?> l ? l : List.of()).get();
            a.tx(SCHEMA);
            List<datomic.Database> dbs = new ArrayList<>();
            List<Db> adbs = new ArrayList<>();
            for (String tx : txs) {
                boolean dOk = datomicTransact(dconn, tx);
                boolean aOk = accreteTransact(a.conn, tx);
                assertEquals(dOk, aOk, "accepted? " + tx);
                datomic.Database ddb = dconn.db();
                Db adb = a.conn.db();
                dbs.add(ddb);
                adbs.add(adb);
                for (String q : QUERIES) assertEquals(datomicQ(q, ddb), accreteQ(q, adb), q + " after " + tx);
            }
            // past views: as-of and since every earlier step, and history
            for (int i = 0; i < dbs.size(); i++) {
                long dt = dbs.get(i).basisT(), at = adbs.get(i).basisT();
                datomic.Database dnow = dconn.db();
                Db anow = a.conn.db();
                for (String q : QUERIES) {
                    assertEquals(datomicQ(q, dnow.asOf(dt)), accreteQ(q, anow.asOf(at)), "as-of step " + i + ": " + q);
                    assertEquals(datomicQ(q, dnow.since(dt)), accreteQ(q, anow.since(at)), "since step " + i + ": " + q);
                }
            }
            for (String q : HISTORY_QUERIES) assertEquals(datomicQ(q, dconn.db().history()), accreteQ(q, a.conn.db().history()), q);
        }
    }

    private static boolean datomicTransact(datomic.Connection c, String tx) {
        try {
            c.transact((List<?>) DatomicMem.read(tx)).get();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean accreteTransact(Connection c, String tx) {
        try {
            TxReport r = c.transact((List<?>) Edn.read(tx));
            return r != null;
        } catch (AccreteException e) {
            return false;
        }
    }

    /** Results as a sorted set of printed tuples, comparable across the two systems. */
    private static TreeSet<String> datomicQ(String q, datomic.Database db) {
        return normalize(Peer.q(q, db));
    }

    private static TreeSet<String> accreteQ(String q, Db db) {
        return normalize((Collection<?>) Query.q(q, db));
    }

    private static TreeSet<String> normalize(Collection<?> rows) {
        TreeSet<String> out = new TreeSet<>();
        for (Object row : rows) {
            StringBuilder sb = new StringBuilder();
            for (Object v : (List<?>) row) sb.append(v instanceof Map ? "map" : String.valueOf(v)).append(' ');
            out.add(sb.toString());
        }
        return out;
    }
}
