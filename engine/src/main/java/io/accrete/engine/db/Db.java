package io.accrete.engine.db;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.AnyScale;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.DatomOrder;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.index.Index;
import io.accrete.engine.index.IndexSet;
import io.accrete.engine.index.PersistentSortedSet;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.BuiltIns;
import io.accrete.engine.schema.Schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable database value at a basis t. {@code current} holds the facts true now;
 * {@code retracted} holds the rest of the past — every assertion that has since been retracted,
 * and the retraction datoms — so that data which is only ever added is indexed once. As-of,
 * since and history views read the merge of both through filters, and compose. Taking a new value after a transaction shares
 * all unchanged index nodes with the old one.
 */
public final class Db {
    public static final long ANY_E = DatomScan.ANY_E;
    public static final int ANY_A = DatomScan.ANY_A;
    private static final long NO_AS_OF = Long.MAX_VALUE;
    private static final long NO_SINCE = -1;

    private final IndexSet current;
    private final IndexSet retracted;
    private final Schema schema;
    private final long basisT;
    private final long nextT;
    private final long nextDbIndex;
    private final Date latestTxInstant;
    private final long asOfT;
    private final long sinceT;
    private final boolean historyView;

    private Db(IndexSet current, IndexSet retracted, Schema schema, long basisT, long nextT, long nextDbIndex,
               Date latestTxInstant, long asOfT, long sinceT, boolean historyView) {
        this.current = current;
        this.retracted = retracted;
        this.schema = schema;
        this.basisT = basisT;
        this.nextT = nextT;
        this.nextDbIndex = nextDbIndex;
        this.latestTxInstant = latestTxInstant;
        this.asOfT = asOfT;
        this.sinceT = sinceT;
        this.historyView = historyView;
    }

    /** A new, empty database holding only the built-in schema. */
    public static Db bootstrap() {
        List<Datom> datoms = BuiltIns.datoms();
        Set<Long> touched = new LinkedHashSet<>();
        for (Datom d : datoms) touched.add(d.e());
        IndexSet.RefTest noRefs = a -> false;
        IndexSet idx = IndexSet.build(datoms, noRefs);
        Schema schema = Schema.empty().update(touched, e -> slice(idx.eavt(), Index.EAVT, e, ANY_A, null));
        IndexSet withRefs = IndexSet.build(datoms, refTest(schema));
        return new Db(withRefs, IndexSet.empty(), schema, BuiltIns.BOOTSTRAP_T, BuiltIns.FIRST_T,
                BuiltIns.FIRST_USER_DB_INDEX, new Date(0), NO_AS_OF, NO_SINCE, false);
    }

    static IndexSet.RefTest refTest(Schema schema) {
        return a -> {
            Attribute attr = schema.attribute(a);
            return attr != null && attr.isRef();
        };
    }

    // ---- views -------------------------------------------------------------------------------

    public long basisT() { return basisT; }
    /** The t the next transaction will get; entity ids in user partitions share this counter. */
    public long nextT() { return nextT; }
    public long nextDbIndex() { return nextDbIndex; }
    public Date latestTxInstant() { return latestTxInstant; }
    public Long asOfT() { return asOfT == NO_AS_OF ? null : asOfT; }
    public Long sinceT() { return sinceT == NO_SINCE ? null : sinceT; }
    public boolean isHistory() { return historyView; }
    /** True when this value shows the latest state without as-of, since or history filters. */
    public boolean isUnfiltered() { return asOfT == NO_AS_OF && sinceT == NO_SINCE && !historyView; }
    public Schema schema() { return schema; }

    /** As Datomic's as-of: the point replaces any earlier as-of point of this value, even a later one. */
    public Db asOf(long t) {
        return new Db(current, retracted, schema, basisT, nextT, nextDbIndex, latestTxInstant,
                EntityIds.toT(t), sinceT, historyView);
    }

    /** As Datomic's since: the point replaces any earlier since point of this value, even an earlier one. */
    public Db since(long t) {
        return new Db(current, retracted, schema, basisT, nextT, nextDbIndex, latestTxInstant,
                asOfT, EntityIds.toT(t), historyView);
    }

    /** As Datomic's as-of with a date: the transactions whose :db/txInstant is at or before {@code instant}. */
    public Db asOf(Date instant) {
        return asOf(tAt(instant));
    }

    /** As Datomic's since with a date: the transactions whose :db/txInstant is after {@code instant}. */
    public Db since(Date instant) {
        return since(tAt(instant));
    }

    /**
     * The t of the latest transaction whose :db/txInstant is at or before {@code instant}, or 0 when
     * none is. Transaction instants never decrease with t, so the last such datom in AVET is it.
     */
    public long tAt(Date instant) {
        if (instant == null) throw Errors.error(Errors.INVALID_ARGUMENT, "An instant is required");
        Datom from = new Datom(Long.MAX_VALUE, BuiltIns.TX_INSTANT, instant, Long.MAX_VALUE, true);
        Datom to = new Datom(Long.MIN_VALUE, BuiltIns.TX_INSTANT, DatomOrder.V_MIN, Long.MIN_VALUE, false);
        Iterator<Datom> it = current.get(Index.AVET).rslice(from, to);
        while (it.hasNext()) {
            // Another entity may hold a :db/txInstant as a plain fact (as in Datomic): only a
            // transaction's own says when it happened.
            Datom d = it.next();
            if (EntityIds.isTx(d.e())) return EntityIds.txToT(d.e());
        }
        return 0;
    }

    /**
     * The t of the earliest transaction whose :db/txInstant is at or after {@code instant}, or -1
     * when none is: where a log range bounded by that instant starts, as in Datomic.
     */
    public long firstTxTAtOrAfter(Date instant) {
        if (instant == null) throw Errors.error(Errors.INVALID_ARGUMENT, "An instant is required");
        Datom from = new Datom(Long.MIN_VALUE, BuiltIns.TX_INSTANT, instant, Long.MIN_VALUE, false);
        Datom to = new Datom(Long.MAX_VALUE, BuiltIns.TX_INSTANT, DatomOrder.V_MAX, Long.MAX_VALUE, true);
        Iterator<Datom> it = current.get(Index.AVET).slice(from, to);
        while (it.hasNext()) {
            Datom d = it.next();   // as in tAt, only a transaction's own instant counts
            if (EntityIds.isTx(d.e())) return EntityIds.txToT(d.e());
        }
        return -1;
    }

    /**
     * The ts of the transactions in this value with {@code fromT <= t < toT}, ascending: one
     * :db/txInstant per transaction entity, read from EAVT, so no log is read.
     */
    public List<Long> txTsBetween(long fromT, long toT) {
        // t 0 is the built-in schema, which no log holds (Datomic's starts with the first transaction too)
        long from = Math.max(fromT, 1), to = Math.min(toT, basisT + 1);
        if (from >= to) return List.of();
        Datom lo = new Datom(EntityIds.tToTx(from), BuiltIns.TX_INSTANT, DatomOrder.V_MIN, Long.MIN_VALUE, false);
        Datom hi = new Datom(EntityIds.tToTx(to - 1), BuiltIns.TX_INSTANT, DatomOrder.V_MAX, Long.MAX_VALUE, true);
        List<Long> out = new ArrayList<>();
        Iterator<Datom> it = current.get(Index.EAVT).slice(lo, hi);
        while (it.hasNext()) {
            Datom d = it.next();
            if (d.a() == BuiltIns.TX_INSTANT) out.add(EntityIds.txToT(d.e()));
        }
        return out;
    }

    /**
     * The t of the latest transaction at or before {@code t} in this value, or -1: every transaction
     * entity keeps its :db/txInstant, so the one nearest below t in EAVT is it.
     */
    public long latestTxTAtOrBefore(long t) {
        if (t < 0) return -1;
        Datom from = new Datom(EntityIds.tToTx(Math.min(t, EntityIds.INDEX_MASK)), Integer.MAX_VALUE, DatomOrder.V_MAX, Long.MAX_VALUE, true);
        Datom to = new Datom(EntityIds.tToTx(0), Integer.MIN_VALUE, DatomOrder.V_MIN, Long.MIN_VALUE, false);
        Iterator<Datom> it = current.get(Index.EAVT).rslice(from, to);
        return it.hasNext() ? EntityIds.txToT(it.next().e()) : -1;
    }

    public Db history() {
        return new Db(current, retracted, schema, basisT, nextT, nextDbIndex, latestTxInstant, asOfT, sinceT, true);
    }

    /** The same data without any view filter: what a transaction against this value sees. */
    public Db unfiltered() {
        return isUnfiltered() ? this
                : new Db(current, retracted, schema, basisT, nextT, nextDbIndex, latestTxInstant, NO_AS_OF, NO_SINCE, false);
    }

    // ---- index access ------------------------------------------------------------------------

    /**
     * Datoms of {@code index} matching the bound components ({@link #ANY_E}, {@link #ANY_A} and
     * a null value mean unbound), in index order, as this view shows them. Components that form a
     * prefix of the index order bound the slice; others filter it.
     */
    public Iterable<Datom> datoms(Index index, long e, int a, Object v) {
        return () -> scan(index, e, a, v);
    }

    public Iterator<Datom> scan(Index index, long e, int a, Object v) {
        if (index == Index.VAET && v != null && !(v instanceof Long)) return Collections.emptyIterator();
        return view(index, set -> slice(set, index, e, a, v).iterator());
    }

    /** What this view shows of the part of {@code index} that {@code part} picks from a set of datoms. */
    private Iterator<Datom> view(Index index, java.util.function.Function<PersistentSortedSet<Datom>, Iterator<Datom>> part) {
        if (isUnfiltered()) return part.apply(current.get(index));
        if (!historyView && asOfT == NO_AS_OF) {
            return DatomScan.filtered(part.apply(current.get(index)), ANY_E, ANY_A, null, sinceT, NO_AS_OF);
        }
        Iterator<Datom> raw = DatomScan.merge(part.apply(current.get(index)), part.apply(retracted.get(index)), DatomOrder.of(index));
        if (historyView) return DatomScan.filtered(raw, ANY_E, ANY_A, null, sinceT, asOfT);
        return DatomScan.filtered(DatomScan.asOf(raw, asOfT), ANY_E, ANY_A, null, sinceT, NO_AS_OF);
    }

    /** An estimate of how many datoms {@link #datoms} would give, in O(log n); for query planning. */
    public long estimateCount(Index index, long e, int a, Object v) {
        Datom[] bounds = bounds(index, e, a, v);
        long n = current.get(index).count(bounds[0], bounds[1]);
        if (historyView || asOfT != NO_AS_OF) n += retracted.get(index).count(bounds[0], bounds[1]);
        return n;
    }

    /** Datoms of an index from the public API: components are designators (ids, idents, lookup refs, values). */
    public Iterable<Datom> datoms(Index index, Object... components) {
        if (index == null) throw Errors.error(Errors.INVALID_ARGUMENT, "An index is required (EAVT, AEVT, AVET or VAET)");
        if (components == null) components = new Object[0];
        long e = ANY_E;
        int a = ANY_A;
        Object v = null;
        Object[] order = switch (index) {
            case EAVT -> new Object[]{"e", "a", "v"};
            case AEVT -> new Object[]{"a", "e", "v"};
            case AVET -> new Object[]{"a", "v", "e"};
            case VAET -> new Object[]{"v", "a", "e"};
        };
        if (components.length > 4) throw Errors.error(Errors.INVALID_ARGUMENT, "At most 4 components (the 4th a transaction) are supported for " + index, List.of(components));
        if (matchesNothingForNil(index, components)) return List.of();
        if (components.length == 4 && components[3] != null) {
            // As in Datomic, a 4th component names the transaction: the datoms of the other three it wrote.
            long t = tOf(components[3]);
            Iterable<Datom> three = datoms(index, java.util.Arrays.copyOf(components, 3));
            return () -> DatomScan.filtered(three.iterator(), ANY_E, ANY_A, null, t - 1, t);
        }
        for (int i = 0; i < Math.min(3, components.length); i++) {
            Object c = components[i];
            if (c == null) continue;
            switch ((String) order[i]) {
                case "e" -> { Long id = entid(c); if (id == null) return List.of(); e = id; }
                case "a" -> {
                    Attribute at = attribute(c);
                    // As the peer: an unknown attribute has no datoms, unless a value is given, which it cannot type.
                    if (at == null && index != Index.VAET && valueGiven(index, components)) throw unknownAttribute(c);
                    if (at == null) return List.of();
                    a = at.id();
                }
                default -> v = c;
            }
        }
        // As Datomic: a value that must name an entity and names none is an error, not an empty slice.
        boolean refValue = index == Index.VAET || a != ANY_A && schema.attribute(a).isRef();
        if (v != null && refValue && !(v instanceof Long)) v = entidStrict(v);
        else if (v != null && a != ANY_A) v = coerceForLookup(schema.attribute(a), v);
        if (v == NumericKeys.NOTHING) return List.of();
        if (v == NumericKeys.ANY) v = null;
        return datoms(index, e, a, v);
    }

    /**
     * What the peer answers for nil components followed by a bound one: nothing when the first
     * component or a transaction's predecessor is nil, or when EAVT's attribute is nil before a value
     * (a value cannot be read without its attribute); any other nil is a wildcard (AEVT's entity,
     * AVET's value, VAET's attribute). Trailing nils are no components.
     */
    private static boolean matchesNothingForNil(Index index, Object[] components) {
        int last = -1;
        for (int i = 0; i < components.length; i++) if (components[i] != null) last = i;
        if (last <= 0 || components[0] == null) return last > 0;
        if (last == 3) for (int i = 0; i < 3; i++) if (components[i] == null) return true;
        return index == Index.EAVT && components[1] == null && components[2] != null;
    }

    private static boolean valueGiven(Index index, Object[] components) {
        int at = index == Index.AVET ? 1 : 2;
        return components.length > at && components[at] != null;
    }

    /** As the peer: an ident naming no entity is not-an-entity; an entity that is no attribute, not-an-attribute. */
    private RuntimeException unknownAttribute(Object designator) {
        if ((designator instanceof Keyword || designator instanceof String) && entid(designator) == null) return Errors.error(Errors.NOT_AN_ENTITY, "Unable to resolve entity", designator);
        return Errors.error(Errors.NOT_AN_ATTRIBUTE, "Not an attribute", designator);
    }

    /** AVET datoms of {@code attr} with start <= v < end (null = unbounded), as Datomic's index-range. */
    public Iterable<Datom> indexRange(Object attr, Object start, Object end) {
        Attribute at = rangedAttribute(attr);
        Object lo = start == null ? DatomOrder.V_MIN : coerceForLookup(at, start, true);
        Object hi = end == null ? DatomOrder.V_MAX : coerceForLookup(at, end, true);
        // Seeks to the start and stops before the end: bounds below every datom of their value (the
        // least entity and tx) make the start inclusive and the end exclusive.
        Datom from = new Datom(Long.MIN_VALUE, at.id(), lo, Long.MIN_VALUE, false);
        Datom to = new Datom(Long.MIN_VALUE, at.id(), hi, Long.MIN_VALUE, false);
        return () -> lo == NumericKeys.NOTHING || hi == NumericKeys.NOTHING || DatomOrder.compareValues(lo, hi) >= 0 && end != null
                ? Collections.emptyIterator() : view(Index.AVET, set -> set.slice(from, to));
    }

    /**
     * The attribute an {@link #indexRange} ranges over, or the peer's error for what is none: what
     * names no entity is not-an-entity; an entity (or any id) that is no attribute has no AVET index
     * to range over.
     */
    public Attribute rangedAttribute(Object attr) {
        Attribute at = attribute(attr);
        if (at != null) return at;
        boolean id = attr instanceof Long || attr instanceof Integer || attr instanceof Short || attr instanceof Byte;
        if (!id && entid(attr) == null) throw Errors.error(Errors.NOT_AN_ENTITY, "Unable to resolve entity", attr);
        throw Errors.error(Errors.ATTRIBUTE_NOT_INDEXED, "Not an indexed attribute", attr);
    }

    private Object coerceForLookup(Attribute attr, Object v) {
        return coerceForLookup(attr, v, false);
    }

    /** {@code v} as the attribute's index holds it; {@link NumericKeys#NOTHING} for a number it cannot hold. */
    private Object coerceForLookup(Attribute attr, Object v, boolean roundUp) {
        if (attr != null && attr.isRef() && !(v instanceof Long)) {
            Long id = entid(v);
            return id == null ? -1L : id;
        }
        if (attr == null) return v;
        if (v instanceof Number) return NumericKeys.asType(attr.type(), v, roundUp);
        Object accepted = attr.type().accept(v);
        return accepted != null ? accepted : v;
    }

    /** The t of a transaction given as its entity id or its t. */
    private static long tOf(Object tx) {
        if (!(tx instanceof Long || tx instanceof Integer)) {
            throw Errors.error(Errors.INVALID_ARGUMENT, "The 4th component of datoms is a transaction (its id or t)", tx);
        }
        return EntityIds.toT(((Number) tx).longValue());
    }

    static Iterable<Datom> slice(PersistentSortedSet<Datom> set, Index index, long e, int a, Object v) {
        Datom[] b = bounds(index, e, a, v);
        int prefix = prefixLength(index, e, a, v);
        int bound = (e != ANY_E ? 1 : 0) + (a != ANY_A ? 1 : 0) + (v != null ? 1 : 0);
        if (prefix == bound) return () -> set.slice(b[0], b[1]);
        return () -> DatomScan.filtered(set.slice(b[0], b[1]), e, a, v, -1, Long.MAX_VALUE);
    }

    /** How many leading components of the index order are bound. */
    private static int prefixLength(Index index, long e, int a, Object v) {
        boolean be = e != ANY_E, ba = a != ANY_A, bv = v != null;
        return switch (index) {
            case EAVT -> !be ? 0 : !ba ? 1 : !bv ? 2 : 3;
            case AEVT -> !ba ? 0 : !be ? 1 : !bv ? 2 : 3;
            // A probe for all scales of a decimal is not one value, so the entities after it are not in order.
            case AVET -> !ba ? 0 : !bv ? 1 : !be || v instanceof AnyScale ? 2 : 3;
            case VAET -> !bv ? 0 : !ba ? 1 : !be ? 2 : 3;
        };
    }

    private static Datom[] bounds(Index index, long e, int a, Object v) {
        int p = prefixLength(index, e, a, v);
        // Position of e, a and v in this index's order (1-based); bound when within the prefix.
        int pe, pa, pv;
        switch (index) {
            case EAVT -> { pe = 1; pa = 2; pv = 3; }
            case AEVT -> { pa = 1; pe = 2; pv = 3; }
            case AVET -> { pa = 1; pv = 2; pe = 3; }
            default -> { pv = 1; pa = 2; pe = 3; }
        }
        boolean be = pe <= p, ba = pa <= p, bv = pv <= p;
        Datom from = new Datom(be ? e : Long.MIN_VALUE, ba ? a : Integer.MIN_VALUE, bv ? v : DatomOrder.V_MIN, Long.MIN_VALUE, false);
        Datom to = new Datom(be ? e : Long.MAX_VALUE, ba ? a : Integer.MAX_VALUE, bv ? v : DatomOrder.V_MAX, Long.MAX_VALUE, true);
        return new Datom[]{from, to};
    }

    // ---- entities and schema -----------------------------------------------------------------

    /**
     * The entity id a designator names: an id, an ident keyword (or its text with the colon, as
     * Datomic reads ":p/name") or a lookup ref; null when none. As the peer's entid, a list that is
     * not [attribute value] is :db.error/invalid-lookup-ref, and text without its colon
     * :db.error/not-a-keyword.
     */
    public Long entid(Object designator) {
        // No entity has a negative id, and -1 is the scans' "any entity": it must name nothing.
        if (designator instanceof Long l) return l < 0 ? null : l;
        if (designator instanceof Integer i) return i < 0 ? null : (long) i;
        if (designator instanceof Short || designator instanceof Byte) return entid((long) ((Number) designator).intValue());
        if (designator instanceof Keyword k) return schema.entid(k);
        if (designator instanceof String s) return schema.entid(keyword(s));
        if (designator instanceof List<?> ref) {
            // As the peer's entid: a list names an entity only as [attribute value].
            if (ref.size() != 2) throw Errors.error(Errors.INVALID_LOOKUP_REF, "Invalid list form (a lookup ref is [attribute value])", ref);
            Attribute attr = attribute(ref.get(0));
            if (attr == null) throw unknownAttribute(ref.get(0));
            if (!attr.isUnique()) throw Errors.error(Errors.LOOKUP_REF_ATTR_NOT_UNIQUE, "Lookup ref attribute " + attr.ident() + " is not unique", ref);
            if (ref.get(1) == null) return null;
            Object v = coerceForLookup(attr, ref.get(1));
            // NaN finds every value in an index call, but a lookup ref of it names no entity (as the peer says)
            if (v == NumericKeys.ANY) return null;
            Iterator<Datom> it = scan(Index.AVET, ANY_E, attr.id(), v);
            return it.hasNext() ? it.next().e() : null;
        }
        return null;
    }

    /** Like {@link #entid} but an error when the designator names nothing. */
    public long entidStrict(Object designator) {
        Long id = entid(designator);
        if (id == null) {
            if (designator instanceof List<?>) throw Errors.error(Errors.NOT_AN_ENTITY, "Lookup ref finds no entity", designator);
            throw Errors.error(Errors.NOT_AN_ENTITY, "Unable to resolve entity", designator);
        }
        return id;
    }

    public Keyword ident(long eid) { return schema.ident(eid); }

    /**
     * The attribute named by an ident keyword, its id, or a string such as ":person/name"; null when
     * none. As in Datomic, a string without its leading colon is :db.error/not-a-keyword.
     */
    public Attribute attribute(Object designator) {
        if (designator instanceof Keyword k) return schema.attribute(k);
        if (designator instanceof Long l) return l >= 0 && l <= Integer.MAX_VALUE ? schema.attribute((int) (long) l) : null;
        if (designator instanceof Integer i) return schema.attribute(i);
        if (designator instanceof String s) return schema.attribute(keyword(s));
        return null;
    }

    /** A keyword given as text: Datomic reads one only with its leading colon (":p/name", never "p/name"). */
    private static Keyword keyword(String text) {
        if (!text.startsWith(":")) throw Errors.error(Errors.NOT_A_KEYWORD, "Cannot interpret as a keyword: " + text + ", no leading :", text);
        return Keyword.of(text);
    }

    public Attribute attributeStrict(Object designator) {
        Attribute a = attribute(designator);
        if (a == null) throw Errors.error(Errors.NOT_AN_ATTRIBUTE, "Not an attribute", designator);
        return a;
    }

    // ---- growth ------------------------------------------------------------------------------

    /**
     * The value after a transaction whose final datoms are {@code txDatoms}: assertions join the
     * current indexes; a retraction moves the assertion it retracts from current to retracted and
     * joins it there — or, for a {@code :db/noHistory} attribute, just removes it from current.
     */
    public Db withTx(List<Datom> txDatoms, long newBasisT, long newNextT, long newNextDbIndex, Date txInstant) {
        Db base = unfiltered();
        Set<Long> schemaTouched = new LinkedHashSet<>();
        boolean anyRetraction = false;
        for (Datom d : txDatoms) {
            if (BuiltIns.isSchemaAttribute(d.a())) schemaTouched.add(d.e());
            anyRetraction |= !d.added();
        }

        IndexSet cur = base.current, past = base.retracted;
        Schema newSchema = base.schema;
        if (!schemaTouched.isEmpty()) {
            IndexSet.RefTest refs = refTest(base.schema);
            IndexSet.Editor ce = cur.edit(refs), pe = past.edit(refs);
            // built-in schema attributes cannot be made :db/noHistory, so they always keep history
            for (Datom d : txDatoms) if (BuiltIns.isSchemaAttribute(d.a())) apply(d, ce, pe, cur, true);
            cur = ce.done();
            past = pe.done();
            IndexSet finalCur = cur;
            newSchema = base.schema.update(schemaTouched, e -> slice(finalCur.eavt(), Index.EAVT, e, ANY_A, null));
        }
        IndexSet.RefTest refs = refTest(newSchema);
        IndexSet.Editor ce = cur.edit(refs);
        IndexSet.Editor pe = anyRetraction ? past.edit(refs) : null;
        List<Datom> assertions = new ArrayList<>(txDatoms.size());
        for (Datom d : txDatoms) {
            if (BuiltIns.isSchemaAttribute(d.a())) continue;
            if (d.added()) assertions.add(d);
            else retract(d, ce, pe, cur, newSchema.keepsHistory(d.a()));
        }
        ce.addAll(assertions);
        return new Db(ce.done(), pe == null ? past : pe.done(), newSchema, newBasisT, newNextT, newNextDbIndex, txInstant,
                NO_AS_OF, NO_SINCE, false);
    }

    private static void apply(Datom d, IndexSet.Editor current, IndexSet.Editor retracted, IndexSet before, boolean keepHistory) {
        if (d.added()) current.add(d);
        else retract(d, current, retracted, before, keepHistory);
    }

    /** Without {@code keepHistory} (a noHistory attribute) a retraction leaves nothing in {@code retracted}. */
    private static void retract(Datom d, IndexSet.Editor current, IndexSet.Editor retracted, IndexSet before, boolean keepHistory) {
        Iterator<Datom> it = slice(before.eavt(), Index.EAVT, d.e(), d.a(), d.v()).iterator();
        if (it.hasNext()) {
            Datom asserted = it.next();
            current.remove(asserted);
            if (keepHistory) retracted.add(asserted);
        }
        if (keepHistory) retracted.add(d);
    }

    /** A database value made from indexes built elsewhere (see {@link DbRebuilder}). */
    static Db of(IndexSet current, IndexSet retracted, Schema schema, long basisT, long nextT, long nextDbIndex,
                 Date latestTxInstant) {
        return new Db(current, retracted, schema, basisT, nextT, nextDbIndex, latestTxInstant, NO_AS_OF, NO_SINCE, false);
    }

    @Override public String toString() {
        return "Db[basis-t " + basisT + (asOfT() != null ? ", as-of " + asOfT : "")
                + (sinceT() != null ? ", since " + sinceT : "") + (historyView ? ", history" : "") + "]";
    }
}
