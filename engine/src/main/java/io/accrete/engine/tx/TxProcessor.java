package io.accrete.engine.tx;

import io.accrete.engine.db.Db;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.BuiltIns;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies tx-data to a database value, with Datomic's semantics: expand forms, resolve ids
 * (upserting), then work out the datoms — implicit retraction of cardinality-one values,
 * redundancy elimination, conflict, cas, uniqueness and schema checks. Pure: it writes nothing,
 * so the same code serves {@code transact} and {@code with}.
 */
public final class TxProcessor {
    private TxProcessor() {}

    /** The outcome of one transaction that passed every check. */
    public record Result(Db dbAfter, List<Datom> datoms, Map<Object, Long> tempids) {}

    public static Result process(Db before, List<?> txData, TxFunctions functions, Date now) {
        if (txData == null) throw Errors.error(Errors.INVALID_TX, "tx-data must be a list");
        Db db = before.unfiltered();
        long t = db.nextT();
        long txId = EntityIds.tToTx(t);
        TxExpander ex = new TxExpander(db, functions);
        ex.expandAll(txData);

        TempIdResolver resolver = new TempIdResolver(db, t + 1, txId);
        Map<Op.Tmp, Long> ids = resolver.resolve(ex);

        Changes changes = new Changes(db, resolver.firstNewUserId(), resolver.firstNewDbId());
        List<EntitySpecs.Ensure> ensures = new ArrayList<>(0);
        for (Op op : ex.ops) {
            Attribute a = op.attr();
            if (SchemaMarkers.isMarker(a)) continue; // the transactor writes these itself, below
            if (a.id() == BuiltIns.ENSURE) {
                // A request to check e at the end, as in Datomic: never a fact of its own (and an
                // entity that nothing else names has no id to check).
                boolean named = !(op.e() instanceof Op.Tmp tmp) || ids.containsKey(tmp);
                if (op.kind() == Op.Kind.ADD && op.v() != null && named) ensures.add(new EntitySpecs.Ensure(id(op.e(), ids), id(op.v(), ids)));
                continue;
            }
            long e = id(op.e(), ids);
            if (a.isComposite() && op.kind() != Op.Kind.CAS) continue;   // used to upsert by; CompositeTuples derives the value
            Object v = a.isRef() && op.v() != null ? (Object) id(op.v(), ids) : tupleIds(op.v(), ids);
            switch (op.kind()) {
                case ADD -> changes.assertFact(e, a, v, op.form());
                case RETRACT -> changes.retractFact(e, a, v, op.form());
                case RETRACT_ATTR -> {
                    for (Datom d : db.datoms(Index.EAVT, e, a.id(), null)) changes.retractFact(e, a, d.v(), op.form());
                }
                // TxExpander already made the compare, as Datomic does while it expands tx-data.
                case CAS -> changes.assertFact(e, a, v, op.form());
            }
        }
        Date instant = TxInstants.resolve(changes, db, txId, now);
        CompositeTuples.maintain(changes, db);
        List<Datom> datoms = changes.datoms(txId);
        ProtectedDatoms.check(datoms, txId);
        List<Datom> unique = UniqueRules.checkWithinTx(db, datoms);
        if (resolver.twoEntities != null) throw resolver.twoEntities;
        UniqueRules.check(db, datoms, unique);
        SchemaRules.check(db, datoms);
        AttributePredicates.check(db.schema(), datoms);
        datoms.addAll(SchemaMarkers.derive(db, datoms, txId));

        Map<Object, Long> tempids = new LinkedHashMap<>();
        for (Map.Entry<Op.Tmp, Long> en : ids.entrySet()) {
            Object key = en.getKey().key();
            // As in Datomic, a tempid of the transaction that only ever names a ref value is not listed.
            boolean listed = key instanceof String || key instanceof Long || key instanceof io.accrete.engine.data.TempId;
            if (listed && ex.usedAsEntity.contains(en.getKey())) tempids.put(key, en.getValue());
        }
        Db after = db.withTx(datoms, t, resolver.nextT, resolver.nextDbIndex, instant);
        EntitySpecs.check(after, ensures);
        return new Result(after, datoms, tempids);
    }

    /** The compare of {@code :db/cas}: {@code e}'s value of {@code a} before the transaction must be {@code old}. */
    static void compare(Db db, long e, Attribute a, Object old, Object form) {
        Iterator<Datom> cur = db.scan(Index.EAVT, e, a.id(), null);
        Object found = cur.hasNext() ? cur.next().v() : null;
        // Datomic's compare is by value: 1.00M matches a stored 1.0M, though the index keeps both apart.
        boolean same = old == null ? found == null : found != null && (old instanceof java.math.BigDecimal bo
                && found instanceof java.math.BigDecimal bf ? bo.compareTo(bf) == 0 : new ValueKey(old).equals(new ValueKey(found)));
        if (!same) {
            throw Errors.error(Errors.CAS_FAILED, "Compare failed: expected " + io.accrete.engine.data.Edn.printShort(old)
                    + " but found " + io.accrete.engine.data.Edn.printShort(found) + " for " + a.ident() + " of " + e, form);
        }
    }

    /** A tuple whose ref members name tempids, with their ids in; any other value as it is. */
    private static Object tupleIds(Object v, Map<Op.Tmp, Long> ids) {
        if (!(v instanceof List<?> tuple) || !TxExpander.holdsTmp(v)) return v;
        List<Object> out = new ArrayList<>(tuple.size());
        for (Object x : tuple) out.add(x instanceof Op.Tmp t ? ids.get(t) : x);
        return java.util.Collections.unmodifiableList(out);
    }

    private static long id(Object e, Map<Op.Tmp, Long> ids) {
        return e instanceof Op.Tmp t ? ids.get(t) : (Long) e;
    }

    /** The facts a transaction asserts and retracts, before redundancy elimination. */
    static final class Changes {
        final Db db;
        /** (e, a, value) → true for an assertion, false for a retraction; insertion-ordered. */
        final Map<Fact, Boolean> facts = new LinkedHashMap<>();
        /** For cardinality-one attributes: (e, a) → the value asserted. */
        final Map<EntityAttribute, Object> oneValues = new HashMap<>();
        /** For cardinality-one attributes: (e, a) → the value retracted. */
        private final Map<EntityAttribute, Object> oneRetracted = new HashMap<>();

        /** Ids at or above these were made by this transaction, so the database holds nothing about them. */
        private final long firstNewUserId, firstNewDbId;

        Changes(Db db, long firstNewUserId, long firstNewDbId) {
            this.db = db;
            this.firstNewUserId = firstNewUserId;
            this.firstNewDbId = firstNewDbId;
        }

        private boolean isNew(long e) {
            return EntityIds.partition(e) == EntityIds.PART_DB ? e >= firstNewDbId
                    : EntityIds.partition(e) == EntityIds.PART_USER && e >= firstNewUserId;
        }

        /** For decimal values: (e, a, the number without trailing zeros) → the scale this transaction gave first. */
        private Map<Fact, java.math.BigDecimal> decimals;

        /**
         * As in Datomic, one number at two scales (7.5M, 7.50M) is one fact within a transaction:
         * asserted twice it is one datom, at the scale given first, and asserted and retracted it
         * conflicts; retracted twice it is one retraction, at the scale given first (which retracts
         * nothing unless the entity holds that scale). When the entity holds both scales each
         * retraction takes its own out; Datomic's outcome there depends on their order (engine README).
         * Across transactions the scale is part of the value.
         */
        private Object firstScale(long e, Attribute a, Object v, boolean added, Object form) {
            if (!(v instanceof java.math.BigDecimal d)) return v;
            if (decimals == null) decimals = new HashMap<>();
            java.math.BigDecimal first = decimals.computeIfAbsent(new Fact(e, a, new ValueKey(d.stripTrailingZeros())), k -> d);
            if (first.scale() == d.scale()) return v;
            Boolean prior = facts.get(new Fact(e, a, new ValueKey(first)));
            if (prior != null && prior != added) conflict(new Fact(e, a, new ValueKey(first)), form);
            if (added) return first;
            boolean bothHeld = !isNew(e) && db.scan(Index.EAVT, e, a.id(), first).hasNext() && db.scan(Index.EAVT, e, a.id(), d).hasNext();
            return bothHeld ? v : first;
        }

        void assertFact(long e, Attribute a, Object v, Object form) {
            v = firstScale(e, a, v, true, form);
            Fact f = new Fact(e, a, new ValueKey(v));
            Boolean prior = facts.get(f);
            if (Boolean.FALSE.equals(prior)) {
                if (heldByDbEntity(e, a, v)) return;   // dropped, as below
                conflict(f, form);
            }
            if (!a.many()) {
                EntityAttribute ea = new EntityAttribute(e, a.id());
                Object other = oneValues.put(ea, v);
                if (other != null && !new ValueKey(other).equals(new ValueKey(v))) {
                    // As in Datomic, on an entity of :db.part/db (an attribute, say) an assertion of the value
                    // it holds is dropped before conflicts are looked for, so the other value replaces it
                    // ([:db/add :p/x :db/ident :p/x] [:db/add :p/x :db/ident :p/y] renames). Only here, on
                    // the conflict path, is the database read.
                    Object held = EntityIds.partition(e) == EntityIds.PART_DB && !isNew(e) ? heldOne(e, a) : null;
                    if (held != null && new ValueKey(held).equals(new ValueKey(v))) {
                        oneValues.put(ea, other);
                        return;
                    }
                    if (held == null || !new ValueKey(held).equals(new ValueKey(other))) {
                        throw Errors.error(Errors.DATOMS_CONFLICT, "Two datoms in the same transaction conflict: "
                                + List.of(e, a.ident(), other) + " and " + List.of(e, a.ident(), v), form);
                    }
                    facts.remove(new Fact(e, a, new ValueKey(other)));
                }
            }
            facts.put(f, true);
        }

        /** Whether e is an entity of :db.part/db that holds v for a (read only on conflict paths). */
        private boolean heldByDbEntity(long e, Attribute a, Object v) {
            return EntityIds.partition(e) == EntityIds.PART_DB && !isNew(e) && db.scan(Index.EAVT, e, a.id(), v).hasNext();
        }

        private Object heldOne(long e, Attribute a) {
            for (Datom d : db.datoms(Index.EAVT, e, a.id(), null)) return d.v();
            return null;
        }

        void retractFact(long e, Attribute a, Object v, Object form) {
            v = firstScale(e, a, v, false, form);
            Fact f = new Fact(e, a, new ValueKey(v));
            Boolean prior = facts.get(f);
            if (Boolean.TRUE.equals(prior)) {
                if (!heldByDbEntity(e, a, v)) conflict(f, form);
                // the assertion of the held value is dropped (see assertFact): only the retraction stays
                facts.remove(f);
                EntityAttribute ea = new EntityAttribute(e, a.id());
                if (!a.many() && new ValueKey(v).equals(new ValueKey(oneValues.get(ea)))) oneValues.remove(ea);
            }
            if (!a.many()) {
                // Datomic refuses two retractions of one cardinality-one attribute with different values,
                // even when one of them retracts nothing.
                Object other = oneRetracted.put(new EntityAttribute(e, a.id()), v);
                if (other != null && !new ValueKey(other).equals(new ValueKey(v))) {
                    throw Errors.error(Errors.DATOMS_CONFLICT, "Two datoms in the same transaction conflict: retracting "
                            + List.of(e, a.ident(), other) + " and " + List.of(e, a.ident(), v), form);
                }
            }
            facts.put(f, false);
        }

        /** The value asserted for a cardinality-one (e, a) in this transaction, or null. */
        Object asserted(long e, int a) {
            return oneValues.get(new EntityAttribute(e, a));
        }

        private static void conflict(Fact f, Object form) {
            throw Errors.error(Errors.DATOMS_CONFLICT, "The transaction both asserts and retracts "
                    + List.of(f.e(), f.attr().ident(), f.v().v()), form);
        }

        /** The datoms to write: redundant ones dropped, replaced cardinality-one values retracted. */
        List<Datom> datoms(long txId) {
            List<Datom> out = new ArrayList<>(facts.size() + 8);
            for (Map.Entry<Fact, Boolean> en : facts.entrySet()) {
                Fact f = en.getKey();
                Attribute a = f.attr();
                Object v = f.v().v();
                boolean fresh = isNew(f.e());
                boolean exists = !fresh && db.scan(Index.EAVT, f.e(), a.id(), v).hasNext();
                if (en.getValue()) {
                    if (!a.many() && !fresh) {
                        for (Datom old : db.datoms(Index.EAVT, f.e(), a.id(), null)) {
                            if (!new ValueKey(old.v()).equals(f.v()) && !facts.containsKey(new Fact(f.e(), a, new ValueKey(old.v())))) {
                                out.add(new Datom(f.e(), a.id(), old.v(), txId, false));
                            }
                        }
                    }
                    if (!exists) out.add(new Datom(f.e(), a.id(), v, txId, true));
                } else if (exists) {
                    out.add(new Datom(f.e(), a.id(), v, txId, false));
                }
            }
            return out;
        }
    }

    record EntityAttribute(long e, int a) {}

    /** A fact's identity within one transaction. */
    record Fact(long e, Attribute attr, ValueKey v) {
        @Override public boolean equals(Object o) {
            return o instanceof Fact f && f.e == e && f.attr.id() == attr.id() && f.v.equals(v);
        }

        @Override public int hashCode() { return Long.hashCode(e) * 31 * 31 + attr.id() * 31 + v.hashCode(); }
    }

}
