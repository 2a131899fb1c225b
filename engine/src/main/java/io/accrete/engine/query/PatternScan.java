package io.accrete.engine.query;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.db.Db;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.query.QueryModel.Pattern;
import io.accrete.engine.schema.Attribute;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static io.accrete.engine.query.QueryModel.isVar;

/**
 * Matches one data pattern against one source, either alone (a scan) or for the values its
 * already-bound variables take in an input relation (index lookups, one per distinct key). The
 * index follows from which of e, a, v are known: e → EAVT, a+v → AVET, a → AEVT.
 */
final class PatternScan {
    private static final int E = 0, A = 1, V = 2, TX = 3, ADDED = 4;

    private final Pattern pattern;
    private final Source source;
    private final Db db;
    /** Constants by position, resolved against the source (idents to ids, lookup refs to ids). */
    private final Object[] consts = new Object[5];
    private final Symbol[] varAt = new Symbol[5];
    private final int width;
    /** Distinct variables, in order of first position; the columns of every result. */
    final Symbol[] outVars;
    private final int[] outPos;
    /** A constant that names nothing (an unknown ident): the pattern matches nothing. */
    private boolean impossible;
    private final Attribute attr;
    private final boolean distinct;
    /** The entity variable of a cardinality-one pattern on a current database: one row per entity. */
    private final Symbol[] key;

    PatternScan(Pattern pattern, Source source) {
        this.pattern = pattern;
        this.source = source;
        this.db = source instanceof Source.DbSource ds ? ds.db() : null;
        List<Object> terms = pattern.terms();
        this.width = terms.size();
        List<Symbol> vars = new ArrayList<>();
        List<Integer> pos = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            Object t = terms.get(i);
            if (isVar(t)) {
                varAt[i] = (Symbol) t;
                if (!vars.contains(t)) { vars.add((Symbol) t); pos.add(i); }
            } else if (t != QueryModel.BLANK) {
                consts[i] = t;
            }
        }
        outVars = vars.toArray(new Symbol[0]);
        outPos = pos.stream().mapToInt(Integer::intValue).toArray();
        Attribute at = null;
        if (db != null) {
            if (consts[A] != null) {
                at = db.attribute(consts[A]);
                if (at == null) {
                    throw QueryErrors.error(io.accrete.engine.error.Errors.NOT_AN_ENTITY,
                            "Unable to resolve attribute " + consts[A] + " in data pattern", pattern.form());
                }
                consts[A] = (long) at.id();
            }
            if (consts[E] != null) {
                Long id = resolveEntity(consts[E]);
                if (id == null) impossible = true; else consts[E] = id;
            }
            if (consts[V] != null && at != null) {
                Object v = resolveValue(at, consts[V]);
                if (v == null) impossible = true; else consts[V] = v;
            }
        } else if (source instanceof Source.TupleSource ts && ts.fromDatoms() && ts.resolver() != null
                && consts[A] instanceof Keyword k) {
            Attribute a = ts.resolver().attribute(k);
            if (a != null) consts[A] = (long) a.id();
        }
        this.attr = at;
        boolean noBlanks = true;
        int need = db != null && !db.isHistory() ? 3 : 5;
        for (int i = 0; i < need; i++) if (i >= width || terms.get(i) == QueryModel.BLANK) noBlanks = false;
        this.distinct = db != null && noBlanks;
        this.key = distinct && !db.isHistory() && at != null && !at.many() && varAt[E] != null && varAt[V] != null
                && varAt[E] != varAt[V] ? new Symbol[]{varAt[E]} : null;
    }

    /** As Datomic, text names an entity as an ident with its colon (":p/name"; "p/name" is not-a-keyword). */
    private Long resolveEntity(Object o) {
        return o instanceof Long || o instanceof Keyword || o instanceof String || o instanceof List<?> ? db.entid(o) : null;
    }

    /** The value as stored for the attribute, or null when it cannot be stored there. */
    private Object resolveValue(Attribute at, Object v) {
        if (at.isRef()) return v instanceof Long ? v : (v instanceof Keyword || v instanceof String || v instanceof List<?>) ? db.entid(v) : null;
        return at.type().accept(v instanceof Number n ? asAttributesInteger(at, n) : v);
    }

    boolean isDistinct() { return distinct; }

    // ---- estimates (for the planner) ---------------------------------------------------------

    /** Datoms a scan with only the constants would read. */
    long estimate() {
        if (impossible) return 0;
        if (db == null) return ((Source.TupleSource) source).tuples().size();
        return estimate(consts[E], consts[A], consts[V]);
    }

    /** Datoms one lookup would read for the bound values of the given row (a sample of the input). */
    long estimateWith(Relation input, Object[] row) {
        if (impossible) return 0;
        if (db == null) return ((Source.TupleSource) source).tuples().size();
        Object[] k = consts.clone();
        for (int i = 0; i < 3; i++) {
            if (varAt[i] != null && input.has(varAt[i])) {
                Object val = bindValue(i, row[input.indexOf(varAt[i])]);
                if (val == null) return 0;
                k[i] = val;
            }
        }
        return estimate(k[E], k[A], k[V]);
    }

    private long estimate(Object e, Object a, Object v) {
        long ee = e == null ? Db.ANY_E : (Long) e;
        int aa = a == null ? Db.ANY_A : (int) (long) (Long) a;
        if (e == null && a == null && v != null) return Math.max(1, db.estimateCount(Index.EAVT, Db.ANY_E, Db.ANY_A, null) / 100);
        return db.estimateCount(chooseIndex(ee, aa, v), ee, aa, v);
    }

    private static Index chooseIndex(long e, int a, Object v) {
        if (e != Db.ANY_E) return Index.EAVT;
        if (a != Db.ANY_A) return v != null ? Index.AVET : Index.AEVT;
        if (v instanceof Long) return Index.VAET;
        return Index.EAVT;
    }

    // ---- evaluation --------------------------------------------------------------------------

    /** Receives rows of a streaming scan; the array is reused, copy what you keep. */
    interface RowSink {
        void accept(Object[] row);
    }

    /** Every match, streamed over {@link #outVars} without materializing a relation. */
    void scanEach(Deadline deadline, RowSink sink) {
        if (impossible || db == null) return;
        this.sink = sink;
        try {
            match(consts, null, null, deadline);
        } finally {
            this.sink = null;
        }
    }

    private RowSink sink;

    Symbol[] keyVars() { return key != null ? key : outVars; }

    /** Every match, as a relation over {@link #outVars}. */
    Relation scan(Deadline deadline) {
        List<Object[]> out = new ArrayList<>();
        if (!impossible) match(consts, null, out, deadline);
        return new Relation(outVars, out, distinct).withKey(key);
    }

    /**
     * The matches for the values {@code input} gives this pattern's shared variables, one index
     * lookup per distinct key, as a relation over {@link #outVars} (to be joined with input).
     */
    Relation lookup(Relation input, Deadline deadline) {
        List<Object[]> out = new ArrayList<>();
        if (impossible) return new Relation(outVars, out, distinct);
        List<Integer> boundPos = new ArrayList<>();
        List<Integer> cols = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            if (varAt[i] != null && input.has(varAt[i]) && !seenBefore(i)) {
                boundPos.add(i);
                cols.add(input.indexOf(varAt[i]));
            }
        }
        int[] pos = boundPos.stream().mapToInt(Integer::intValue).toArray();
        int[] cs = cols.stream().mapToInt(Integer::intValue).toArray();
        Set<Object> seen = new HashSet<>();
        Object[] given = new Object[5];
        int n = 0;
        for (Object[] row : input.rows) {
            if ((++n & 1023) == 0) deadline.check();
            if (!seen.add(Relation.key(row, cs))) continue;
            Object[] k = consts.clone();
            boolean ok = true;
            for (int j = 0; j < pos.length; j++) {
                Object raw = row[cs[j]];
                given[pos[j]] = raw;
                Object val = bindValue(pos[j], raw);
                if (val == null) { ok = false; break; }
                k[pos[j]] = val;
            }
            if (ok) match(k, given, out, deadline);
            for (int p : pos) given[p] = null;
        }
        return new Relation(outVars, out, distinct).withKey(key);
    }

    /**
     * Whether some bound value is an ident or lookup ref where the index holds ids (the entity,
     * the attribute, a ref value): a scan would yield the ids and the join would miss the values,
     * so such input must be looked up, which resolves each value.
     */
    boolean needsLookup(Relation input) {
        if (db == null) return false;
        // A known value with entity and attribute open reads references only (VAET): whether that
        // holds must not depend on scanning the pattern alone instead of looking up each input row.
        if (readsReferencesOnly(x -> false) != readsReferencesOnly(input::has)) return true;
        for (int i = 0; i < 3; i++) {
            if (varAt[i] == null || !input.has(varAt[i]) || (i == V && (attr == null || !attr.isRef()))) continue;
            int col = input.indexOf(varAt[i]);
            // (a string there is refused when looked up, not-a-keyword, as the peer refuses it: whatever the plan)
            for (Object[] row : input.rows) if (row[col] instanceof Keyword || row[col] instanceof List<?> || row[col] instanceof String) return true;
        }
        return false;
    }

    private boolean seenBefore(int i) {
        for (int j = 0; j < i; j++) if (varAt[j] == varAt[i]) return true;
        return false;
    }

    /** A bound variable's value as the index needs it at a position; null when it can match nothing. */
    private Object bindValue(int pos, Object raw) {
        if (raw == null) return null;
        if (db == null) return raw;
        switch (pos) {
            case E: return resolveEntity(raw);
            case A: {
                // As Datomic, an attribute given as text needs its colon (":p/name"; "p/name" is not-a-keyword).
                Attribute at = raw instanceof Long || raw instanceof Keyword || raw instanceof String ? db.attribute(raw) : null;
                return at == null ? null : (Object) (long) at.id();
            }
            case V: return attr != null ? resolveValue(attr, raw) : raw;
            case TX: return raw instanceof Long ? raw : null;
            default: return raw instanceof Boolean ? raw : null;
        }
    }

    /**
     * Emits a row for every datom/tuple matching {@code k} (constants and bound values by
     * position). {@code given}: the caller's original values for bound positions, put back into
     * the row so the join with the input sees exactly what it had (an ident, not its id).
     */
    private void match(Object[] k, Object[] given, List<Object[]> out, Deadline deadline) {
        if (db != null) matchDb(k, given, out, deadline);
        else matchTuples(k, given, out, deadline);
    }

    /**
     * Whether, run now, this pattern could only read references: its value is known, its entity
     * and attribute are not (nor constants). Any other clause that binds them should go first.
     */
    boolean readsReferencesOnly(java.util.function.Predicate<Symbol> bound) {
        boolean valueKnown = consts[V] != null || varAt[V] != null && bound.test(varAt[V]);
        boolean entityOpen = consts[E] == null && (varAt[E] == null || !bound.test(varAt[E]));
        boolean attributeOpen = consts[A] == null && (varAt[A] == null || !bound.test(varAt[A]));
        return valueKnown && entityOpen && attributeOpen;
    }

    private void matchDb(Object[] k, Object[] given, List<Object[]> out, Deadline deadline) {
        long e = k[E] == null ? Db.ANY_E : (Long) k[E];
        int a = k[A] == null ? Db.ANY_A : (int) (long) (Long) k[A];
        Object v = k[V];
        Object tx = k[TX], added = k[ADDED];
        if (e == Db.ANY_E && a == Db.ANY_A && v != null) {
            // Value known, entity and attribute not: as in Datomic, that reads VAET, so only a
            // reference matches ([?e _ "alice"] finds nothing; [?e _ ?x] with ?x an entity finds its
            // referrers). The planner runs such a pattern after those that bind its entity or
            // attribute (readsReferencesOnly), as Datomic's does, so [?e ?a 30] [?e :p/name ?n] finds ages.
            if (v instanceof Long) emit(db.scan(Index.VAET, Db.ANY_E, Db.ANY_A, v), tx, added, given, out, deadline);
            return;
        }
        if (a != Db.ANY_A && v instanceof Number n) v = asAttributesInteger(db.schema().attribute(a), n);
        emit(db.scan(chooseIndex(e, a, v), e, a, v), tx, added, given, out, deadline);
    }

    /**
     * As Datomic does for a pattern's value, an integer of one type looks up an attribute of the
     * other (10 finds a bigint 10N, 25N a long 25); other numbers are never converted (30.0 is no long).
     */
    private static Object asAttributesInteger(Attribute at, Number n) {
        if (at == null) return n;
        boolean integral = n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
        if (at.type() == io.accrete.engine.schema.ValueType.BIGINT && integral) return java.math.BigInteger.valueOf(n.longValue());
        if (at.type() == io.accrete.engine.schema.ValueType.LONG) {
            if (n instanceof java.math.BigInteger b && b.bitLength() < 64) return b.longValue();
            if (integral) return n.longValue();
        }
        return n;
    }

    private void emit(Iterator<Datom> it, Object tx, Object added, Object[] given, List<Object[]> out, Deadline deadline) {
        int n = 0;
        long txc = tx == null ? 0 : (Long) tx;
        boolean simple = outVars.length == width;
        RowSink s = sink;
        Object[] reused = s == null ? null : new Object[outVars.length];
        while (it.hasNext()) {
            if ((++n & 4095) == 0) deadline.check();
            Datom d = it.next();
            if (tx != null && d.tx() != txc) continue;
            if (added != null && d.added() != (Boolean) added) continue;
            Object[] row = s == null ? new Object[outVars.length] : reused;
            if (simple) {
                for (int i = 0; i < row.length; i++) row[i] = given != null && given[outPos[i]] != null ? given[outPos[i]] : component(d, outPos[i]);
            } else if (!fill(d, null, given, row)) {
                continue;
            }
            if (s == null) out.add(row);
            else s.accept(row);
        }
    }

    private void matchTuples(Object[] k, Object[] given, List<Object[]> out, Deadline deadline) {
        int n = 0;
        outer:
        for (Object[] t : ((Source.TupleSource) source).tuples()) {
            if ((++n & 4095) == 0) deadline.check();
            if (t.length < width) continue;
            for (int i = 0; i < width; i++) {
                if (k[i] != null && !Objects.equals(k[i], t[i])) continue outer;
            }
            Object[] row = new Object[outVars.length];
            if (fill(null, t, given, row)) out.add(row);
        }
    }

    /** Fills a row from a datom or tuple; false when a repeated variable disagrees. */
    private boolean fill(Datom d, Object[] t, Object[] given, Object[] row) {
        for (int i = 0; i < row.length; i++) {
            int p = outPos[i];
            row[i] = given != null && given[p] != null ? given[p] : d != null ? component(d, p) : t[p];
        }
        if (outVars.length == countVarPositions()) return true;
        for (int p = 0; p < width; p++) {
            Symbol v = varAt[p];
            if (v == null) continue;
            int col = indexOfOut(v);
            if (outPos[col] == p) continue;
            Object val = d != null ? component(d, p) : t[p];
            if (!Objects.equals(row[col], val)) return false;
        }
        return true;
    }

    private int countVarPositions() {
        int n = 0;
        for (int i = 0; i < width; i++) if (varAt[i] != null) n++;
        return n;
    }

    private int indexOfOut(Symbol v) {
        for (int i = 0; i < outVars.length; i++) if (outVars[i] == v) return i;
        return -1;
    }

    private static Object component(Datom d, int pos) {
        return switch (pos) {
            case E -> d.e();
            case A -> (long) d.a();
            case V -> d.v();
            case TX -> d.tx();
            default -> d.added();
        };
    }
}
