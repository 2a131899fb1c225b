package io.accrete.engine.tx;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.data.TempId;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.BuiltIns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns tx-data — list forms, entity maps, nested maps, reverse refs and data-function calls —
 * into primitive {@link Op}s. Ids that exist (ids, idents, lookup refs) are resolved here against
 * the database before the transaction; tempids stay {@link Op.Tmp} until {@link TempIdResolver}.
 */
final class TxExpander {
    private static final Keyword ADD = Keyword.of("db/add");
    private static final Keyword RETRACT = Keyword.of("db/retract");
    private static final Keyword DB_ID = Keyword.of("db/id");
    private static final int MAX_FN_DEPTH = 32;

    private final Db db;
    private final TxFunctions functions;
    final List<Op> ops = new ArrayList<>();
    /** Every tempid by the key the user wrote, in first-seen order. */
    final Map<Object, Op.Tmp> tempids = new LinkedHashMap<>();
    /** Tempids that name the entity of some operation (a tempid only ever used as a value is an error). */
    final Set<Op.Tmp> usedAsEntity = new HashSet<>();
    /**
     * Tempids in the order they were first named as an entity (a map's before the maps nested in
     * it): new ids are handed out in that order, as Datomic does. Holds candidates too: a map whose
     * keys made no operation on it names no entity.
     */
    final Set<Op.Tmp> entityOrder = new LinkedHashSet<>();
    private int fnDepth;

    TxExpander(Db db, TxFunctions functions) {
        this.db = db;
        this.functions = functions;
    }

    void expandAll(List<?> txData) {
        for (Object form : txData) expand(form);
    }

    private void expand(Object form) {
        if (form instanceof Map<?, ?> m) {
            expandMap(m, form);
        } else if (form instanceof List<?> l && !l.isEmpty()) {
            expandList(l);
        } else if (form instanceof List<?>) {
            throw Errors.error(Errors.INVALID_TX, "A list form needs an operation, e.g. [:db/add e a v]", form);
        } else {
            throw Errors.error(Errors.NOT_TRANSACTION_DATA, "Each tx-data element must be a list form or an entity map", form);
        }
    }

    private void expandList(List<?> l) {
        Object op = l.get(0);
        String name = op instanceof Keyword k ? k.fullName() : op instanceof Symbol s ? s.fullName()
                : op instanceof String s ? keyword(s, l).fullName() : null;
        if (name == null) throw Errors.error(Errors.INVALID_TX, "The first element of a list form must name an operation", l);
        switch (name) {
            case "db/add" -> {
                // As in Datomic, elements past the value (a transaction, in Datomic's datom order) are ignored.
                if (l.size() < 4) arity(l, 4, "[:db/add e a v]");
                Object e = entityNamedBefore(l.get(2), l.get(1), l);
                Attribute a = attribute(l.get(2), l);
                add(e, a, l.get(3), l);
            }
            case "db/retract" -> {
                if (l.size() < 3) arity(l, 4, "[:db/retract e a v] or [:db/retract e a]");
                // As in Datomic, a tempid may be retracted from: it retracts from the entity another form
                // upserts it to, and from a new entity it retracts nothing.
                Object e = entityNamedBefore(l.get(2), l.get(1), l);
                Attribute a = attribute(l.get(2), l);
                if (l.size() == 3) ops.add(new Op(Op.Kind.RETRACT_ATTR, e, a, null, l));
                else ops.add(new Op(Op.Kind.RETRACT, e, a, value(a, l.get(3), l), l));
            }
            case "db/retractEntity", "db.fn/retractEntity" -> {
                arity(l, 2, "[:db/retractEntity e]");
                // As in Datomic, retracting an entity that a lookup ref or an ident does not find is a no-op.
                if (l.get(1) instanceof List<?> ref && ref.size() == 2 && attribute(ref.get(0), l).isUnique()
                        && db.entid(ref) == null) return;
                if (l.get(1) instanceof Keyword k && db.entid(k) == null) return;
                Object e = entity(l.get(1), l, false);
                if (e instanceof Long id) retractEntity(id, new HashSet<>(), l);
            }
            case "db/cas", "db.fn/cas" -> {
                arity(l, 5, "[:db/cas e a old-value new-value]");
                if (l.get(1) == null || l.get(2) == null || l.get(4) == null) {
                    throw Errors.error(Errors.INVALID_CAS, "Compare-and-swap needs an entity, an attribute and a new value", l);
                }
                // Datomic compares before it resolves: a lookup ref that finds nothing holds no value,
                // so expecting one fails the compare rather than the lookup.
                if (l.get(3) != null && l.get(1) instanceof List<?> ref && isLookupRef(ref) && db.entid(ref) == null) {
                    throw Errors.error(Errors.CAS_FAILED, "Compare failed: expected " + Edn.printShort(l.get(3))
                            + " but " + Edn.printShort(ref) + " finds no entity", l);
                }
                // As in Datomic, a string names an entity here only as an ident written with its colon
                // (":color/red"): cas takes no string tempid ("x" is :db.error/not-a-keyword).
                Object e = entity(l.get(1) instanceof String s ? keyword(s, l) : l.get(1), l, true);
                Attribute a = attribute(l.get(2), l);
                if (a.many()) throw Errors.error(Errors.INVALID_CAS_MANY, "Compare-and-swap needs a cardinality-one attribute", l);
                // Datomic compares a ref's old value as written: an entity id matches, an ident, lookup
                // ref or tempid never does.
                Object old = l.get(3) == null ? null : a.isRef() ? (l.get(3) instanceof Integer i ? (Object) (long) i : l.get(3))
                        : value(a, l.get(3), l);
                // Datomic runs :db/cas while it expands tx-data, so a failed compare is reported ahead of
                // errors that later forms would raise when their ids are resolved. A tempid's entity is
                // new to it, and holds nothing, even one that upserts to an existing entity.
                if (e instanceof Long id) TxProcessor.compare(db, id, a, old, l);
                else if (old != null) throw Errors.error(Errors.CAS_FAILED, "Compare failed: expected " + Edn.printShort(old)
                        + " but the tempid " + e + " names a new entity, which holds no value", l);
                ops.add(new Op(Op.Kind.CAS, e, a, value(a, l.get(4), l), l));
            }
            default -> callFunction(name, l);
        }
    }

    private void callFunction(String name, List<?> l) {
        TxFunction fn = functions.get(name);
        if (fn == null) throw Errors.error(Errors.NOT_A_DATA_FUNCTION, "Unknown transaction function " + name, l);
        if (fnDepth >= MAX_FN_DEPTH) throw Errors.error(Errors.TX_FUNCTION_FAILED, "Transaction functions nest deeper than " + MAX_FN_DEPTH, l);
        List<?> result;
        try {
            result = fn.apply(db, new ArrayList<>(l.subList(1, l.size())));
        } catch (AccreteException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Errors.error(Errors.TX_FUNCTION_FAILED, "Transaction function " + name + " failed: " + e, l);
        }
        if (result == null) return;
        fnDepth++;
        try {
            for (Object f : result) expand(f);
        } finally {
            fnDepth--;
        }
    }

    private static void arity(List<?> l, int n, String shape) {
        if (l.size() != n) throw Errors.error(Errors.INVALID_TX, "Expected " + shape + " (" + n + " elements), got " + l.size() + " elements", l);
    }

    // ---- maps --------------------------------------------------------------------------------

    /** Expands an entity map and answers the entity (id or tempid) it describes. */
    private Object expandMap(Map<?, ?> m, Object form) {
        Object e = null;
        for (Map.Entry<?, ?> en : m.entrySet()) {
            if (keyOf(en.getKey()) == DB_ID) {
                try {
                    e = designator(en.getValue(), form);
                } catch (AccreteException ex) {
                    // As in Datomic, a key without its colon is refused before the :db/id is resolved.
                    for (Object k : m.keySet()) keyOf(k);
                    throw ex;
                }
            }
        }
        if (e == null) e = tmp(new Object(), EntityIds.PART_USER);
        if (e instanceof Op.Tmp t) entityOrder.add(t);
        int opsBefore = ops.size();
        for (Map.Entry<?, ?> en : m.entrySet()) {
            Keyword k = keyOf(en.getKey());
            if (k == null) throw Errors.error(Errors.INVALID_TX, "Entity map keys must be attribute keywords", en.getKey());
            if (k == DB_ID) continue;
            Object v = en.getValue();
            if (k.name().startsWith("_") && k.namespace() != null) {
                Attribute a = attribute(Keyword.of(k.namespace(), k.name().substring(1)), form);
                if (!a.isRef()) throw Errors.error(Errors.INVALID_TX, "Reverse attribute " + k + " names a non-ref attribute", form);
                // As in Datomic, a reverse attribute names one referring entity (an id, tempid, ident or
                // lookup ref); collections and nested maps are refused rather than guessed at.
                if (v instanceof Map<?, ?>) throw Errors.error(Errors.NOT_AN_ENTITY, "Unable to resolve entity " + Edn.printShort(v) + " for reverse attribute " + k, form);
                ops.add(new Op(Op.Kind.ADD, entity(v, form, true), a, e, form));
                continue;
            }
            Attribute a = attribute(k, form);
            for (Object one : valuesOf(a, v)) add(e, a, one, form);
        }
        // As in Datomic, a map that asserts nothing about its entity (only a :db/id, an empty
        // collection, a reverse reference) makes none: a tempid it names must be an entity elsewhere.
        if (e instanceof Op.Tmp t) {
            for (int i = opsBefore; i < ops.size(); i++) {
                Op op = ops.get(i);
                if (op.e() == t && op.attr().id() != BuiltIns.ENSURE) {
                    usedAsEntity.add(t);
                    break;
                }
            }
        }
        return e;
    }

    private Object nested(Attribute via, Map<?, ?> nested, Object form, boolean reverse) {
        boolean identified = nested.keySet().stream().anyMatch(k -> {
            Keyword kw = keyOf(k);
            if (kw == DB_ID) return true;
            Attribute a = kw == null ? null : db.attribute(kw);
            // Datomic's rule: an identity, through which the nested map may upsert; a unique value is not enough.
            return a != null && a.isIdentity();
        });
        if (!identified && (reverse || !via.component())) {
            throw Errors.error(Errors.INVALID_NESTED_ENTITY,
                    "A nested entity map must be under a component attribute or carry a :db.unique/identity attribute (" + via.ident() + ")", nested);
        }
        return expandMap(nested, form);
    }

    /**
     * The values a map entry asserts: the elements of a collection for cardinality many, else the
     * value. As in Datomic, a vector under a cardinality-many attribute is always a collection, even
     * when it looks like one lookup ref or one tuple: {@code [:p/name "ann"]} is two values.
     */
    private List<Object> valuesOf(Attribute a, Object v) {
        if (v instanceof Set<?> s) return new ArrayList<>(s);
        if (v instanceof List<?> l && a.many()) return new ArrayList<>(l);
        List<Object> one = new ArrayList<>(1);
        one.add(v);
        return one;
    }

    private boolean isLookupRef(List<?> l) {
        if (l.size() != 2 || !(l.get(0) instanceof Keyword k)) return false;
        Attribute a = db.attribute(k);
        return a != null && a.isUnique();
    }

    private void add(Object e, Attribute a, Object v, Object form) {
        if (v instanceof Map<?, ?> m) {
            if (!a.isRef()) throw Errors.error(Errors.WRONG_TYPE, "A map is not a valid " + a.type().ident() + " for attribute " + a.ident(), form);
            ops.add(new Op(Op.Kind.ADD, e, a, nested(a, m, form, false), form));
            return;
        }
        ops.add(new Op(Op.Kind.ADD, e, a, value(a, v, form), form));
    }

    private static Keyword keyOf(Object k) {
        if (k instanceof Keyword kw) return kw;
        if (k instanceof String s) return keyword(s, k);
        return null;
    }

    /**
     * A keyword written as a string: as in Datomic, only with its leading colon ({@code ":p/name"});
     * {@code "p/name"} is {@code :db.error/not-a-keyword}, whether it names an operation, an
     * attribute, a map key or a lookup ref's attribute.
     */
    private static Keyword keyword(String s, Object form) {
        if (s.length() < 2 || s.charAt(0) != ':') {
            throw Errors.error(Errors.NOT_A_KEYWORD, "Cannot interpret as a keyword: " + s + ", no leading :", form);
        }
        return Keyword.of(s);
    }

    // ---- ids and values ----------------------------------------------------------------------

    private Op.Tmp tmp(Object key, int partition) {
        return tempids.computeIfAbsent(key, k -> new Op.Tmp(k, partition));
    }

    /** Resolves an entity designator: a Long id, a {@link Op.Tmp}, or an error. */
    Object entity(Object d, Object form, boolean mayBeNew) {
        Object e = designator(d, form);
        if (e instanceof Op.Tmp t) {
            if (!mayBeNew && t.partition() != EntityIds.PART_TX) throw Errors.error(Errors.NOT_AN_ENTITY, "A tempid cannot be retracted: " + t, form);
            usedAsEntity.add(t);
            entityOrder.add(t);
        }
        return e;
    }

    /**
     * The entity of a list form whose attribute is {@code attr}. Datomic reads an attribute written
     * as a string before it resolves the entity, so {@code [:db/add [:p/name "nobody"] "p/note" v]}
     * is {@code not-a-keyword}, not {@code not-an-entity}; checked only when resolving fails, so that
     * valid forms pay nothing.
     */
    private Object entityNamedBefore(Object attr, Object d, Object form) {
        try {
            return entity(d, form, true);
        } catch (AccreteException ex) {
            if (attr instanceof String s) keyword(s, form);
            throw ex;
        }
    }

    private Object designator(Object d, Object form) {
        if (d instanceof Integer i) d = (long) i;
        if (d instanceof Long l) {
            if (l < 0) return tmp(l, EntityIds.PART_USER);
            if (!allocated(l)) throw Errors.error(Errors.INVALID_ENTITY_ID, "Entity id " + l + " was never allocated", form);
            return l;
        }
        // The transaction's own tempids: TempIdResolver gives them the transaction's id unless, as
        // in Datomic, they upsert through a :db.unique/identity value to an existing entity.
        if ("datomic.tx".equals(d)) return tmp(d, EntityIds.PART_TX);
        if (d instanceof String s) {
            if (s.isEmpty()) throw Errors.error(Errors.INVALID_ENTITY_ID, "A tempid cannot be the empty string", form);
            // As in Datomic, a string with a leading colon names an ident (":color/red"), not a tempid.
            if (s.startsWith(":")) return designator(Keyword.of(s), form);
            return tmp(s, EntityIds.PART_USER);
        }
        if (d instanceof TempId t) {
            if (t.partition() == BuiltIns.PART_TX) return tmp(t, EntityIds.PART_TX);
            int part = t.partition() == BuiltIns.PART_DB ? EntityIds.PART_DB
                    : t.partition() == BuiltIns.PART_USER ? EntityIds.PART_USER : -1;
            if (part < 0) throw Errors.error(Errors.INVALID_ENTITY_ID, "Unknown partition " + t.partition(), form);
            return tmp(t, part);
        }
        if (d instanceof Keyword k) {
            Long id = db.entid(k);
            if (id == null) throw Errors.error(Errors.NOT_AN_ENTITY, "Unable to resolve entity " + k, form);
            return id;
        }
        if (d instanceof List<?> ref && ref.size() == 2) {
            if (!(ref.get(0) instanceof Keyword) && !(ref.get(0) instanceof String)) {
                throw Errors.error(Errors.INVALID_LOOKUP_REF, "A lookup ref is [unique-attribute value]", ref);
            }
            Attribute a = attribute(ref.get(0), form);
            if (!a.isUnique()) throw Errors.error(Errors.LOOKUP_REF_ATTR_NOT_UNIQUE, "Lookup ref attribute " + a.ident() + " is not unique", ref);
            Long id = db.entid(List.of(a.ident(), ref.get(1) == null ? "" : ref.get(1)));
            if (id == null) throw Errors.error(Errors.NOT_AN_ENTITY, "Lookup ref finds no entity", ref);
            return id;
        }
        if (d instanceof List<?>) throw Errors.error(Errors.INVALID_LOOKUP_REF, "Invalid list form: a lookup ref is [unique-attribute value]", d);
        throw Errors.error(Errors.INVALID_ENTITY_ID, "Not an entity id, tempid, ident or lookup ref", d);
    }

    private boolean allocated(long id) {
        int part = EntityIds.partition(id);
        long index = EntityIds.index(id);
        if (part == EntityIds.PART_DB) return index < db.nextDbIndex();
        if (part == EntityIds.PART_TX) return index <= db.nextT();
        if (part == EntityIds.PART_USER) return index < db.nextT();
        return false;
    }

    Attribute attribute(Object a, Object form) {
        if (a instanceof String s) a = keyword(s, form);
        Attribute at = a instanceof Keyword || a instanceof Long || a instanceof Integer ? db.attribute(a) : null;
        if (at == null) throw Errors.error(Errors.NOT_AN_ATTRIBUTE, "Unable to resolve attribute " + a, form);
        return at;
    }

    /** A value as the attribute stores it: ids resolved for refs, type checked otherwise. */
    Object value(Attribute a, Object v, Object form) {
        if (v == null) throw Errors.error(Keyword.of("db.error/nil-value"), "nil is not a legal value for " + a.ident(), form);
        if (a.isRef()) {
            if (v instanceof Map<?, ?>) throw Errors.error(Errors.INVALID_TX, "A nested map is only allowed in an entity map", form);
            // As in Datomic, an entity id is a valid ref value whether or not it was ever allocated.
            if (v instanceof Integer i) v = (long) i;
            if (v instanceof Long id && id >= 0) return id;
            Object r = v instanceof Long || v instanceof String || v instanceof TempId
                    || v instanceof Keyword || v instanceof List<?> ? designator(v, form) : null;
            // As in Datomic, a value that designates no entity (a decimal, a double, a boolean, an
            // instant…) is not-an-entity for a ref attribute, not a wrong type.
            if (r == null) throw Errors.error(Errors.NOT_AN_ENTITY, "Unable to resolve entity " + Edn.printShort(v)
                    + " for the ref attribute " + a.ident(), form);
            return r;
        }
        // Datomic narrows a double given for a float attribute (EDN and transit+json have no float
        // literal, so a client cannot send anything else); query literals are not narrowed.
        if (a.type() == io.accrete.engine.schema.ValueType.FLOAT && v instanceof Double d) v = d.floatValue();
        if (a.type() == io.accrete.engine.schema.ValueType.TUPLE && !a.isComposite() && v instanceof List<?> l) v = refMembers(a, l, form);
        Object ok = a.type().accept(v);
        if (ok == null) throw wrongType(a, v, form);
        if (ok instanceof String str) requireWellFormed(a, str, form);
        if (a.type() == io.accrete.engine.schema.ValueType.TUPLE) {
            for (Object x : (List<?>) ok) if (x instanceof String str) requireWellFormed(a, str, form);
            return TupleRules.check(a, (List<?>) ok, form);
        }
        // stored values are immutable: the caller keeps its own array
        return ok instanceof byte[] b ? b.clone() : ok;
    }

    /**
     * A tuple with its ref members resolved as Datomic resolves them: idents, lookup refs, tempids
     * (left as {@link Op.Tmp} for {@link TempIdResolver}) and {@code "datomic.tx"}. As for a plain
     * ref value, an entity id is taken as written. Done before the tuple's size is checked, as in
     * Datomic, so an ident that names nothing is {@code :db.error/not-an-entity} whatever the size.
     */
    private List<?> refMembers(Attribute a, List<?> t, Object form) {
        List<Object> out = null;
        for (int i = 0; i < t.size(); i++) {
            io.accrete.engine.schema.ValueType type = a.tupleType() != null ? a.tupleType()
                    : a.tupleTypes() != null && i < a.tupleTypes().size() ? a.tupleTypes().get(i) : null;
            Object x = t.get(i);
            boolean designates = x instanceof String || x instanceof TempId || x instanceof Keyword || x instanceof List<?>
                    || x instanceof Long n && n < 0 || x instanceof Integer n && n < 0;
            if (type != io.accrete.engine.schema.ValueType.REF || !designates) continue;
            if (out == null) out = new ArrayList<>(t);
            out.set(i, designator(x, form));
        }
        return out == null ? t : out;
    }

    /** Whether a value still holds a tempid: a ref's, or a ref member's of a tuple. */
    static boolean holdsTmp(Object v) {
        if (v instanceof Op.Tmp) return true;
        if (v instanceof List<?> l) for (Object x : l) if (x instanceof Op.Tmp) return true;
        return false;
    }

    /**
     * Text with an unpaired surrogate (JSON's "\\ud800", EDN's \\ud800) has no UTF-8 form: every
     * answer would carry it back as '?', so the value read would not be the value written.
     */
    private static void requireWellFormed(Attribute a, String s, Object form) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            throw Errors.error(Errors.WRONG_TYPE, "A string for " + a.ident() + " holds an unpaired UTF-16 surrogate (U+"
                    + Integer.toHexString(c).toUpperCase() + " at " + i + "), which no UTF-8 text can carry", form);
        }
    }

    static AccreteException wrongType(Attribute a, Object v, Object form) {
        return Errors.error(Errors.WRONG_TYPE, "Value " + io.accrete.engine.data.Edn.printShort(v) + " is not a valid "
                + a.type().ident().fullName() + " for attribute " + a.ident(), form);
    }

    private void retractEntity(long e, Set<Long> seen, Object form) {
        if (!seen.add(e)) return;
        for (Datom d : db.datoms(Index.EAVT, e, Db.ANY_A, null)) {
            Attribute a = db.schema().attribute(d.a());
            ops.add(new Op(Op.Kind.RETRACT, e, a, d.v(), form));
            // a non-ref attribute may be a component by alteration (as in Datomic): its longs are values, not entities
            if (a != null && a.component() && a.isRef() && d.v() instanceof Long child) retractEntity(child, seen, form);
        }
        for (Datom d : db.datoms(Index.VAET, Db.ANY_E, Db.ANY_A, e)) {
            ops.add(new Op(Op.Kind.RETRACT, d.e(), db.schema().attribute(d.a()), e, form));
        }
    }
}
