package io.accrete.engine.tx;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.BuiltIns;
import io.accrete.engine.schema.ValueType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Datomic's rules for installing and altering attributes. New attributes need an ident, a value
 * type and a cardinality; an installed attribute may get docs, a new ident, cardinality one→many
 * (and many→one when no entity is left holding several values), component and history flags, and
 * uniqueness when its current values are already unique. Anything else (changing a type, tuple
 * shape) is refused.
 */
final class SchemaRules {
    private SchemaRules() {}

    static void check(Db db, List<Datom> datoms) {
        Map<Long, List<Datom>> byEntity = new LinkedHashMap<>();
        for (Datom d : datoms) {
            if (BuiltIns.isSchemaAttribute(d.a()) && d.a() != BuiltIns.IDENT) {
                byEntity.computeIfAbsent(d.e(), k -> new ArrayList<>()).add(d);
            }
        }
        for (Map.Entry<Long, List<Datom>> en : byEntity.entrySet()) {
            long e = en.getKey();
            Attribute existing = e <= Integer.MAX_VALUE ? db.schema().attribute((int) e) : null;
            if (existing == null) install(db, e, en.getValue(), datoms);
            else alter(db, existing, en.getValue(), datoms);
        }
    }

    private static Map<Integer, Object> asserted(List<Datom> ds) {
        Map<Integer, Object> m = new HashMap<>();
        for (Datom d : ds) if (d.added()) m.put(d.a(), d.v());
        return m;
    }

    private static void install(Db db, long e, List<Datom> ds, List<Datom> all) {
        Map<Integer, Object> m = asserted(ds);
        Keyword ident = db.ident(e);
        for (Datom d : all) if (d.e() == e && d.a() == BuiltIns.IDENT && d.added()) ident = (Keyword) d.v();
        Object form = ident != null ? ident : e;
        Object type = m.get(BuiltIns.VALUE_TYPE);
        if (type == null) throw Errors.error(Errors.INCORRECT_SCHEMA, "An attribute needs :db/valueType", form);
        ValueType vt = BuiltIns.typeById((Long) type);
        if (vt == null) throw Errors.error(Errors.INCORRECT_SCHEMA, "Unknown :db/valueType " + type, form);
        if (ident == null) throw Errors.error(Errors.INCORRECT_SCHEMA, "An attribute needs :db/ident", form);
        if (e > Integer.MAX_VALUE) throw Errors.error(Errors.INCORRECT_SCHEMA, "Attributes must be installed in :db.part/db", form);
        Object card = m.get(BuiltIns.CARDINALITY);
        if (card == null) throw Errors.error(Errors.INCORRECT_SCHEMA, "Attribute " + ident + " needs :db/cardinality", form);
        if ((Long) card != BuiltIns.CARDINALITY_ONE && (Long) card != BuiltIns.CARDINALITY_MANY) {
            throw Errors.error(Errors.INCORRECT_SCHEMA, "Unknown :db/cardinality for " + ident, form);
        }
        Object unique = m.get(BuiltIns.UNIQUE);
        if (unique != null && (Long) unique != BuiltIns.UNIQUE_VALUE && (Long) unique != BuiltIns.UNIQUE_IDENTITY) {
            throw Errors.error(Errors.INCORRECT_SCHEMA, "Unknown :db/unique for " + ident, form);
        }
        if (Boolean.TRUE.equals(m.get(BuiltIns.IS_COMPONENT)) && vt != ValueType.REF) {
            throw Errors.error(Errors.INCORRECT_SCHEMA, "Only ref attributes can be components: " + ident, form);
        }
        if (vt == ValueType.TUPLE) tupleSchema(db, ident, m, (Long) card, all);
        else if (m.containsKey(BuiltIns.TUPLE_ATTRS) || m.containsKey(BuiltIns.TUPLE_TYPES) || m.containsKey(BuiltIns.TUPLE_TYPE)) {
            throw Errors.error(Errors.INCORRECT_SCHEMA, "Tuple schema on a non-tuple attribute " + ident, form);
        }
    }

    private static void tupleSchema(Db db, Keyword ident, Map<Integer, Object> m, long card, List<Datom> all) {
        Object attrs = m.get(BuiltIns.TUPLE_ATTRS), types = m.get(BuiltIns.TUPLE_TYPES), type = m.get(BuiltIns.TUPLE_TYPE);
        int given = (attrs != null ? 1 : 0) + (types != null ? 1 : 0) + (type != null ? 1 : 0);
        if (given != 1) {
            throw Errors.error(Errors.INCORRECT_SCHEMA, "A tuple attribute needs exactly one of :db/tupleAttrs, :db/tupleTypes, :db/tupleType", ident);
        }
        List<?> parts = attrs != null ? (List<?>) attrs : types != null ? (List<?>) types : null;
        if (parts != null && (parts.size() < TupleRules.MIN_SIZE || parts.size() > TupleRules.MAX_SIZE)) {
            throw Errors.error(Errors.INCORRECT_SCHEMA, "A tuple has 2 to 8 elements", ident);
        }
        if (attrs != null) {
            if (card != BuiltIns.CARDINALITY_ONE) throw Errors.error(Errors.INCORRECT_SCHEMA, "Composite tuples are cardinality one", ident);
            for (Object o : parts) {
                Attribute a = o instanceof Keyword k ? db.schema().attribute(k) : null;
                boolean many, tuple;
                if (a != null) {
                    many = a.many();
                    tuple = a.type() == ValueType.TUPLE;
                } else {
                    // As in Datomic, the parts may be installed by the same transaction as the tuple.
                    Map<Integer, Object> part = o instanceof Keyword k ? installedIn(all, k) : null;
                    if (part == null) throw Errors.error(Errors.INCORRECT_SCHEMA, "Composite tuple part is not an attribute: " + o, ident);
                    many = !Long.valueOf(BuiltIns.CARDINALITY_ONE).equals(part.get(BuiltIns.CARDINALITY));
                    tuple = BuiltIns.typeById((Long) part.get(BuiltIns.VALUE_TYPE)) == ValueType.TUPLE;
                }
                if (many || tuple) {
                    throw Errors.error(Errors.INCORRECT_SCHEMA, "Composite tuple parts must be cardinality-one, non-tuple attributes: " + o, ident);
                }
            }
        } else if (types != null) {
            for (Object o : parts) {
                if (!(o instanceof Keyword k) || ValueType.byIdent(k) == null || ValueType.byIdent(k) == ValueType.TUPLE) {
                    throw Errors.error(Errors.INCORRECT_SCHEMA, "Not a tuple element type: " + o, ident);
                }
            }
        } else if (BuiltIns.typeById((Long) type) == null || BuiltIns.typeById((Long) type) == ValueType.TUPLE) {
            throw Errors.error(Errors.INCORRECT_SCHEMA, "Not a tuple element type for " + ident, ident);
        }
    }

    /** What {@code datoms} assert about the new attribute named {@code ident}, or null if they install none. */
    private static Map<Integer, Object> installedIn(List<Datom> datoms, Keyword ident) {
        for (Datom d : datoms) {
            if (d.a() == BuiltIns.IDENT && d.added() && ident.equals(d.v())) {
                Map<Integer, Object> m = new HashMap<>();
                for (Datom x : datoms) if (x.e() == d.e() && x.added()) m.put(x.a(), x.v());
                return m.get(BuiltIns.VALUE_TYPE) instanceof Long ? m : null;
            }
        }
        return null;
    }

    private static void alter(Db db, Attribute a, List<Datom> ds, List<Datom> all) {
        if (a.id() < BuiltIns.FIRST_USER_DB_INDEX) {
            throw Errors.error(Errors.INCOMPATIBLE_SCHEMA_CHANGE, "Built-in attribute " + a.ident() + " cannot be altered", a.ident());
        }
        for (Datom d : ds) {
            switch (d.a()) {
                case BuiltIns.VALUE_TYPE -> refuse(a, "its :db/valueType cannot change");
                case BuiltIns.TUPLE_ATTRS, BuiltIns.TUPLE_TYPES, BuiltIns.TUPLE_TYPE -> refuse(a, "its tuple shape cannot change");
                case BuiltIns.CARDINALITY -> {
                    if (!d.added()) {
                        // Replacing the cardinality retracts the old one; retracting it alone would
                        // leave an attribute in use with none (Datomic refuses that too).
                        if (ds.stream().noneMatch(x -> x.a() == BuiltIns.CARDINALITY && x.added())) {
                            throw Errors.error(Errors.INVALID_ALTER_ATTRIBUTE, "Cannot alter " + a.ident()
                                    + ": its :db/cardinality can be changed but not removed", a.ident());
                        }
                        continue;
                    }
                    if ((Long) d.v() == BuiltIns.CARDINALITY_ONE && a.many()) ManyToOne.requireOneValueEach(db, a, all);
                    if ((Long) d.v() != BuiltIns.CARDINALITY_ONE && (Long) d.v() != BuiltIns.CARDINALITY_MANY) refuse(a, "unknown cardinality");
                }
                case BuiltIns.UNIQUE -> {
                    if (!d.added()) continue;
                    if ((Long) d.v() != BuiltIns.UNIQUE_VALUE && (Long) d.v() != BuiltIns.UNIQUE_IDENTITY) refuse(a, "unknown :db/unique");
                    if (!a.isUnique()) requireUniqueValues(db, a);
                }
                // Datomic refuses :db/isComponent on a non-ref attribute when installing it but accepts
                // the alteration, which then changes nothing: its values are never taken for entities.
                default -> { }
            }
        }
    }

    private static void requireUniqueValues(Db db, Attribute a) {
        Iterator<Datom> it = db.scan(Index.AVET, Db.ANY_E, a.id(), null);
        Datom prev = null;
        while (it.hasNext()) {
            Datom d = it.next();
            // by number, as unique checks compare decimals (all scales of one number are adjacent in AVET)
            if (prev != null && new ValueKey(UniqueRules.byNumber(prev.v())).equals(new ValueKey(UniqueRules.byNumber(d.v()))) && prev.e() != d.e()) {
                // Datomic's category, naming :db.error/unique-violation and the datoms inside it
                throw Errors.error(Errors.INVALID_ALTER_ATTRIBUTE, "Cannot make " + a.ident() + " unique (:db.error/unique-violation): entities " + prev.e()
                        + " and " + d.e() + " share the value " + io.accrete.engine.data.Edn.printShort(d.v()), a.ident());
            }
            prev = d;
        }
    }

    private static void refuse(Attribute a, String why) {
        throw Errors.error(Errors.INCOMPATIBLE_SCHEMA_CHANGE, "Cannot alter " + a.ident() + ": " + why, a.ident());
    }
}
