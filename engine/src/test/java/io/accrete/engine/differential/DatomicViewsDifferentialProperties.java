package io.accrete.engine.differential;

import datomic.Peer;
import io.accrete.engine.Connection;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.index.Index;
import io.accrete.engine.pull.Entity;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.testing.TempDb;
import io.accrete.engine.tx.TxReport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs random histories on the real Datomic (peer library, in-memory storage) and on Accrete and
 * compares what the database value APIs give over every earlier point: datoms of each index,
 * index-range, entities (touched, with reverse and component refs) and basis points, in the
 * current, as-of, since and history views and their compositions; the log's transactions; and
 * with, and with on with. Entity ids differ, so an entity is shown by the first naming value it
 * ever had and the step that gave it ({@code p/name=ann@2}), a transaction by its step.
 */
class DatomicViewsDifferentialProperties {
    static final String SCHEMA = "[{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
            + " {:db/ident :p/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one :db/index true}"
            + " {:db/ident :p/tag :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many :db/index true}"
            + " {:db/ident :p/friend :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}"
            + " {:db/ident :p/best :db/valueType :db.type/ref :db/cardinality :db.cardinality/one :db/index true}"
            + " {:db/ident :p/address :db/valueType :db.type/ref :db/cardinality :db.cardinality/one :db/isComponent true}"
            + " {:db/ident :p/pets :db/valueType :db.type/ref :db/cardinality :db.cardinality/many :db/isComponent true}"
            + " {:db/ident :a/street :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
            + " {:db/ident :pet/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]";

    static final List<String> USER_ATTRS = List.of(":p/name", ":p/age", ":p/tag", ":p/friend", ":p/best", ":p/address", ":p/pets", ":a/street", ":pet/name");
    static final List<String> NAMING = List.of(":p/name", ":a/street", ":pet/name");
    static final List<String> NAMES = List.of("ann", "bob", "cid");
    static final List<String> REVERSE = List.of(":p/_friend", ":p/_best", ":p/_address", ":p/_pets");

    @Provide
    Arbitrary<List<String>> transactions() {
        Arbitrary<String> n = Arbitraries.of(NAMES).map(x -> "\"" + x + "\"");
        Arbitrary<String> who = n.map(x -> "[:p/name " + x + "]");
        Arbitrary<Integer> a = Arbitraries.integers().between(1, 4);
        Arbitrary<String> s = Arbitraries.of("\"s1\"", "\"s2\"");
        Arbitrary<String> tag = Arbitraries.of(":t/a", ":t/b");
        Arbitrary<String> form = Arbitraries.oneOf(
                Combinators.combine(n, a).as((x, y) -> "{:p/name " + x + " :p/age " + y + "}"),
                Combinators.combine(n, tag).as((x, t) -> "{:p/name " + x + " :p/tag " + t + "}"),
                Combinators.combine(who, a).as((w, y) -> "[:db/retract " + w + " :p/age " + y + "]"),
                Combinators.combine(who, tag).as((w, t) -> "[:db/add " + w + " :p/tag " + t + "]"),
                Combinators.combine(who, tag).as((w, t) -> "[:db/retract " + w + " :p/tag " + t + "]"),
                Combinators.combine(who, who).as((w, v) -> "[:db/add " + w + " :p/friend " + v + "]"),
                Combinators.combine(who, who).as((w, v) -> "[:db/retract " + w + " :p/friend " + v + "]"),
                Combinators.combine(who, who).as((w, v) -> "[:db/add " + w + " :p/best " + v + "]"),
                Combinators.combine(n, s).as((x, y) -> "{:p/name " + x + " :p/address {:a/street " + y + "}}"),
                Combinators.combine(n, s).as((x, y) -> "{:p/name " + x + " :p/pets [{:pet/name " + y + "}]}"),
                who.map(w -> "[:db/retractEntity " + w + "]"),
                who.map(w -> "[:db/retract " + w + " :p/age]"));
        return form.list().ofMinSize(1).ofMaxSize(3).map(fs -> "[" + String.join(" ", fs) + "]").list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 15)
    void sameViewsAsDatomic(@ForAll("transactions") List<String> txs) throws Exception {
        try (DatomicMem dm = new DatomicMem("views"); TempDb acc = TempDb.open()) {
            datomic.Connection dconn = dm.conn;
            dconn.transact(read(SCHEMA)).get();
            acc.tx(SCHEMA);
            List<Long> dts = new ArrayList<>(List.of(dconn.db().basisT())), ats = new ArrayList<>(List.of(acc.conn.db().basisT()));
            List<String> accepted = new ArrayList<>();
            for (String tx : txs) {
                boolean dOk, aOk;
                try { dconn.transact(read(tx)).get(); dOk = true; } catch (Exception e) { dOk = false; }
                try { acc.tx(tx); aOk = true; } catch (AccreteException e) { aOk = false; }
                assertEquals(dOk, aOk, "accepted? " + tx);
                if (!dOk) continue;
                accepted.add(tx);
                dts.add(dconn.db().basisT());
                ats.add(acc.conn.db().basisT());
            }
            D d = new D(dconn, dts, dconn.db(), new HashMap<>());
            A a = new A(acc.conn, ats, acc.conn.db(), new HashMap<>());
            assertEquals(d.log(), a.log(), "tx-range");
            int last = dts.size() - 1;
            for (int i = 0; i <= last; i++) {
                for (int j = 0; j <= last; j += Math.max(1, last / 2)) {
                    int ii = i, jj = j;
                    String where = "i=" + i + " j=" + j + " after " + accepted;
                    compare(d, a, x -> x.asOf(ii), "as-of " + where);
                    compare(d, a, x -> x.since(ii), "since " + where);
                    compare(d, a, x -> x.asOf(ii).since(jj), "as-of.since " + where);
                    compare(d, a, x -> x.since(jj).asOf(ii), "since.as-of " + where);
                    compare(d, a, x -> x.asOf(ii).asOf(jj), "as-of.as-of " + where);
                    compare(d, a, x -> x.since(ii).since(jj), "since.since " + where);
                    compare(d, a, x -> x.history().asOf(ii).since(jj), "history.as-of.since " + where);
                    compare(d, a, x -> x.since(jj).history(), "since.history " + where);
                    compare(d, a, x -> x.asOf(ii).history(), "as-of.history " + where);
                }
            }
            compare(d, a, x -> x, "now");
            compare(d, a, View::history, "history");
            if (accepted.size() >= 2) {
                String t1 = accepted.get(accepted.size() - 2), t2 = accepted.get(accepted.size() - 1);
                assertEquals(d.withWith(t1, t2), a.withWith(t1, t2), "with on with " + accepted);
            }
        }
    }

    static void compare(D d, A a, UnaryOperator<View> view, String where) {
        assertEquals(view.apply(d).describe(), view.apply(a).describe(), where);
    }

    static List<?> read(String edn) {
        return (List<?>) DatomicMem.read(edn);
    }

    /** A value printed the same way for both systems; refs by name. */
    static String show(Object v, boolean ref, Function<Long, String> name) {
        if (ref) return name.apply(((Number) v).longValue());
        if (v instanceof String s) return '"' + s + '"';
        return String.valueOf(v);
    }

    /** Call arguments with each system's keywords for the strings that start with a colon. */
    static Object[] convert(Function<String, Object> keyword, Object... components) {
        Object[] out = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Object c = components[i];
            out[i] = c instanceof List<?> l ? List.of(convert(keyword, l.toArray())) : c instanceof String s && s.startsWith(":") ? keyword.apply(s.substring(1)) : c;
        }
        return out;
    }

    /** Datoms as a sorted list: the order within a value follows entity and attribute ids, which differ. */
    static final class SortedList extends ArrayList<String> {
        @Override public String toString() { return stream().sorted().toList().toString(); }
        @Override public boolean equals(Object o) { return o instanceof SortedList l && toString().equals(l.toString()); }
        @Override public int hashCode() { return toString().hashCode(); }
    }

    /** One database value of either system, with the calls compared. */
    interface View {
        View asOf(int step);
        View since(int step);
        View history();
        String points();
        List<String> datoms(String index, Object... components);
        List<String> indexRange(String attr, Object start, Object end);
        String entity(Object lookup);

        default String describe() {
            StringBuilder sb = new StringBuilder(points()).append('\n');
            sb.append("eavt ").append(datoms("eavt")).append('\n');
            sb.append("aevt age ").append(datoms("aevt", ":p/age")).append('\n');
            sb.append("avet tag ").append(datoms("avet", ":p/tag", ":t/a")).append('\n');
            sb.append("range age ").append(indexRange(":p/age", 2L, 4L)).append(indexRange(":p/age", null, 3L)).append('\n');
            for (String n : NAMES) {
                List<String> ref = List.of(":p/name", n);
                sb.append("eavt ").append(n).append(' ').append(datoms("eavt", ref)).append('\n');
                sb.append("vaet ").append(n).append(' ').append(datoms("vaet", ref, ":p/friend")).append(datoms("vaet", ref)).append('\n');
                sb.append("avet best ").append(n).append(' ').append(datoms("avet", ":p/best", ref)).append('\n');
                sb.append("entity ").append(n).append(' ').append(entity(ref)).append('\n');
            }
            return sb.toString();
        }

        /** Touched entity contents by name; component children in full, reverse refs by name. */
        static String entityMap(Map<String, Object> attrs, Function<Object, String> named, Function<Object, Map<String, Object>> component,
                                Function<String, Object> reverse) {
            TreeMap<String, Object> out = new TreeMap<>();
            attrs.forEach((k, v) -> {
                boolean comp = k.equals(":p/address") || k.equals(":p/pets");
                Function<Object, Object> one = o -> comp ? named.apply(o) + entityMap(component.apply(o), named, component, x -> null) : named.apply(o);
                out.put(k, v instanceof Collection<?> c ? c.stream().map(one).sorted().toList() : one.apply(v));
            });
            for (String r : REVERSE) {
                Object v = reverse.apply(r);
                if (v != null) out.put(r, v instanceof Collection<?> c ? c.stream().map(named).sorted().toList() : named.apply(v));
            }
            return out.toString();
        }
    }

    // ---- Datomic --------------------------------------------------------------------------------

    record D(datomic.Connection conn, List<Long> ts, datomic.Database db, Map<Long, String> names) implements View {

        D with(datomic.Database db) { return new D(conn, ts, db, names); }
        @Override public View asOf(int step) { return with(db.asOf(ts.get(step))); }
        @Override public View since(int step) { return with(db.since(ts.get(step))); }
        @Override public View history() { return with(db.history()); }

        String step(Object t) { return t == null ? "-" : "@" + ts.indexOf(((Number) t).longValue()); }

        @Override public String points() {
            return "basis " + step(db.basisT()) + " as-of " + step(db.asOfT()) + " since " + step(db.sinceT()) + " history " + db.isHistory();
        }

        String name(long e) {
            return names.computeIfAbsent(e, x -> {
                if (((Number) Peer.part(x)).longValue() == 3) return "tx" + step(Peer.toT(x));
                datomic.Database h = conn.db().history();
                for (String attr : NAMING) {
                    // Datomic's history index does not keep an (e, a, v) group in tx order, so take the earliest.
                    datomic.Datom first = null;
                    for (Object o : h.datoms(datomic.Database.EAVT, x, attr)) {
                        datomic.Datom dd = (datomic.Datom) o;
                        if (first == null || Peer.toT(dd.tx()) < Peer.toT(first.tx())) first = dd;
                    }
                    if (first != null) return attr.substring(1) + "=" + first.v() + step(Peer.toT(first.tx()));
                }
                Object ident = conn.db().ident(x);
                return ident != null ? ident.toString() : "anon";
            });
        }

        List<String> shown(Iterable<?> ds) {
            List<String> out = new SortedList();
            for (Object o : ds) {
                datomic.Datom d = (datomic.Datom) o;
                String attr = String.valueOf(db.ident(d.a()));
                if (!USER_ATTRS.contains(attr)) continue;
                boolean ref = ":db.type/ref".equals(String.valueOf(conn.db().entity(d.a()).get(":db/valueType")));
                out.add("[" + name((Long) d.e()) + " " + attr + " " + show(d.v(), ref, this::name) + " " + step(Peer.toT(d.tx())) + " " + d.added() + "]");
            }
            return out;
        }

        @Override public List<String> datoms(String index, Object... components) {
            try {
                return shown(db.datoms(clojure.lang.Keyword.intern(index), convert(clojure.lang.Keyword::intern, components)));
            } catch (Exception e) {
                return List.of("error");
            }
        }

        @Override public List<String> indexRange(String attr, Object start, Object end) { return shown(db.indexRange(attr, start, end)); }

        @Override public String entity(Object lookup) {
            try {
                datomic.Entity e = db.entity(convert(clojure.lang.Keyword::intern, lookup)[0]);
                return e == null ? "null" : View.entityMap(attrs(e.touch()), this::named, o -> attrs((datomic.Entity) o), e::get);
            } catch (Exception ex) {
                return "error";
            }
        }

        String named(Object o) { return o instanceof datomic.Entity en ? name((Long) en.get(":db/id")) : String.valueOf(o); }

        Map<String, Object> attrs(datomic.Entity e) {
            Map<String, Object> m = new TreeMap<>();
            for (String k : e.keySet()) m.put(k, e.get(k) instanceof String s ? '"' + s + '"' : e.get(k));
            return m;
        }

        /** Distinct: Datomic's log repeats a retraction that is both explicit and implied by cardinality one. */
        List<String> log() {
            List<String> out = new ArrayList<>();
            for (Object o : conn.log().txRange(ts.get(0) + 1, null)) out.add(shown((Iterable<?>) ((Map<?, ?>) o).get(clojure.lang.Keyword.intern("data"))).stream().distinct().sorted().toList().toString());
            return out;
        }

        String withWith(String t1, String t2) {
            try {
                Map<?, ?> r1 = conn.db().with(read(t1));
                D after = with((datomic.Database) ((datomic.Database) r1.get(datomic.Connection.DB_AFTER)).with(read(t2)).get(datomic.Connection.DB_AFTER));
                return after.datoms("eavt") + " " + after.entity(List.of(":p/name", "ann"));
            } catch (Exception e) {
                return "refused";
            }
        }
    }

    // ---- Accrete --------------------------------------------------------------------------------

    record A(Connection conn, List<Long> ts, Db db, Map<Long, String> names) implements View {

        A with(Db db) { return new A(conn, ts, db, names); }
        @Override public View asOf(int step) { return with(db.asOf(ts.get(step))); }
        @Override public View since(int step) { return with(db.since(ts.get(step))); }
        @Override public View history() { return with(db.history()); }

        String step(Long t) { return t == null ? "-" : "@" + ts.indexOf(t); }

        @Override public String points() {
            return "basis " + step(db.basisT()) + " as-of " + step(db.asOfT()) + " since " + step(db.sinceT()) + " history " + db.isHistory();
        }

        String name(long e) {
            return names.computeIfAbsent(e, x -> {
                if (EntityIds.isTx(x)) return "tx" + step(EntityIds.txToT(x));
                Db h = conn.db().history();
                for (String attr : NAMING) {
                    int id = h.attributeStrict(Keyword.of(attr.substring(1))).id();
                    for (Datom dd : h.datoms(Index.EAVT, x, id, null)) return attr.substring(1) + "=" + dd.v() + step(dd.t());
                }
                Keyword ident = conn.db().ident(x);
                return ident != null ? ident.toString() : "anon";
            });
        }

        List<String> shown(Iterable<Datom> ds) {
            List<String> out = new SortedList();
            for (Datom d : ds) {
                Attribute attr = db.schema().attribute(d.a());
                if (attr == null || !USER_ATTRS.contains(attr.ident().toString())) continue;
                out.add("[" + name(d.e()) + " " + attr.ident() + " " + show(d.v(), attr.isRef(), this::name) + " " + step(d.t()) + " " + d.added() + "]");
            }
            return out;
        }

        @Override public List<String> datoms(String index, Object... components) {
            try {
                return shown(db.datoms(Index.valueOf(index.toUpperCase()), convert(Keyword::of, components)));
            } catch (AccreteException e) {
                return List.of("error");
            }
        }

        @Override public List<String> indexRange(String attr, Object start, Object end) { return shown(db.indexRange(Keyword.of(attr.substring(1)), start, end)); }

        @Override public String entity(Object lookup) {
            try {
                Entity e = Entity.of(db, convert(Keyword::of, lookup)[0]);
                return e == null ? "null" : View.entityMap(attrs(e.touch()), this::named, o -> attrs((Entity) o), e::get);
            } catch (AccreteException ex) {
                return "error";
            }
        }

        String named(Object o) { return o instanceof Entity en ? name(en.id()) : String.valueOf(o); }

        Map<String, Object> attrs(Entity e) {
            Map<String, Object> m = new TreeMap<>();
            e.forEach((k, v) -> m.put(k.toString(), v instanceof String s ? '"' + s + '"' : v));
            return m;
        }

        List<String> log() {
            List<String> out = new ArrayList<>();
            for (Connection.LogTx tx : conn.txRange(ts.get(0) + 1, null, Integer.MAX_VALUE)) out.add(shown(tx.datoms()).stream().distinct().sorted().toList().toString());
            return out;
        }

        String withWith(String t1, String t2) {
            try {
                TxReport r1 = conn.with(conn.db(), (List<?>) Edn.read(t1));
                A after = with(conn.with(r1.dbAfter(), (List<?>) Edn.read(t2)).dbAfter());
                return after.datoms("eavt") + " " + after.entity(List.of(":p/name", "ann"));
            } catch (AccreteException e) {
                return "refused";
            }
        }
    }
}
