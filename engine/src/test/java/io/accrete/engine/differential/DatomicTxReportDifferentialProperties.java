package io.accrete.engine.differential;

import clojure.lang.IExceptionInfo;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.BuiltIns;
import io.accrete.engine.testing.TempDb;
import io.accrete.engine.tx.TxReport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs random transactions on the real Datomic (peer library, in-memory storage) and on Accrete
 * and compares each transaction's outcome in detail: the error category when refused, and when
 * accepted the report's datoms and where each tempid went. Entity ids differ between the two, so
 * every entity is shown by the name of what it is ({@code p/name=ann}, {@code tx}).
 *
 * <p>Left out on purpose: numbers of one type for an attribute of another (both refuse; Accrete
 * documents it); schema alterations, whose categories Accrete's README lists as different; a
 * tempid asserting only a new identity value that another tempid upserts through, which Datomic
 * refuses or accepts depending on the order of the forms, and Accrete always merges. When a tempid
 * resolves to two entities both refuse, but Datomic may call it a datoms conflict, depending on
 * which entity it bound the tempid to; that is accepted as either.
 */
class DatomicTxReportDifferentialProperties {
    static final String SCHEMA = "[{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
            + " {:db/ident :p/handle :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
            + " {:db/ident :p/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/value}"
            + " {:db/ident :p/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
            + " {:db/ident :p/tag :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many}"
            + " {:db/ident :p/friend :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}"
            + " {:db/ident :p/best :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}"
            + " {:db/ident :p/address :db/valueType :db.type/ref :db/cardinality :db.cardinality/one :db/isComponent true}"
            + " {:db/ident :p/pets :db/valueType :db.type/ref :db/cardinality :db.cardinality/many :db/isComponent true}"
            + " {:db/ident :p/first :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
            + " {:db/ident :p/last :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
            + " {:db/ident :p/full :db/valueType :db.type/tuple :db/tupleAttrs [:p/first :p/last] :db/cardinality :db.cardinality/one :db/unique :db.unique/value}"
            + " {:db/ident :a/street :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
            + " {:db/ident :a/code :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
            + " {:db/ident :pet/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
            + " {:db/ident :tx/note :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
            + " {:db/ident :tx/by :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}]";

    static final String TWO_ENTITIES = "refused: a tempid resolves to two entities";

    /** Attributes that name an entity, in the order they are tried. */
    static final List<String> NAMING = List.of(":p/name", ":a/code", ":a/street", ":pet/name", ":p/handle");

    @Provide
    Arbitrary<List<String>> transactions() {
        Arbitrary<String> n = Arbitraries.of("\"ann\"", "\"bob\"", "\"cid\"");
        Arbitrary<String> h = Arbitraries.of("\"h1\"", "\"h2\"");
        Arbitrary<String> s = Arbitraries.of("\"s1\"", "\"s2\"", "\"s3\"");
        Arbitrary<Integer> a = Arbitraries.integers().between(1, 3);
        Arbitrary<String> tag = Arbitraries.of(":t/a", ":t/b");
        Arbitrary<String> tid = Arbitraries.of("\"x\"", "\"y\"", "-1", "-2");
        Arbitrary<String> who = Arbitraries.oneOf(n.map(v -> "[:p/name " + v + "]"), h.map(v -> "[:p/handle " + v + "]"));
        Arbitrary<String> form = Arbitraries.oneOf(
                Combinators.combine(n, a).as((x, y) -> "{:p/name " + x + " :p/age " + y + "}"),
                Combinators.combine(tid, n, a).as((t, x, y) -> "{:db/id " + t + " :p/name " + x + " :p/age " + y + "}"),
                Combinators.combine(tid, a).as((t, y) -> "[:db/add " + t + " :p/age " + y + "]"),
                Combinators.combine(tid, n).as((t, x) -> "[:db/add " + t + " :p/name " + x + "]"),
                Combinators.combine(who, a).as((w, y) -> "[:db/add " + w + " :p/age " + y + "]"),
                Combinators.combine(who, a).as((w, y) -> "[:db/retract " + w + " :p/age " + y + "]"),
                Combinators.combine(who, a, a).as((w, x, y) -> "[:db/cas " + w + " :p/age " + (x == 3 ? "nil" : x) + " " + y + "]"),
                Combinators.combine(who, a).as((w, x) -> "[:db/cas " + w + " :p/age " + x + " nil]"),
                Combinators.combine(tid, a, a).as((t, x, y) -> "[:db/cas " + t + " :p/age " + (x == 3 ? "nil" : x) + " " + y + "]"),
                Combinators.combine(who, tag).as((w, t) -> "[:db/add " + w + " :p/tag " + t + "]"),
                Combinators.combine(who, tag).as((w, t) -> "[:db/retract " + w + " :p/tag " + t + "]"),
                Combinators.combine(n, tag, tag).as((x, t, u) -> "{:p/name " + x + " :p/tag [" + t + " " + u + "]}"),
                Combinators.combine(who, who).as((w, v) -> "[:db/add " + w + " :p/friend " + v + "]"),
                Combinators.combine(who, who).as((w, v) -> "[:db/retract " + w + " :p/friend " + v + "]"),
                Combinators.combine(who, who).as((w, v) -> "[:db/add " + w + " :p/best " + v + "]"),
                Combinators.combine(n, who, tid).as((x, w, t) -> "{:p/name " + x + " :p/friend [" + w + " " + t + "]}"),
                Combinators.combine(n, n).as((x, y) -> "{:p/name " + x + " :p/best {:p/name " + y + "}}"),
                Combinators.combine(n, a).as((x, y) -> "{:p/name " + x + " :p/best {:p/age " + y + "}}"),
                Combinators.combine(n, s).as((x, y) -> "{:p/name " + x + " :p/address {:a/street " + y + "}}"),
                Combinators.combine(n, s, h).as((x, y, c) -> "{:p/name " + x + " :p/address {:a/code " + c + " :a/street " + y + "}}"),
                Combinators.combine(n, s, s).as((x, y, z) -> "{:p/name " + x + " :p/pets [{:pet/name " + y + "} {:pet/name " + z + "}]}"),
                Combinators.combine(n, who).as((x, w) -> "{:p/name " + x + " :p/_friend [" + w + "]}"),
                Combinators.combine(n, who).as((x, w) -> "{:p/name " + x + " :p/_best " + w + "}"),
                Combinators.combine(n, s).as((x, y) -> "{:a/street " + y + " :p/_address [:p/name " + x + "]}"),
                who.map(w -> "[:db/retractEntity " + w + "]"),
                Combinators.combine(n, n).as((x, y) -> "{:p/name " + x + " :p/email " + y + "}"),
                Combinators.combine(who, n).as((w, y) -> "[:db/add " + w + " :p/email " + y + "]"),
                Combinators.combine(n, s, s).as((x, f, l) -> "{:p/name " + x + " :p/first " + f + " :p/last " + l + "}"),
                Combinators.combine(who, s).as((w, f) -> "[:db/retract " + w + " :p/first " + f + "]"),
                Combinators.combine(s, who).as((x, w) -> "{:db/id \"datomic.tx\" :tx/note " + x + " :tx/by " + w + "}"),
                s.map(x -> "[:db/add \"datomic.tx\" :tx/note " + x + "]"),
                Combinators.combine(who, a).as((w, y) -> "{:db/id " + w + " :p/age " + y + "}"),
                who.map(w -> "[:db/retract " + w + " :p/age]"),
                Combinators.combine(who, tid).as((w, t) -> "[:db/add " + w + " :p/best " + t + "]"),
                Combinators.combine(n, h, a).as((x, y, z) -> "{:p/name " + x + " :p/best {:p/handle " + y + " :p/age " + z + "}}"),
                Combinators.combine(n, tag).as((x, t) -> "{:p/name " + x + " :p/tag " + t + "}"));
        // Alone in its transaction, so that it never meets another tempid through a new identity value.
        Arbitrary<String> twoIdentities = Combinators.combine(n, h).as((x, y) -> "[{:p/name " + x + " :p/handle " + y + "}]");
        Arbitrary<String> tx = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, form.list().ofMinSize(1).ofMaxSize(4).map(fs -> "[" + String.join(" ", fs) + "]")),
                net.jqwik.api.Tuple.of(1, twoIdentities));
        return tx.list().ofMinSize(1).ofMaxSize(10);
    }

    @Property(tries = 50)
    void sameReportsAsDatomic(@ForAll("transactions") List<String> txs) throws Exception {
        try (DatomicMem dm = new DatomicMem("txdiff"); TempDb acc = TempDb.open()) {
            datomic.Connection dconn = dm.conn;
            dconn.transact(readDatomic(SCHEMA)).get();
            acc.tx(SCHEMA);
            for (String tx : txs) {
                String expected = datomicOutcome(dconn, tx), actual = accreteOutcome(acc, tx);
                // Which entity Datomic binds such a tempid to decides which of the two it reports.
                if (actual.equals(TWO_ENTITIES) && (expected.equals("refused :db.error/unique-conflict")
                        || expected.equals("refused :db.error/datoms-conflict"))) continue;
                assertEquals(expected, actual, tx);
            }
        }
    }

    private static List<?> readDatomic(String edn) {
        return (List<?>) DatomicMem.read(edn);
    }

    // ---- Datomic --------------------------------------------------------------------------------

    private static String datomicOutcome(datomic.Connection c, String tx) {
        Map<?, ?> r;
        try {
            r = c.transact(readDatomic(tx)).get();
        } catch (Exception e) {
            return "refused " + datomicCategory(e);
        }
        datomic.Database before = (datomic.Database) r.get(datomic.Connection.DB_BEFORE);
        datomic.Database after = (datomic.Database) r.get(datomic.Connection.DB_AFTER);
        Object txId = null;
        for (Object o : (List<?>) r.get(datomic.Connection.TX_DATA)) txId = ((datomic.Datom) o).tx();
        long tx0 = (Long) txId;
        Function<Object, String> name = e -> datomicName(tx0, (Long) e, after, before);
        TreeSet<String> datoms = new TreeSet<>();
        for (Object o : (List<?>) r.get(datomic.Connection.TX_DATA)) {
            datomic.Datom d = (datomic.Datom) o;
            Object attr = after.ident(d.a());
            if (":db/txInstant".equals(attr.toString())) continue;
            Object type = after.entity(d.a()).get(":db/valueType");
            Object v = ":db.type/ref".equals(String.valueOf(type)) ? name.apply(d.v()) : show(d.v());
            datoms.add("[" + name.apply(d.e()) + " " + attr + " " + v + " " + d.added() + "]");
        }
        TreeMap<String, String> tempids = new TreeMap<>();
        for (Map.Entry<?, ?> t : ((Map<?, ?>) r.get(datomic.Connection.TEMPIDS)).entrySet()) {
            // Datomic lists the tempids it made up for maps without :db/id; Accrete does not.
            if (t.getKey() instanceof Long k && k < -1_000_000) continue;
            long e = (Long) t.getValue();
            boolean existed = before.datoms(datomic.Database.EAVT, e).iterator().hasNext();
            tempids.put(String.valueOf(t.getKey()), (existed ? "existing " : "new ") + name.apply(e));
        }
        return "accepted " + datoms + " tempids " + tempids;
    }

    private static String datomicName(long tx, long e, datomic.Database after, datomic.Database before) {
        if (e == tx) return "tx";
        for (datomic.Database db : List.of(after, before)) {
            datomic.Entity ent = db.entity(e);
            for (String attr : NAMING) {
                Object v = ent.get(attr);
                if (v != null) return attr.substring(1) + "=" + v;
            }
            Object ident = ent.get(":db/ident");
            if (ident != null) return ident.toString();
        }
        return "anon";
    }

    /** The {@code :db/error} of the first cause that has ex-data naming one. */
    private static String datomicCategory(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IExceptionInfo info) {
                Object cat = info.getData().valAt(clojure.lang.Keyword.intern("db", "error"));
                if (cat != null) return cat.toString();
            }
        }
        return "unknown " + e;
    }

    // ---- Accrete --------------------------------------------------------------------------------

    private static String accreteOutcome(TempDb acc, String tx) {
        TxReport r;
        try {
            r = acc.tx(tx);
        } catch (AccreteException e) {
            if (e.getMessage().contains("resolves to two entities")) return TWO_ENTITIES;
            return "refused " + e.category();
        }
        Db before = r.dbBefore(), after = r.dbAfter();
        long txId = EntityIds.tToTx(r.t());
        Function<Long, String> name = e -> accreteName(txId, e, after, before);
        TreeSet<String> datoms = new TreeSet<>();
        for (Datom d : r.txData()) {
            if (d.a() == BuiltIns.TX_INSTANT) continue;
            Attribute attr = after.schema().attribute(d.a());
            Object v = attr.isRef() ? name.apply((Long) d.v()) : show(d.v());
            datoms.add("[" + name.apply(d.e()) + " " + attr.ident() + " " + v + " " + d.added() + "]");
        }
        TreeMap<String, String> tempids = new TreeMap<>();
        for (Map.Entry<Object, Long> t : r.tempids().entrySet()) {
            long e = t.getValue();
            boolean existed = before.datoms(Index.EAVT, e, Db.ANY_A, null).iterator().hasNext();
            tempids.put(String.valueOf(t.getKey()), (existed ? "existing " : "new ") + name.apply(e));
        }
        return "accepted " + datoms + " tempids " + tempids;
    }

    private static String accreteName(long tx, long e, Db after, Db before) {
        if (e == tx) return "tx";
        for (Db db : List.of(after, before)) {
            for (String attr : NAMING) {
                Attribute a = db.attributeStrict(Keyword.of(attr.substring(1)));
                for (Datom d : db.datoms(Index.EAVT, e, a.id(), null)) return attr.substring(1) + "=" + d.v();
            }
            Keyword ident = db.ident(e);
            if (ident != null) return ident.toString();
        }
        return "anon";
    }

    /** A value printed the same way for both systems: strings quoted, tuples as vectors. */
    private static String show(Object v) {
        if (v instanceof String s) return '"' + s + '"';
        if (v instanceof List<?> l) return l.stream().map(DatomicTxReportDifferentialProperties::show).collect(Collectors.joining(" ", "[", "]"));
        return String.valueOf(v);
    }
}
