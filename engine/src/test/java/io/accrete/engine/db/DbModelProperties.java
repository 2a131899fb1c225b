package io.accrete.engine.db;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.storage.Durability;
import io.accrete.engine.testing.TempDb;
import io.accrete.engine.tx.TxReport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random transactions applied to the engine agree with a deliberately simple model — a list of
 * every datom ever written — for the current, as-of, since and history views (and their
 * compositions), through every index, and again after the data folder is reopened (log replay).
 * One attribute is {@code :db/noHistory}: the model keeps only its current assertions.
 */
class DbModelProperties {

    // ---- the schema --------------------------------------------------------------------------

    static final String[] ATTRS = {"m/name", "m/n", "m/tags", "m/ref", "m/refs", "m/note"};
    static final int NAME = 0, N = 1, TAGS = 2, REF = 3, REFS = 4, NOTE = 5;
    static final boolean[] MANY = {false, false, true, false, true, false};
    static final boolean[] IS_REF = {false, false, false, true, true, false};
    /** {@code :db/noHistory}: a value leaves every view, as-of and history included, once retracted. */
    static final boolean[] NO_HISTORY = {false, false, false, false, false, true};
    static final String SCHEMA = """
        [{:db/ident :m/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
         {:db/ident :m/n    :db/valueType :db.type/long   :db/cardinality :db.cardinality/one}
         {:db/ident :m/tags :db/valueType :db.type/string :db/cardinality :db.cardinality/many}
         {:db/ident :m/ref  :db/valueType :db.type/ref    :db/cardinality :db.cardinality/one}
         {:db/ident :m/refs :db/valueType :db.type/ref    :db/cardinality :db.cardinality/many}
         {:db/ident :m/note :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/noHistory true}]
        """;
    static final String[] NAMES = {"a", "b", "c", "d"};
    static final String[] TAG_VALUES = {"x", "y", "z"};
    /** Two values only, so that a value retracted is often asserted again. */
    static final String[] NOTE_VALUES = {"n1", "n2"};

    // ---- generated operations ----------------------------------------------------------------

    enum Kind { NEW, ADD, RETRACT, RETRACT_ATTR, RETRACT_ENTITY, CAS }

    /** One operation, materialized against the entities known when its transaction runs. */
    record OpSpec(Kind kind, int slot, int attr, int value, int other) {}

    @Provide Arbitrary<List<List<OpSpec>>> histories() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(3, Kind.NEW), net.jqwik.api.Tuple.of(6, Kind.ADD), net.jqwik.api.Tuple.of(3, Kind.RETRACT),
                net.jqwik.api.Tuple.of(1, Kind.RETRACT_ATTR), net.jqwik.api.Tuple.of(1, Kind.RETRACT_ENTITY), net.jqwik.api.Tuple.of(1, Kind.CAS));
        Arbitrary<OpSpec> op = Combinators.combine(kinds, Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 7)).as(OpSpec::new);
        return op.list().ofMinSize(1).ofMaxSize(5).list().ofMinSize(3).ofMaxSize(16);
    }

    // ---- the model ---------------------------------------------------------------------------

    /** A fact with where it came from; {@code e} and ref values are entity ids (negative = this tx's tempid). */
    record MDatom(long e, int a, Object v, long t, boolean added) {}

    record Fact(long e, int a, Object v) {}

    /** Every datom ever written, in order (what the log holds). */
    final List<MDatom> log = new ArrayList<>();
    final List<Long> known = new ArrayList<>();

    /**
     * The datoms the indexes keep: the log, less every datom of a no-history attribute other than
     * the assertions still current (a retracted value and its retraction leave no trace).
     */
    List<MDatom> kept() {
        Set<Fact> live = new HashSet<>();
        for (Map.Entry<Fact, MDatom> en : asOf(log, Long.MAX_VALUE).entrySet()) live.add(en.getKey());
        List<MDatom> out = new ArrayList<>();
        for (MDatom d : log) {
            if (!NO_HISTORY[d.a()] || (d.added() && live.contains(new Fact(d.e(), d.a(), d.v())) && isLastAssertion(d))) out.add(d);
        }
        return out;
    }

    private boolean isLastAssertion(MDatom d) {
        for (int i = log.size() - 1; i >= 0; i--) {
            MDatom x = log.get(i);
            if (x.e() == d.e() && x.a() == d.a() && x.v().equals(d.v())) return x == d;
        }
        return false;
    }

    Map<Fact, MDatom> asOf(long asOf) { return asOf(kept(), asOf); }

    static Map<Fact, MDatom> asOf(List<MDatom> datoms, long asOf) {
        Map<Fact, MDatom> m = new LinkedHashMap<>();
        for (MDatom d : datoms) {
            if (d.t() > asOf) continue;
            Fact f = new Fact(d.e(), d.a(), d.v());
            if (d.added()) m.put(f, d);
            else m.remove(f);
        }
        return m;
    }

    Map<Fact, MDatom> current() { return asOf(Long.MAX_VALUE); }

    List<Object> currentValues(Map<Fact, MDatom> cur, long e, int a) {
        List<Object> out = new ArrayList<>();
        for (Fact f : cur.keySet()) if (f.e() == e && f.a() == a) out.add(f.v());
        return out;
    }

    /** The outcome the model predicts: an error category, or the datoms (tx-data without txInstant). */
    record Outcome(Keyword error, List<Fact> asserted, List<Fact> retracted) {}

    Outcome predict(List<Object[]> ops) {
        Map<Fact, MDatom> cur = current();
        LinkedHashMap<Fact, Boolean> facts = new LinkedHashMap<>();
        Map<List<Object>, Object> one = new HashMap<>();
        // Datomic runs :db/cas while it expands tx-data, so a failed compare comes before any conflict
        for (Object[] op : ops) {
            if (op[0] != Kind.CAS) continue;
            List<Object> vs = currentValues(cur, (Long) op[1], N);
            if (!Objects.equals(vs.isEmpty() ? null : vs.get(0), op[4])) return new Outcome(Errors.CAS_FAILED, null, null);
        }
        for (Object[] op : ops) {
            Kind k = (Kind) op[0];
            long e = (Long) op[1];
            switch (k) {
                case NEW, ADD -> {
                    Keyword err = assertFact(facts, one, e, (Integer) op[2], op[3]);
                    if (err != null) return new Outcome(err, null, null);
                }
                case RETRACT -> {
                    Keyword err = retractFact(facts, e, (Integer) op[2], op[3]);
                    if (err != null) return new Outcome(err, null, null);
                }
                case RETRACT_ATTR -> {
                    for (Object v : currentValues(cur, e, (Integer) op[2])) {
                        Keyword err = retractFact(facts, e, (Integer) op[2], v);
                        if (err != null) return new Outcome(err, null, null);
                    }
                }
                case RETRACT_ENTITY -> {
                    // expanded against the database before the transaction: its datoms, then references to it
                    for (Fact f : cur.keySet()) {
                        if (f.e() == e) {
                            Keyword err = retractFact(facts, f.e(), f.a(), f.v());
                            if (err != null) return new Outcome(err, null, null);
                        }
                    }
                    for (Fact f : cur.keySet()) {
                        if (IS_REF[f.a()] && f.v().equals(e)) {
                            Keyword err = retractFact(facts, f.e(), f.a(), f.v());
                            if (err != null) return new Outcome(err, null, null);
                        }
                    }
                }
                case CAS -> {
                    Keyword err = assertFact(facts, one, e, N, op[3]);
                    if (err != null) return new Outcome(err, null, null);
                }
            }
        }
        List<Fact> added = new ArrayList<>(), retracted = new ArrayList<>();
        for (Map.Entry<Fact, Boolean> en : facts.entrySet()) {
            Fact f = en.getKey();
            boolean exists = cur.containsKey(f);
            if (en.getValue()) {
                if (!MANY[f.a()]) {
                    for (Object old : currentValues(cur, f.e(), f.a())) {
                        Fact of = new Fact(f.e(), f.a(), old);
                        if (!old.equals(f.v()) && !facts.containsKey(of)) retracted.add(of);
                    }
                }
                if (!exists) added.add(f);
            } else if (exists) {
                retracted.add(f);
            }
        }
        // as in Datomic, two entities asserting one unique value in the same transaction is a datoms conflict
        Map<Object, Object> claimed = new HashMap<>();
        for (Fact f : added) {
            Object other = f.a() == NAME ? claimed.putIfAbsent(f.v(), f.e()) : null;
            if (other != null && !other.equals(f.e())) return new Outcome(Errors.DATOMS_CONFLICT, null, null);
        }
        // uniqueness of :m/name in the resulting state
        Set<Fact> after = new HashSet<>(cur.keySet());
        after.removeAll(retracted);
        after.addAll(added);
        Set<Object> names = new HashSet<>();
        for (Fact f : after) if (f.a() == NAME && !names.add(f.v())) return new Outcome(Errors.UNIQUE_CONFLICT, null, null);
        return new Outcome(null, added, retracted);
    }

    private static Keyword assertFact(Map<Fact, Boolean> facts, Map<List<Object>, Object> one, long e, int a, Object v) {
        Fact f = new Fact(e, a, v);
        if (Boolean.FALSE.equals(facts.get(f))) return Errors.DATOMS_CONFLICT;
        if (!MANY[a]) {
            Object other = one.put(List.of(e, a), v);
            if (other != null && !other.equals(v)) return Errors.DATOMS_CONFLICT;
        }
        facts.put(f, true);
        return null;
    }

    private static Keyword retractFact(Map<Fact, Boolean> facts, long e, int a, Object v) {
        Fact f = new Fact(e, a, v);
        if (Boolean.TRUE.equals(facts.get(f))) return Errors.DATOMS_CONFLICT;
        // as in Datomic, two retractions of one cardinality-one attribute with different values conflict
        if (!MANY[a]) {
            for (Map.Entry<Fact, Boolean> en : facts.entrySet()) {
                Fact o = en.getKey();
                if (!en.getValue() && o.e() == e && o.a() == a && !o.v().equals(v)) return Errors.DATOMS_CONFLICT;
            }
        }
        facts.put(f, false);
        return null;
    }

    // ---- turning specs into tx-data ----------------------------------------------------------

    /**
     * Materializes specs against the known entities: model ops (tempids as -1-k) and the tx-data.
     * NEW ops create tempid entities with non-identity values; the others touch known entities.
     */
    List<Object[]> materialize(List<OpSpec> specs, List<Object> txData) {
        Set<Integer> tempids = new LinkedHashSet<>();
        for (OpSpec s : specs) if (s.kind() == Kind.NEW || known.isEmpty()) tempids.add(s.slot() % 3);
        List<Object[]> ops = new ArrayList<>();
        for (OpSpec s : specs) {
            Kind kind = known.isEmpty() ? Kind.NEW : s.kind();
            if (kind == Kind.NEW) {
                int k = s.slot() % 3;
                int a = s.attr() == NAME ? N : s.attr();
                Object v = value(a, s.value(), tempids);
                ops.add(new Object[]{Kind.NEW, -1L - k, a, v});
                txData.add(List.of(Keyword.of("db/add"), "t" + k, Keyword.of(ATTRS[a]), txValue(v)));
                continue;
            }
            long e = known.get(s.slot() % known.size());
            int a = s.attr();
            switch (kind) {
                case ADD -> {
                    Object v = value(a, s.value(), tempids);
                    ops.add(new Object[]{kind, e, a, v});
                    txData.add(List.of(Keyword.of("db/add"), e, Keyword.of(ATTRS[a]), txValue(v)));
                }
                case RETRACT -> {
                    Object v = value(a, s.value(), Set.of());
                    ops.add(new Object[]{kind, e, a, v});
                    txData.add(List.of(Keyword.of("db/retract"), e, Keyword.of(ATTRS[a]), txValue(v)));
                }
                case RETRACT_ATTR -> {
                    ops.add(new Object[]{kind, e, a});
                    txData.add(List.of(Keyword.of("db/retract"), e, Keyword.of(ATTRS[a])));
                }
                case RETRACT_ENTITY -> {
                    ops.add(new Object[]{kind, e});
                    txData.add(List.of(Keyword.of("db/retractEntity"), e));
                }
                case CAS -> {
                    Map<Fact, MDatom> cur = current();
                    List<Object> vs = currentValues(cur, e, N);
                    // mostly the right old value, sometimes a wrong one or nil
                    Object old = s.other() < 5 ? (vs.isEmpty() ? null : vs.get(0)) : s.other() == 5 ? null : (long) (s.other() % 4);
                    long nv = s.value() % 4;
                    ops.add(new Object[]{kind, e, N, nv, old});
                    txData.add(Arrays.asList(Keyword.of("db/cas"), e, Keyword.of("m/n"), old, nv));
                }
                default -> throw new IllegalStateException();
            }
        }
        return ops;
    }

    private Object value(int a, int choice, Set<Integer> tempids) {
        switch (a) {
            case NAME: return NAMES[choice % NAMES.length];
            case N: return (long) (choice % 4);
            case TAGS: return TAG_VALUES[choice % TAG_VALUES.length];
            case NOTE: return NOTE_VALUES[choice % NOTE_VALUES.length];
            default:
                // a ref: a known entity, or a tempid of this transaction
                List<Long> targets = new ArrayList<>(known);
                for (int k : tempids) targets.add(-1L - k);
                return targets.get(choice % targets.size());
        }
    }

    private static Object txValue(Object v) {
        return v instanceof Long l && l < 0 ? "t" + (-1 - l) : v;
    }

    // ---- the property ------------------------------------------------------------------------

    @Property(tries = 40)
    void engineAgreesWithTheModel(@ForAll("histories") List<List<OpSpec>> history) {
        log.clear();
        known.clear();
        ConnectionOptions opts = ConnectionOptions.defaults().withDurability(Durability.NO_FSYNC);
        try (TempDb tdb = TempDb.open(opts)) {
            Connection conn = tdb.conn;
            tdb.tx(SCHEMA);
            int[] attrIds = new int[ATTRS.length];
            for (int i = 0; i < ATTRS.length; i++) attrIds[i] = conn.db().attributeStrict(Keyword.of(ATTRS[i])).id();
            List<Long> ts = new ArrayList<>();
            ts.add(conn.db().basisT());
            for (List<OpSpec> specs : history) {
                List<Object> txData = new ArrayList<>();
                List<Object[]> ops = materialize(specs, txData);
                Outcome expected = predict(ops);
                Db before = conn.db();
                Statistics.label("transactions").collect(expected.error() == null ? "committed" : expected.error().toString());
                if (expected.error() == null) {
                    Statistics.label("no-history values retracted").collect(expected.retracted().stream().anyMatch(f -> NO_HISTORY[f.a()]));
                }
                if (expected.error() != null) {
                    AccreteException e = assertThrows(AccreteException.class, () -> conn.transact(txData), () -> "expected " + expected.error() + " for " + Edn.print(txData));
                    assertEquals(expected.error(), e.category(), () -> Edn.print(txData) + " -> " + e.getMessage());
                    assertSame(before, conn.db());
                    continue;
                }
                TxReport r;
                try {
                    r = conn.transact(txData);
                } catch (AccreteException e) {
                    throw new AssertionError("unexpected rejection of " + Edn.print(txData) + ": " + e.getMessage(), e);
                }
                Map<Long, Long> placeholders = new HashMap<>();
                for (int k = 0; k < 3; k++) if (r.tempid("t" + k) != null) placeholders.put(-1L - k, r.tempid("t" + k));
                Set<List<Object>> expectedData = new HashSet<>();
                for (Fact f : expected.asserted()) expectedData.add(List.of(sub(f.e(), placeholders), attrIds[f.a()], subV(f, placeholders), true));
                for (Fact f : expected.retracted()) expectedData.add(List.of(f.e(), attrIds[f.a()], f.v(), false));
                Set<List<Object>> actual = new HashSet<>();
                for (Datom d : r.txData()) if (modelAttr(attrIds, d.a()) >= 0) actual.add(List.of(d.e(), d.a(), d.v(), d.added()));
                assertEquals(expectedData, actual, () -> "tx-data of " + Edn.print(txData));
                assertEquals(expectedData.size(), r.txData().size() - 1, "tx-data holds the txInstant and nothing else");
                for (Fact f : expected.retracted()) log.add(new MDatom(f.e(), f.a(), f.v(), r.t(), false));
                for (Fact f : expected.asserted()) log.add(new MDatom(sub(f.e(), placeholders), f.a(), subV(f, placeholders), r.t(), true));
                for (long id : new LinkedHashSet<>(placeholders.values())) if (!known.contains(id)) known.add(id);
                ts.add(r.t());
                checkView(conn.db(), attrIds, current(), false, "current after t " + r.t());
            }
            Db db = conn.db();
            checkAllViews(db, attrIds, ts);
            // the log keeps every datom, no-history ones included
            Set<List<Object>> logged = new HashSet<>(), written = new HashSet<>();
            for (Connection.LogTx tx : conn.txRange(null, null, Integer.MAX_VALUE)) {
                for (Datom d : tx.datoms()) if (modelAttr(attrIds, d.a()) >= 0) logged.add(row(d.a(), d.e(), d.v(), d.t(), d.added()));
            }
            for (MDatom d : log) written.add(row(attrIds[d.a()], d.e(), d.v(), d.t(), d.added()));
            assertEquals(written, logged, "the log");

            // the log replays to the same database
            conn.close();
            try (Connection c2 = Connection.open("test", tdb.dir, opts)) {
                Db re = c2.db();
                assertEquals(db.basisT(), re.basisT());
                assertEquals(db.nextT(), re.nextT());
                assertEquals(db.latestTxInstant(), re.latestTxInstant());
                for (Index index : Index.values()) {
                    assertEquals(scan(db.history(), index), scan(re.history(), index), "history " + index + " after reopen");
                    assertEquals(scan(db, index), scan(re, index), "current " + index + " after reopen");
                }
                checkView(re, attrIds, current(), false, "current after reopen");
                checkHistory(re.history(), attrIds, kept(), "history after reopen");
                long mid = ts.get(ts.size() / 2);
                checkView(re.asOf(mid), attrIds, asOf(mid), false, "as-of " + mid + " after reopen");
                // new entities after reopening do not reuse ids
                TxReport r = c2.transact(List.of(List.of(Keyword.of("db/add"), "new", Keyword.of("m/n"), 1L)));
                assertFalse(known.contains(r.tempid("new")));
                assertTrue(r.t() > db.basisT());
            }
        }
    }

    private static long sub(long e, Map<Long, Long> placeholders) { return e < 0 ? placeholders.get(e) : e; }

    private static Object subV(Fact f, Map<Long, Long> placeholders) {
        return IS_REF[f.a()] && (Long) f.v() < 0 ? placeholders.get((Long) f.v()) : f.v();
    }

    private static int modelAttr(int[] attrIds, int a) {
        for (int i = 0; i < attrIds.length; i++) if (attrIds[i] == a) return i;
        return -1;
    }

    private static List<Datom> scan(Db db, Index index) {
        List<Datom> out = new ArrayList<>();
        for (Datom d : db.datoms(index, Db.ANY_E, Db.ANY_A, null)) out.add(d);
        return out;
    }

    void checkAllViews(Db db, int[] attrIds, List<Long> ts) {
        checkView(db, attrIds, current(), false, "current");
        List<MDatom> all = kept();
        checkHistory(db.history(), attrIds, all, "history");
        List<Long> points = new ArrayList<>(ts);
        points.add(ts.get(0) - 1);
        for (long t : points) {
            checkView(db.asOf(t), attrIds, asOf(t), false, "as-of " + t);
            Map<Fact, MDatom> since = new LinkedHashMap<>(current());
            since.values().removeIf(d -> d.t() <= t);
            checkView(db.since(t), attrIds, since, false, "since " + t);
            checkHistory(db.history().asOf(t), attrIds, all.stream().filter(d -> d.t() <= t).toList(), "history as-of " + t);
            checkHistory(db.history().since(t), attrIds, all.stream().filter(d -> d.t() > t).toList(), "history since " + t);
            // compositions: with the next point and with the latest
            for (long t2 : List.of(next(points, t), ts.get(ts.size() - 1))) {
                if (t2 <= t) continue;
                Map<Fact, MDatom> window = new LinkedHashMap<>(asOf(t2));
                window.values().removeIf(d -> d.t() <= t);
                checkView(db.asOf(t2).since(t), attrIds, window, false, "as-of " + t2 + " since " + t);
                checkView(db.since(t).asOf(t2), attrIds, window, false, "since " + t + " as-of " + t2);
                checkHistory(db.history().since(t).asOf(t2), attrIds,
                        all.stream().filter(d -> d.t() > t && d.t() <= t2).toList(), "history since " + t + " as-of " + t2);
            }
        }
    }

    private static long next(List<Long> points, long t) {
        long best = Long.MAX_VALUE;
        for (long p : points) if (p > t && p < best) best = p;
        return best == Long.MAX_VALUE ? t : best;
    }

    private void checkView(Db view, int[] attrIds, Map<Fact, MDatom> expected, boolean history, String what) {
        checkHistory(view, attrIds, new ArrayList<>(expected.values()), what);
    }

    /** Every index of the view, scanned whole and by bound components, holds exactly the expected datoms. */
    private void checkHistory(Db view, int[] attrIds, List<MDatom> expected, String what) {
        Set<List<Object>> want = new HashSet<>();
        for (MDatom d : expected) want.add(row(attrIds[d.a()], d.e(), d.v(), d.t(), d.added()));
        assertEquals(expected.size(), want.size(), what + ": model has duplicates");
        for (Index index : Index.values()) {
            Set<List<Object>> got = new HashSet<>();
            int n = 0;
            for (Datom d : view.datoms(index, Db.ANY_E, Db.ANY_A, null)) {
                if (modelAttr(attrIds, d.a()) < 0) continue;
                got.add(row(d.a(), d.e(), d.v(), d.t(), d.added()));
                n++;
            }
            Set<List<Object>> w = index == Index.VAET ? refsOnly(want, attrIds) : want;
            assertEquals(w, got, what + " via " + index);
            assertEquals(w.size(), n, what + " via " + index + ": duplicates");
        }
        // bound components: by attribute, by entity, by attribute and value
        for (int i = 0; i < attrIds.length; i++) {
            int a = attrIds[i];
            Set<List<Object>> got = new HashSet<>();
            for (Datom d : view.datoms(Index.AEVT, Db.ANY_E, a, null)) got.add(row(d.a(), d.e(), d.v(), d.t(), d.added()));
            Set<List<Object>> w = new HashSet<>();
            for (List<Object> r : want) if ((Integer) r.get(0) == a) w.add(r);
            assertEquals(w, got, what + " via AEVT of " + ATTRS[i]);
            for (List<Object> r : w) {
                Set<List<Object>> byValue = new HashSet<>();
                for (Datom d : view.datoms(Index.AVET, Db.ANY_E, a, r.get(2))) byValue.add(row(d.a(), d.e(), d.v(), d.t(), d.added()));
                Set<List<Object>> wv = new HashSet<>();
                for (List<Object> x : w) if (x.get(2).equals(r.get(2))) wv.add(x);
                assertEquals(wv, byValue, what + " via AVET of " + ATTRS[i] + " " + r.get(2));
            }
        }
        for (long e : known) {
            Set<List<Object>> got = new HashSet<>();
            for (Datom d : view.datoms(Index.EAVT, e, Db.ANY_A, null)) {
                if (modelAttr(attrIds, d.a()) >= 0) got.add(row(d.a(), d.e(), d.v(), d.t(), d.added()));
            }
            Set<List<Object>> w = new HashSet<>();
            for (List<Object> r : want) if (((Long) r.get(1)) == e) w.add(r);
            assertEquals(w, got, what + " via EAVT of entity " + e);
            Set<List<Object>> refs = new HashSet<>();
            for (Datom d : view.datoms(Index.VAET, Db.ANY_E, Db.ANY_A, e)) refs.add(row(d.a(), d.e(), d.v(), d.t(), d.added()));
            Set<List<Object>> wr = new HashSet<>();
            for (List<Object> r : refsOnly(want, attrIds)) if (r.get(2).equals(e)) wr.add(r);
            assertEquals(wr, refs, what + " via VAET of entity " + e);
        }
    }

    private static Set<List<Object>> refsOnly(Set<List<Object>> rows, int[] attrIds) {
        Set<List<Object>> out = new HashSet<>();
        for (List<Object> r : rows) if (IS_REF[modelAttr(attrIds, (Integer) r.get(0))]) out.add(r);
        return out;
    }

    private static List<Object> row(int a, long e, Object v, long t, boolean added) {
        return List.of(a, e, v, t, added);
    }

    @SuppressWarnings("unused")
    private static Attribute attr(Db db, String ident) { return db.attributeStrict(Keyword.of(ident)); }
}
