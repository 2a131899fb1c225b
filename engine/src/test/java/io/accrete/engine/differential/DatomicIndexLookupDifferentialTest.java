package io.accrete.engine.differential;

import clojure.lang.IExceptionInfo;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.pull.Entity;
import io.accrete.engine.pull.Pull;
import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Index lookups, index ranges, lookup refs, unique checks and pull edge cases, each asked of the
 * peer ({@code datomic:mem}) and of Accrete on the same data: decimals by number whatever their
 * scale, NaN as a lookup value or range bound, nil and unknown-attribute components in
 * {@code datoms}, malformed lookup refs, names given as text without their colon, index ranges
 * of what is no attribute, and odd pull patterns. A case is {@code call args…} with
 * {@code $a}, {@code $b}, {@code $c} for the entities named "a", "b", "c". Datoms are compared as
 * sorted lists: among decimals of one number at several scales, the peer orders by entity,
 * Accrete by scale.
 */
class DatomicIndexLookupDifferentialTest {
    static final String SCHEMA = "[{:db/ident :d/dec :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/one :db/index true}"
            + " {:db/ident :d/udec :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
            + " {:db/ident :d/vmdec :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/many :db/unique :db.unique/value}"
            + " {:db/ident :d/mdec :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/many :db/index true}"
            + " {:db/ident :d/dbl :db/valueType :db.type/double :db/cardinality :db.cardinality/one :db/index true}"
            + " {:db/ident :d/flt :db/valueType :db.type/float :db/cardinality :db.cardinality/one :db/index true}"
            + " {:db/ident :d/lng :db/valueType :db.type/long :db/cardinality :db.cardinality/one :db/index true}"
            + " {:db/ident :d/ref :db/valueType :db.type/ref :db/cardinality :db.cardinality/one :db/index true}"
            + " {:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}]";
    static final String DATA = "[{:db/id \"a\" :p/name \"a\" :d/dec 1.50M :d/udec 1.50M :d/mdec 3.50M :d/vmdec 4.50M :d/dbl 1.0 :d/flt 1.0 :d/lng 1}"
            + " {:db/id \"b\" :p/name \"b\" :d/dec 2M :d/dbl 2.0 :d/flt 2.0 :d/lng 2 :d/ref \"a\"}"
            + " {:db/id \"c\" :p/name \"c\" :d/dec 1.5M}]";

    static DatomicMem dm;
    static TempDb acc;

    @BeforeAll static void load() throws Exception {
        dm = new DatomicMem("lookups");
        dm.conn.transact((List<?>) DatomicMem.read(SCHEMA)).get();
        dm.conn.transact((List<?>) DatomicMem.read(DATA)).get();
        acc = TempDb.open();
        acc.tx(SCHEMA);
        acc.tx(DATA);
    }

    @AfterAll static void close() {
        dm.close();
        acc.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // decimals: by number in index calls and lookup refs (1.5M finds 1.50M), exactly in query patterns
            "datoms :avet :d/dec 1.5M", "datoms :avet :d/dec 1.500M", "datoms :avet :d/dec 2.0M", "datoms :avet :d/dec 2",
            "datoms :avet :d/dec 2N", "datoms :avet :d/dec 1.5", "datoms :avet :d/dec 1M", "datoms :eavt $a :d/dec 1.5M",
            "datoms :aevt :d/dec $a 1.5M", "datoms :avet :d/dec 1.5M $a", "datoms :eavt $a :d/mdec 3.5M",
            "range :d/dec 1.5M 2.0M", "range :d/dec 1.500M 2.00M", "range :d/dec nil 1.5M", "range :d/dec 1.5M 1.50M",
            "range :d/dec 1 3", "range :d/dec 1.5 2.5",
            "entid [:d/udec 1.5M]", "entid [:d/udec 1.500M]", "pull [:p/name] [:d/udec 1.5M]",
            "q [:find ?e :where [?e :d/dec 1.5M]]", "q [:find ?e :where [?e :d/dec 1.50M]]", "q [:find ?e :where [?e :d/dec 2]]",
            "q [:find ?n :in $ ?e :where [?e :p/name ?n]] [:d/udec 1.5M]",
            // decimals in unique checks: one value whatever the scale
            "with [[:db/add $b :d/udec 1.5M]]", "with [[:db/add $a :d/udec 1.50M]]", "with [[:db/add $a :d/udec 1.5M]]",
            "with [{:d/udec 1.5M :d/lng 9}]", "with [{:d/udec 1.50M :d/lng 9}]", "with [[:db/add [:d/udec 1.5M] :d/lng 9]]",
            "with [[:db/add $a :d/udec 7.5M] [:db/add $b :d/udec 7.50M]]", "with [[:db/retract $a :d/udec 1.50M] [:db/add $b :d/udec 1.5M]]",
            "with [[:db/add $a :d/vmdec 4.5M]]", "with [[:db/add $b :d/vmdec 4.5M]]",
            "with [[:db/add $a :d/dec 1.5M]]", "with [[:db/add $a :d/dec 1.50M]]", "with [[:db/add $a :d/mdec 3.5M]]",
            "with [[:db/retract $a :d/mdec 3.5M]]", "with [[:db/cas $a :d/dec 1.5M 9M]]",
            // NaN: the peer compares it equal to every number
            "range :d/dbl ##NaN nil", "range :d/dbl nil ##NaN", "range :d/dbl ##NaN 3.0", "datoms :avet :d/dbl ##NaN",
            "datoms :eavt $a :d/dbl ##NaN", "range :d/flt ##NaN nil", "datoms :avet :d/flt ##NaN", "range :d/lng ##NaN nil",
            "datoms :avet :d/lng ##NaN", "range :d/dec ##NaN nil", "q [:find ?e :in $ ?x :where [?e :d/dbl ?x]] ##NaN",
            // nil components: nothing when first, a wildcard in the middle (but EAVT's attribute before a value), ignored last
            "datoms :eavt nil :p/name", "datoms :eavt nil :p/name \"a\"", "datoms :eavt $a nil \"a\"", "datoms :eavt $b nil $a",
            "datoms :aevt nil $a", "datoms :aevt :p/name nil \"a\"", "datoms :aevt :d/ref nil $a", "datoms :avet nil \"a\"",
            "datoms :avet :p/name nil $a", "datoms :vaet nil :d/ref", "datoms :vaet $a nil $b", "datoms :eavt $a nil",
            "datoms :eavt $a :p/name nil", "datoms :avet :p/name nil",
            // unknown attributes: no datoms, unless a value is given
            "datoms :avet :no/such", "datoms :aevt :no/such", "datoms :eavt $a :no/such", "datoms :vaet $a :no/such",
            "datoms :aevt :no/such $a", "datoms :vaet $a :no/such $b", "datoms :aevt $a", "datoms :aevt 999999", "datoms :aevt -5",
            "datoms :avet :no/such \"a\"", "datoms :eavt $a :no/such \"x\"", "datoms :aevt :no/such $a \"x\"", "datoms :avet $a \"x\"",
            // pull: malformed lookup refs, unknown attribute options, a map as the whole pattern
            "pull [*] [:p/name]", "pull [*] [:p/name \"a\" \"b\"]", "pull [*] []", "pull [*] [:p/name \"zzz\"]",
            "pull [[:p/name :bogus 1]] $a", "pull [(:p/name :bogus 1)] $a", "pull [[:p/name :as \"n\" :bogus 1]] $a",
            "pull [[:db/id :bogus 1]] $a", "pull {:d/ref [:p/name]} $b", "pull {:p/name [:p/name]} $a",
            "q [:find (pull ?e {:d/ref [:p/name]}) :where [?e :p/name \"b\"]]", "q [:find (pull ?e [[:p/name :bogus 1]]) :where [?e :p/name \"b\"]]",
            // malformed lookup refs outside pull: invalid-lookup-ref wherever an entity is named (a transaction too)
            "entid [:p/name]", "entid [:p/name \"a\" \"b\"]", "entid []", "entity [:p/name]", "entity [:p/name \"a\" \"b\"]",
            "datoms :eavt [:p/name]", "datoms :eavt [:p/name \"a\" \"b\"]", "datoms :eavt []", "datoms :aevt :d/ref [:p/name]",
            "datoms :vaet [:p/name] :d/ref", "datoms :avet :d/ref [:p/name]", "range [:p/name] nil nil",
            "q [:find ?n :in $ ?e :where [?e :p/name ?n]] [:p/name]", "q [:find ?n :in $ ?e :where [?e :p/name ?n]] [:p/name \"a\" \"b\"]",
            "q [:find ?n :in $ ?e :where [?e :p/name ?n]] []", "q [:find ?n :in $ ?e :where [?x :d/ref ?e] [?x :p/name ?n]] [:p/name]",
            "q [:find ?n :in $ [?e ...] :where [?e :p/name ?n]] [[:p/name]]",
            "with [[:db/add [:p/name] :d/lng 1]]", "with [[:db/add [:p/name \"a\" \"b\"] :d/lng 1]]", "with [[:db/add $a :d/ref [:p/name]]]",
            // names as text: a keyword only with its colon, else not-a-keyword (attributes, idents, lookup refs, queries)
            "datoms :aevt \"p/name\"", "datoms :aevt \":p/name\"", "datoms :aevt \"\"", "datoms :avet \"p/name\" \"a\"",
            "datoms :eavt $a \"p/name\"", "datoms :vaet $a \"d/ref\"", "datoms :eavt \"p/name\"", "datoms :vaet \"p/name\"",
            "datoms :avet :d/ref \"p/name\"", "datoms :avet :d/ref \":p/name\"", "datoms :aevt \":no/such\"",
            "entid \"p/name\"", "entid \"\"", "entid \":no/such\"", "entid [\"p/name\" \"a\"]", "entid [\":p/name\" \"a\"]", "entid [\"\" \"a\"]",
            "entity \"p/name\"", "entity \":p/name\"", "entity [\"p/name\" \"a\"]", "pull [*] \"p/name\"", "pull [*] [\"p/name\" \"a\"]",
            "pull [*] [\":p/name\" \"a\"]", "range \"p/name\" nil nil", "range \":p/name\" nil nil", "range \"\" nil nil",
            "q [:find ?v :where [?e \"p/name\" ?v]]", "q [:find ?v :where [?e \":p/name\" ?v]]", "q [:find ?v :where [?e \"\" ?v]]",
            "q [:find ?v :where [_ :d/ref ?e] [?e \"p/name\" ?v]]", "q [:find ?v :in $ ?a :where [?e ?a ?v]] \"p/name\"",
            "q [:find ?v :in $ ?a :where [?e ?a ?v]] \":p/name\"", "q [:find ?n :in $ ?e :where [?e :p/name ?n]] [\"p/name\" \"a\"]",
            "q [:find ?v :in $ ?e :where [?e :p/name ?v]] \"a\"", "q [:find ?v :in $ ?e :where [?e :db/ident ?v]] \":p/name\"",
            "q [:find ?v :where [\"p/name\" :db/ident ?v]]", "q [:find ?v :where [\":p/name\" :db/ident ?v]]",
            "q [:find ?x :where [?x :d/ref \"p/name\"]]", "q [:find ?x :in $ ?e :where [?x :d/ref ?e]] \":p/name\"",
            "q [:find ?v :where [(get-else $ $a \"p/name\" 0) ?v]]", "q [:find ?v :where [(missing? $ $a \"p/name\")] [(ground 1) ?v]]",
            // index-range of what is no attribute; lookup refs on an unknown attribute
            "range :no/such nil nil", "range \":no/such\" nil nil", "range nil nil nil", "range 1.5 nil nil", "range $a nil nil",
            "range 999999 nil nil", "range -5 nil nil", "range [:p/name \"a\"] nil nil", "range [:p/name \"zzz\"] nil nil",
            "entid [:no/such \"a\"]", "entid [\":no/such\" \"a\"]", "entid [$a \"a\"]", "entid [999999 \"a\"]", "entity [:no/such \"a\"]",
            "pull [*] [:no/such \"a\"]", "pull [*] [$a \"a\"]", "q [:find ?n :in $ ?e :where [?e :p/name ?n]] [:no/such \"a\"]",
    })
    void sameAsThePeer(String call) {
        assertEquals(peer(call), accrete(call), call);
    }

    // ---- the peer -------------------------------------------------------------------------------

    static String peer(String call) {
        datomic.Database db = dm.conn.db();
        Map<Object, String> names = names(n -> db.entid(DatomicMem.read("[:p/name \"" + n + "\"]")));
        List<?> args = (List<?>) DatomicMem.read("[" + entities(call.substring(call.indexOf(' ')), names) + "]");
        return outcome(names, () -> switch (call.substring(0, call.indexOf(' '))) {
            case "datoms" -> datoms(db.datoms(args.get(0), args.subList(1, args.size()).toArray()), a -> db.ident(a), names);
            case "range" -> datoms(db.indexRange(args.get(0), args.get(1), args.get(2)), a -> db.ident(a), names);
            case "entid" -> db.entid(args.get(0));
            case "entity" -> { datomic.Entity en = db.entity(args.get(0)); yield en == null ? null : en.get(":p/name"); }
            case "pull" -> db.pull(args.get(0), args.get(1));
            case "q" -> datomic.Peer.q(args.get(0), withDb(db, args));
            default -> withData((Iterable<?>) db.with((List<?>) args.get(0)).get(datomic.Connection.TX_DATA), a -> db.ident(a), names);
        });
    }

    // ---- Accrete --------------------------------------------------------------------------------

    static String accrete(String call) {
        Db db = acc.conn.db();
        Map<Object, String> names = names(n -> db.entid(List.of(Keyword.of("p/name"), n)));
        List<?> args = (List<?>) Edn.read("[" + entities(call.substring(call.indexOf(' ')), names) + "]");
        return outcome(names, () -> switch (call.substring(0, call.indexOf(' '))) {
            case "datoms" -> datoms(db.datoms(Index.valueOf(((Keyword) args.get(0)).name().toUpperCase()), args.subList(1, args.size()).toArray()),
                    a -> db.ident(a), names);
            case "range" -> datoms(db.indexRange(args.get(0), args.get(1), args.get(2)), a -> db.ident(a), names);
            case "entid" -> db.entid(args.get(0));
            case "entity" -> { Entity en = Entity.of(db, args.get(0)); yield en == null ? null : en.get(Keyword.of("p/name")); }
            case "pull" -> Pull.pull(db, args.get(0), args.get(1));
            case "q" -> io.accrete.engine.query.Query.q(args.get(0), withDb(db, args));
            default -> withData(acc.conn.with(db, (List<?>) args.get(0)).txData(), a -> db.ident(a), names);
        });
    }

    // ---- both -----------------------------------------------------------------------------------

    interface Ident { Object of(long a); }

    static Map<Object, String> names(java.util.function.Function<String, Object> entid) {
        Map<Object, String> names = new java.util.HashMap<>();
        for (String n : List.of("a", "b", "c")) names.put(((Number) entid.apply(n)).longValue(), n);
        return names;
    }

    /** The call's text with each system's id for {@code $a}, {@code $b} and {@code $c}. */
    static String entities(String text, Map<Object, String> names) {
        for (Map.Entry<Object, String> en : names.entrySet()) text = text.replace("$" + en.getValue(), String.valueOf(en.getKey()));
        return text;
    }

    static Object[] withDb(Object db, List<?> args) {
        List<Object> in = new ArrayList<>(List.of(db));
        in.addAll(args.subList(1, args.size()));
        return in.toArray();
    }

    static List<String> datoms(Iterable<?> ds, Ident ident, Map<Object, String> names) {
        List<String> out = new ArrayList<>();
        for (Object o : ds) {
            if (o instanceof Datom d) out.add(datom(d.e(), ident.of(d.a()), d.v(), d.added(), names));
            else {
                datomic.Datom d = (datomic.Datom) o;
                out.add(datom((Long) d.e(), ident.of(((Number) d.a()).longValue()), d.v(), d.added(), names));
            }
        }
        return out.stream().sorted().toList();
    }

    /** A transaction's datoms without its :db/txInstant. */
    static List<String> withData(Iterable<?> ds, Ident ident, Map<Object, String> names) {
        return datoms(ds, ident, names).stream().filter(s -> !s.contains(":db/txInstant")).toList();
    }

    static String datom(long e, Object attr, Object v, boolean added, Map<Object, String> names) {
        return "[" + names.getOrDefault(e, "new") + " " + attr + " " + canon(v, names) + " " + added + "]";
    }

    static String outcome(Map<Object, String> names, Supplier<Object> call) {
        try {
            return canon(call.get(), names);
        } catch (AccreteException e) {
            return "error " + e.category();
        } catch (Exception e) {   // Peer.q throws checked exceptions
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IExceptionInfo info) return "error " + info.getData().valAt(clojure.lang.Keyword.intern("db", "error"));
            }
            return "error " + e;
        }
    }

    /** A result printed alike for both: entity ids by name, maps sorted, collections as lists. */
    static String canon(Object v, Map<Object, String> names) {
        if (v instanceof Number n && !(v instanceof Double) && names.containsKey(n.longValue())) return names.get(n.longValue());
        if (v instanceof Map<?, ?> m) {
            TreeMap<String, String> out = new TreeMap<>();
            m.forEach((k, x) -> out.put(canon(k, names), canon(x, names)));
            return out.toString();
        }
        if (v instanceof Collection<?> c) return c.stream().map(x -> canon(x, names)).sorted().toList().toString();
        if (v instanceof String s) return '"' + s + '"';
        return String.valueOf(v);
    }
}
