package io.accrete.engine.differential;

import clojure.lang.IExceptionInfo;
import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.index.Index;
import io.accrete.engine.query.Query;
import io.accrete.engine.schema.BuiltIns;
import io.accrete.engine.testing.TempDb;
import io.accrete.engine.tx.TxReport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random transactions of the shapes the parity stops taught Accrete, run on the peer
 * ({@code datomic:mem}) and on Accrete: decimals at several scales on unique and non-unique,
 * cardinality-one and -many attributes (asserted, retracted, upserted through, looked up by
 * {@code datoms}, lookup refs and {@code indexRange}); names as strings with and without their
 * colon in entity, attribute and ref-value positions; {@code "datomic.tx"} and
 * {@code #db/id[:db.part/tx]} with identity values that may be held; retracting and renaming the
 * {@code :db/ident} of enums and of an attribute, then using old and new names; vectors under
 * cardinality-many refs. After every transaction it compares the outcome (error category, or the
 * report's datoms and string tempids), then the database's user facts and a set of lookups; at the
 * end it reopens Accrete from its log and compares again.
 *
 * <p>Every entity is shown by its {@code :p/name}, {@code :tx/key} or {@code :db/doc} (attributes
 * and enums carry a doc, so a rename keeps their name). Left out, as the README's "Not yet matched"
 * lists them: one number held at two scales by one entity and then retracted ({@code :d/many} takes
 * any scale but is never retracted by value; {@code :d/many2}, which is retracted at any scale, is
 * only ever asserted at one scale per number); the peer's report of a number re-asserted while held at
 * two scales (the states are still compared); doubles looking up decimals; decimals in tuples;
 * unknown idents in query patterns or inputs (the queries name only attributes that are never
 * renamed); datoms order (everything is compared as sorted text).
 */
class DatomicParityShapesDifferentialProperties {
    static final String SCHEMA = "["
            + "{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity :db/doc \"a:name\"}"
            + " {:db/ident :p/note :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/doc \"a:note\"}"
            + " {:db/ident :p/nick :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/doc \"a:nick\"}"
            + " {:db/ident :p/color :db/valueType :db.type/ref :db/cardinality :db.cardinality/one :db/doc \"a:color\"}"
            + " {:db/ident :p/friends :db/valueType :db.type/ref :db/cardinality :db.cardinality/many :db/doc \"a:friends\"}"
            + " {:db/ident :d/one :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/one :db/index true :db/doc \"a:one\"}"
            + " {:db/ident :d/many :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/many :db/index true :db/doc \"a:many\"}"
            + " {:db/ident :d/many2 :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/many :db/index true :db/doc \"a:many2\"}"
            + " {:db/ident :d/id :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/one :db/unique :db.unique/identity :db/doc \"a:id\"}"
            + " {:db/ident :d/val :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/one :db/unique :db.unique/value :db/doc \"a:val\"}"
            + " {:db/ident :tx/key :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity :db/doc \"a:txkey\"}"
            + " {:db/ident :c/red :db/doc \"e:red\"} {:db/ident :c/blue :db/doc \"e:blue\"}]";

    /** Attributes whose facts are compared (by their first ident; they are found by id afterwards). */
    static final List<String> USER_ATTRS = List.of(":p/name", ":p/note", ":p/nick", ":p/color", ":p/friends", ":d/one",
            ":d/many", ":d/many2", ":d/id", ":d/val", ":tx/key");
    static final List<String> DECIMALS = List.of("1.5M", "1.50M", "2M", "2.0M");
    static final List<String> ENUM_NAMES = List.of(":c/red", ":c/blue", ":c/crimson", ":c/navy");
    static final List<String> NICK_NAMES = List.of(":p/nick", ":p/alias");
    static final List<String> TX_KEYS = List.of("\"k1\"", "\"k2\"");

    private static String withoutManyAssertions(String outcome) {
        // Entries of a printed list go with their separator, so that "[a, m, b]" and "[a, b]" compare equal.
        return outcome.replaceAll("(, )?\\[[^\\[\\]]* a:many [^\\[\\]]* true\\]", "").replace("[, ", "[");
    }

    @Provide
    Arbitrary<List<String>> transactions() {
        Arbitrary<String> n = Arbitraries.of("\"ann\"", "\"bob\"");
        Arbitrary<String> who = n.map(x -> "[:p/name " + x + "]");
        Arbitrary<String> dec = Arbitraries.of(DECIMALS);
        // :d/many2 holds one scale per number, so that a retraction never meets two scales held (see above).
        Arbitrary<String> dec2 = Arbitraries.of("1.5M", "2M");
        Arbitrary<String> en = Arbitraries.of(ENUM_NAMES);
        Arbitrary<String> nick = Arbitraries.of(NICK_NAMES);
        Arbitrary<String> k = Arbitraries.of(TX_KEYS);
        Arbitrary<String> txe = Arbitraries.of("\"datomic.tx\"", "#db/id[:db.part/tx]");
        // an entity: a lookup ref, an enum ident, a string with or without its colon, a tempid
        Arbitrary<String> ent = Arbitraries.oneOf(who, en, en.map(e -> "\"" + e + "\""), en.map(e -> "\"" + e.substring(1) + "\""),
                Arbitraries.of("\"t1\""), dec.map(d -> "[:d/id " + d + "]"), k.map(x -> "[:tx/key " + x + "]"));
        // a ref value: the same, and a pair under a card-many ref
        Arbitrary<String> refv = Arbitraries.oneOf(ent, Arbitraries.of("\"datomic.tx\""));
        Arbitrary<String> form = Arbitraries.oneOf(
                // decimals
                Combinators.combine(n, dec).as((x, d) -> "{:p/name " + x + " :d/one " + d + "}"),
                Combinators.combine(who, dec).as((w, d) -> "[:db/retract " + w + " :d/one " + d + "]"),
                Combinators.combine(who, dec).as((w, d) -> "[:db/add " + w + " :d/many " + d + "]"),
                Combinators.combine(n, dec, dec).as((x, d, e) -> "{:p/name " + x + " :d/many [" + d + " " + e + "]}"),
                Combinators.combine(who, dec2).as((w, d) -> "[:db/add " + w + " :d/many2 " + d + "]"),
                Combinators.combine(who, dec).as((w, d) -> "[:db/retract " + w + " :d/many2 " + d + "]"),
                Combinators.combine(n, dec).as((x, d) -> "{:p/name " + x + " :d/id " + d + "}"),
                Combinators.combine(dec, Arbitraries.of("\"n1\"", "\"n2\"")).as((d, x) -> "{:d/id " + d + " :p/note " + x + "}"),
                Combinators.combine(dec, dec).as((d, e) -> "[:db/add [:d/id " + d + "] :d/one " + e + "]"),
                Combinators.combine(who, dec).as((w, d) -> "[:db/retract " + w + " :d/id " + d + "]"),
                Combinators.combine(n, dec).as((x, d) -> "{:p/name " + x + " :d/val " + d + "}"),
                Combinators.combine(who, dec).as((w, d) -> "[:db/retract " + w + " :d/val " + d + "]"),
                Combinators.combine(dec, dec).as((d, e) -> "[:db/add [:d/val " + d + "] :d/one " + e + "]"),
                // strings with and without colons: entity, attribute and ref-value positions
                Combinators.combine(ent, Arbitraries.of("\"n1\"", "\"n2\"")).as((e, x) -> "[:db/add " + e + " :p/note " + x + "]"),
                Combinators.combine(who, Arbitraries.of("\":p/note\"", "\"p/note\"", "\":p/nick\"")).as((w, a) -> "[:db/add " + w + " " + a + " \"v\"]"),
                Combinators.combine(who, refv).as((w, v) -> "[:db/add " + w + " :p/color " + v + "]"),
                Combinators.combine(who, refv).as((w, v) -> "[:db/retract " + w + " :p/color " + v + "]"),
                Combinators.combine(n, refv).as((x, v) -> "{:p/name " + x + " :p/color " + v + "}"),
                // datomic.tx and #db/id[:db.part/tx] with identity values, held or not
                Combinators.combine(txe, k).as((t, x) -> "{:db/id " + t + " :tx/key " + x + "}"),
                Combinators.combine(txe, k).as((t, x) -> "[:db/add " + t + " :tx/key " + x + "]"),
                Combinators.combine(txe, k, n).as((t, x, y) -> "{:db/id " + t + " :tx/key " + x + " :p/note " + y + "}"),
                Combinators.combine(who, k).as((w, x) -> "[:db/add " + w + " :p/friends [:tx/key " + x + "]]"),
                // idents: retract and rename enums and an attribute, then use both names
                Combinators.combine(en, en).as((e, f) -> "[:db/add " + e + " :db/ident " + f + "]"),
                Combinators.combine(en, en).as((e, f) -> "[:db/retract " + e + " :db/ident " + f + "]"),
                en.map(e -> "[:db/retractEntity " + e + "]"),
                Combinators.combine(nick, nick).as((e, f) -> "[:db/add " + e + " :db/ident " + f + "]"),
                Combinators.combine(nick, nick).as((e, f) -> "[:db/retract " + e + " :db/ident " + f + "]"),
                Combinators.combine(n, nick).as((x, a) -> "{:p/name " + x + " " + a + " \"nk\"}"),
                Combinators.combine(who, nick).as((w, a) -> "[:db/add " + w + " " + a + " \"nk2\"]"),
                Combinators.combine(who, nick).as((w, a) -> "[:db/retract " + w + " " + a + " \"nk\"]"),
                // vectors under a card-many ref
                Combinators.combine(n, refv, refv).as((x, v, w) -> "{:p/name " + x + " :p/friends [" + v + " " + w + "]}"),
                Combinators.combine(n, refv).as((x, v) -> "{:p/name " + x + " :p/friends " + v + "}"),
                Combinators.combine(n, en, n).as((x, e, y) -> "{:p/name " + x + " :p/friends [" + e + " {:p/name " + y + "}]}"),
                Combinators.combine(who, refv).as((w, v) -> "[:db/retract " + w + " :p/friends " + v + "]"));
        // A transaction never has both a map upserting through :p/name with a :d/id and a map asserting a
        // :d/id without :p/name: tempids merging through two identity attributes is a known difference
        // (README; Datomic merges them or refuses, depending on the order of the forms).
        return form.list().ofMinSize(1).ofMaxSize(2)
                .filter(fs -> !(fs.stream().anyMatch(f -> f.startsWith("{:p/name") && f.contains(":d/id"))
                        && fs.stream().anyMatch(f -> f.startsWith("{:d/id"))))
                .map(fs -> "[" + String.join(" ", fs) + "]").list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 40)
    void sameOutcomesAndLookupsAsDatomic(@ForAll("transactions") List<String> txs) throws Exception {
        Path dir = Files.createTempDirectory("accrete-shapes");
        try (DatomicMem dm = new DatomicMem("shapes")) {
            D d = new D(dm.conn);
            Connection conn = Connection.open("test", dir, ConnectionOptions.defaults());
            try {
                dm.conn.transact((List<?>) DatomicMem.read(SCHEMA)).get();
                conn.transact((List<?>) Edn.read(SCHEMA));
                // ann and bob exist from the start (so lookup refs mostly find them), bob holds :d/id 2M, and a
                // transaction holds :tx/key "k1".
                String init = "[{:p/name \"ann\"} {:p/name \"bob\" :d/id 2M} {:db/id \"datomic.tx\" :tx/key \"k1\"}]";
                dm.conn.transact((List<?>) DatomicMem.read(init)).get();
                conn.transact((List<?>) Edn.read(init));
                A a = new A(conn.db());
                d.attrIds(dm.conn.db());
                a.attrIds(conn.db());
                List<String> done = new ArrayList<>();
                for (String tx : txs) {
                    done.add(tx);
                    String o = d.transact(tx);
                    String ours = a.transact(conn, tx);
                    // A tempid asserting a :d/id value another entity holds at another scale: the peer
                    // refuses it as a unique conflict, except when another tempid of the transaction
                    // upserts, when it binds the tempid to that entity by value and reports the datoms
                    // conflict that follows. Accrete always says unique-conflict; both refuse.
                    if (o.equals("refused :db.error/datoms-conflict") && ours.equals("refused :db.error/unique-conflict")
                            && tx.contains(":d/id")) continue;
                    assertEquals(d.describe(dm.conn.db()), a.describe(conn.db()), "state after " + done);
                    // Re-asserting a number an entity holds at two scales changes nothing in either,
                    // but the peer sometimes reports a datom for it again (README, "Not yet matched").
                    if (tx.contains(":d/many") && !o.equals(ours) && withoutManyAssertions(o).equals(withoutManyAssertions(ours))) continue;
                    assertEquals(o, ours, "outcome of " + done);
                }
                conn.close();
                conn = Connection.open("test", dir, ConnectionOptions.defaults());
                assertEquals(d.describe(dm.conn.db()), a.describe(conn.db()), "reopened after " + done);
            } finally {
                conn.close();
            }
        } finally {
            TempDb.deleteTree(dir);
        }
    }

    /** What both systems are asked after each step; {@code $x} strings are looked up by each. */
    abstract static class Side<DB> {
        final TreeMap<String, Long> attrIds = new TreeMap<>(), named = new TreeMap<>();

        abstract Long entid(DB db, Object designator);
        abstract String ident(DB db, long e);
        abstract Collection<Object[]> datoms(DB db, String index, Object... components); // [e a v added]
        abstract Collection<Object[]> range(DB db, String attr, Object start, Object end);
        abstract Object q(DB db, String query);
        abstract Object value(DB db, long e, String attr); // one value of an attribute, by its first ident
        abstract String category(Exception e);
        abstract Object dec(String text);

        /** A second value to name entities that the first no longer names (retracted in a transaction). */
        DB fallback;

        String name(DB db, long e, long tx) {
            String n = name1(db, e, tx);
            return n.equals("anon") && fallback != null && fallback != db ? name1(fallback, e, tx) : n;
        }

        String name1(DB db, long e, long tx) {
            if (e == tx) return "tx";
            for (String attr : List.of(":p/name", ":tx/key")) {
                Object v = value(db, e, attr);
                if (v != null) return attr.substring(1) + "=" + v;
            }
            Object doc = value(db, e, ":db/doc");
            if (doc instanceof String x && (x.startsWith("a:") || x.startsWith("e:"))) return x;
            String ident = ident(db, e);
            return ident != null ? ident : "anon";
        }

        String show(DB db, Object[] d, long tx) {
            long a = ((Number) d[1]).longValue();
            String attr = name(db, a, -1);
            Object v = d[2];
            boolean ref = attr.equals("a:color") || attr.equals("a:friends");
            String shown = ref ? name(db, ((Number) v).longValue(), tx) : v instanceof String s ? '"' + s + '"' : String.valueOf(v);
            return "[" + name(db, ((Number) d[0]).longValue(), tx) + " " + attr + " " + shown + " " + d[3] + "]";
        }

        String shown(DB db, Collection<Object[]> ds) {
            TreeSet<String> out = new TreeSet<>();
            for (Object[] d : ds) out.add(show(db, d, -1));
            return out.toString();
        }

        String attempt(java.util.concurrent.Callable<Object> c) {
            try {
                return String.valueOf(c.call());
            } catch (Exception e) {
                return "error " + category(e);
            }
        }

        String describe(DB db) {
            StringBuilder sb = new StringBuilder();
            TreeSet<String> facts = new TreeSet<>();
            for (long a : attrIds.values()) for (Object[] d : datoms(db, "aevt", a)) facts.add(show(db, d, -1));
            sb.append("facts ").append(facts).append('\n');
            for (String e : List.of("e:red", "e:blue", "a:nick")) {
                Long id = named.get(e);
                sb.append("ident ").append(e).append(' ').append(ident(db, id)).append('\n');
            }
            List<String> names = new ArrayList<>(ENUM_NAMES);
            names.addAll(NICK_NAMES);
            for (String x : names) sb.append("entid ").append(x).append(' ').append(attempt(() -> {
                Long e = entid(db, Keyword.of(x.substring(1)));
                return e == null ? null : name(db, e, -1);
            })).append('\n');
            for (String x : NICK_NAMES) sb.append("aevt ").append(x).append(' ').append(attempt(() -> shown(db, datoms(db, "aevt", Keyword.of(x.substring(1)))))).append('\n');
            for (String x : DECIMALS) {
                Object v = dec(x);
                for (String attr : List.of(":d/one", ":d/many", ":d/many2", ":d/id", ":d/val"))
                    sb.append("avet ").append(attr).append(' ').append(x).append(' ')
                            .append(attempt(() -> shown(db, datoms(db, "avet", Keyword.of(attr.substring(1)), v)))).append('\n');
                for (String attr : List.of(":d/id", ":d/val"))
                    sb.append("lookup ").append(attr).append(' ').append(x).append(' ').append(attempt(() -> {
                        Long e = entid(db, List.of(Keyword.of(attr.substring(1)), v));
                        return e == null ? null : name(db, e, -1);
                    })).append('\n');
            }
            for (String x : TX_KEYS) {
                String k = x.substring(1, x.length() - 1);
                sb.append("lookup tx/key ").append(x).append(' ').append(attempt(() -> {
                    Long e = entid(db, List.of(Keyword.of("tx/key"), k));
                    return e == null ? null : name(db, e, -1) + (value(db, e, ":db/txInstant") != null ? " (a tx)" : "");
                })).append('\n');
            }
            for (String attr : List.of(":d/one", ":d/many", ":d/id"))
                sb.append("range ").append(attr).append(' ')
                        .append(attempt(() -> shown(db, range(db, attr, dec("1.50M"), dec("2M")))))
                        .append(attempt(() -> shown(db, range(db, attr, dec("2.0M"), null))))
                        .append(attempt(() -> shown(db, range(db, attr, null, dec("1.5M"))))).append('\n');
            sb.append("q one ").append(attempt(() -> sortedRows(q(db, "[:find ?n ?v :where [?e :p/name ?n] [?e :d/one ?v]]")))).append('\n');
            sb.append("q many 2 ").append(attempt(() -> sortedRows(q(db, "[:find ?n :where [?e :d/many 2M] [?e :p/name ?n]]")))).append('\n');
            sb.append("q id 1.50 ").append(attempt(() -> sortedRows(q(db, "[:find ?n :where [?e :d/id 1.50M] [?e :p/name ?n]]")))).append('\n');
            return sb.toString();
        }

        static String sortedRows(Object rows) {
            TreeSet<String> out = new TreeSet<>();
            for (Object r : (Collection<?>) rows) {
                List<String> row = new ArrayList<>();
                for (Object x : (List<?>) r) row.add(x instanceof String str ? '"' + str + '"' : String.valueOf(x));
                out.add(row.toString());
            }
            return out.toString();
        }

        void attrIds(DB db) {
            for (String a : USER_ATTRS) attrIds.put(a, entid(db, Keyword.of(a.substring(1))));
            named.put("e:red", entid(db, Keyword.of("c/red")));
            named.put("e:blue", entid(db, Keyword.of("c/blue")));
            named.put("a:nick", entid(db, Keyword.of("p/nick")));
        }

        /** The outcome of a transaction: its category when refused, else its datoms and string tempids. */
        String report(DB before, DB after, List<Object[]> txData, Map<?, ?> tempids, Function<Long, Boolean> existed) {
            fallback = before;
            long tx = -1;
            for (Object[] d : txData) tx = ((Number) d[4]).longValue();
            TreeSet<String> datoms = new TreeSet<>();
            for (Object[] d : txData) {
                if (!attrIds.containsValue(((Number) d[1]).longValue())) { // a built-in attribute
                    String a = ident(after, ((Number) d[1]).longValue());
                    if (a.equals(":db/txInstant")) continue;
                    Object v = d[2];
                    datoms.add("[" + name(after, ((Number) d[0]).longValue(), tx) + " " + a + " " + v + " " + d[3] + "]");
                } else {
                    datoms.add(show(after, d, tx));
                }
            }
            TreeMap<String, String> ids = new TreeMap<>();
            for (Map.Entry<?, ?> t : tempids.entrySet()) {
                if (!(t.getKey() instanceof String)) continue; // Datomic lists made-up ones too
                long e = ((Number) t.getValue()).longValue();
                ids.put((String) t.getKey(), (existed.apply(e) ? "existing " : "new ") + name(after, e, tx));
            }
            fallback = null;
            return "accepted " + datoms + " tempids " + ids;
        }
    }

    static final class D extends Side<datomic.Database> {
        final datomic.Connection conn;

        D(datomic.Connection conn) { this.conn = conn; }

        static Object conv(Object x) {
            if (x instanceof Keyword k) return clojure.lang.Keyword.intern(k.namespace(), k.name());
            if (x instanceof List<?> l) return l.stream().map(D::conv).toList();
            return x;
        }

        @Override Long entid(datomic.Database db, Object d) { return (Long) db.entid(conv(d)); }
        @Override String ident(datomic.Database db, long e) { Object i = db.ident(e); return i == null ? null : i.toString(); }
        @Override Collection<Object[]> datoms(datomic.Database db, String index, Object... cs) {
            Object[] c = new Object[cs.length];
            for (int i = 0; i < cs.length; i++) c[i] = conv(cs[i]);
            return rows(db.datoms(clojure.lang.Keyword.intern(index), c));
        }
        @Override Collection<Object[]> range(datomic.Database db, String attr, Object s, Object e) { return rows(db.indexRange(attr, s, e)); }
        @Override Object q(datomic.Database db, String query) { return datomic.Peer.q(query, db); }
        @Override Object value(datomic.Database db, long e, String attr) {
            Object a = attr.startsWith(":db/") ? clojure.lang.Keyword.intern(attr.substring(1)) : attrIds.get(attr);
            for (datomic.Datom d : db.datoms(datomic.Database.EAVT, e, a)) return d.v();
            return null;
        }
        @Override String category(Exception e) {
            for (Throwable c = e; c != null; c = c.getCause())
                if (c instanceof IExceptionInfo info) {
                    Object cat = info.getData().valAt(clojure.lang.Keyword.intern("db", "error"));
                    if (cat != null) return cat.toString();
                }
            return "none";
        }
        @Override Object dec(String text) { return new BigDecimal(text.substring(0, text.length() - 1)); }

        static List<Object[]> rows(Iterable<?> ds) {
            List<Object[]> out = new ArrayList<>();
            for (Object o : ds) {
                datomic.Datom d = (datomic.Datom) o;
                out.add(new Object[] {d.e(), d.a(), d.v(), d.added(), d.tx()});
            }
            return out;
        }

        String transact(String tx) {
            Map<?, ?> r;
            try {
                r = conn.transact((List<?>) DatomicMem.read(tx)).get();
            } catch (Exception e) {
                return "refused " + category(e);
            }
            datomic.Database before = (datomic.Database) r.get(datomic.Connection.DB_BEFORE);
            datomic.Database after = (datomic.Database) r.get(datomic.Connection.DB_AFTER);
            return report(before, after, rows((List<?>) r.get(datomic.Connection.TX_DATA)), (Map<?, ?>) r.get(datomic.Connection.TEMPIDS),
                    e -> before.datoms(datomic.Database.EAVT, e).iterator().hasNext());
        }
    }

    static final class A extends Side<Db> {
        A(Db unused) {}

        @Override Long entid(Db db, Object d) { return db.entid(d); }
        @Override String ident(Db db, long e) { Keyword i = db.ident(e); return i == null ? null : i.toString(); }
        @Override Collection<Object[]> datoms(Db db, String index, Object... cs) { return rows(db.datoms(Index.valueOf(index.toUpperCase()), cs)); }
        @Override Collection<Object[]> range(Db db, String attr, Object s, Object e) { return rows(db.indexRange(Keyword.of(attr.substring(1)), s, e)); }
        @Override Object q(Db db, String query) { return Query.q(query, db); }
        @Override Object value(Db db, long e, String attr) {
            int a = attr.equals(":db/doc") ? BuiltIns.DOC : attr.equals(":db/txInstant") ? BuiltIns.TX_INSTANT : attrIds.get(attr).intValue();
            for (Datom d : db.datoms(Index.EAVT, e, a, null)) return d.v();
            return null;
        }
        @Override String category(Exception e) {
            if (!(e instanceof AccreteException ae)) return "none " + e;
            // The README lists not-an-attribute for an unknown attribute where Datomic says not-an-entity.
            String c = ae.category().toString();
            return c.equals(":db.error/not-an-attribute") ? ":db.error/not-an-entity" : c;
        }
        @Override Object dec(String text) { return new BigDecimal(text.substring(0, text.length() - 1)); }

        static List<Object[]> rows(Iterable<Datom> ds) {
            List<Object[]> out = new ArrayList<>();
            for (Datom d : ds) out.add(new Object[] {d.e(), (long) d.a(), d.v(), d.added(), d.tx()});
            return out;
        }

        String transact(Connection conn, String tx) {
            TxReport r;
            try {
                r = conn.transact((List<?>) Edn.read(tx));
            } catch (AccreteException e) {
                return "refused " + category(e);
            }
            Db before = r.dbBefore();
            List<Object[]> data = rows(r.txData());
            long txId = EntityIds.tToTx(r.t());
            for (Object[] d : data) d[4] = txId;
            return report(before, r.dbAfter(), data, r.tempids(),
                    e -> before.datoms(Index.EAVT, e, Db.ANY_A, null).iterator().hasNext());
        }
    }
}
