package io.accrete.engine.schema;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.index.Datom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The installed attributes and every ident, derived from the current datoms of the schema
 * attributes. Immutable; a transaction that touches schema makes a new one for the entities it
 * touched, sharing nothing mutable with the old.
 */
public final class Schema {
    private final Attribute[] attributes;
    private final Map<Keyword, Long> idByIdent;
    private final Map<Long, Keyword> identById;

    private Schema(Attribute[] attributes, Map<Keyword, Long> idByIdent, Map<Long, Keyword> identById) {
        this.attributes = attributes;
        this.idByIdent = idByIdent;
        this.identById = identById;
    }

    public static Schema empty() {
        return new Schema(new Attribute[0], Map.of(), Map.of());
    }

    public Attribute attribute(int id) {
        return id >= 0 && id < attributes.length ? attributes[id] : null;
    }

    public Attribute attribute(Keyword ident) {
        Long id = idByIdent.get(ident);
        return id == null || id > Integer.MAX_VALUE ? null : attribute((int) (long) id);
    }

    /**
     * Whether retracting a value of attribute {@code a} keeps the old value for as-of and history
     * views: not for {@code :db/noHistory} attributes, whose point is to not accumulate the past.
     */
    public boolean keepsHistory(int a) {
        Attribute attr = attribute(a);
        return attr == null || !attr.noHistory();
    }

    /** The entity id an ident names, or null. */
    public Long entid(Keyword ident) { return idByIdent.get(ident); }

    public Keyword ident(long id) { return identById.get(id); }

    public List<Attribute> attributes() {
        List<Attribute> out = new ArrayList<>();
        for (Attribute a : attributes) if (a != null) out.add(a);
        return out;
    }

    /**
     * A schema with the entities in {@code touched} re-derived from their current datoms
     * ({@code datomsOf} gives an entity's current datoms, attribute-sorted).
     */
    public Schema update(Collection<Long> touched, LongFunction<Iterable<Datom>> datomsOf) {
        Map<Keyword, Long> ids = new HashMap<>(idByIdent);
        Map<Long, Keyword> idents = new HashMap<>(identById);
        Attribute[] attrs = attributes;
        for (long e : touched) {
            Keyword old = idents.remove(e);
            Keyword ident = null;
            Long type = null, card = null, unique = null, tupleType = null;
            boolean component = false, noHistory = false, indexed = false;
            List<?> tupleAttrs = null, tupleTypes = null;
            List<Symbol> preds = new ArrayList<>(0);
            for (Datom d : datomsOf.apply(e)) {
                switch (d.a()) {
                    case BuiltIns.IDENT -> ident = (Keyword) d.v();
                    case BuiltIns.VALUE_TYPE -> type = (Long) d.v();
                    case BuiltIns.CARDINALITY -> card = (Long) d.v();
                    case BuiltIns.UNIQUE -> unique = (Long) d.v();
                    case BuiltIns.IS_COMPONENT -> component = (Boolean) d.v();
                    case BuiltIns.NO_HISTORY -> noHistory = (Boolean) d.v();
                    case BuiltIns.INDEX -> indexed = (Boolean) d.v();
                    case BuiltIns.TUPLE_ATTRS -> tupleAttrs = (List<?>) d.v();
                    case BuiltIns.TUPLE_TYPES -> tupleTypes = (List<?>) d.v();
                    case BuiltIns.TUPLE_TYPE -> tupleType = (Long) d.v();
                    case BuiltIns.ATTR_PREDS -> preds.add((Symbol) d.v());
                    default -> { }
                }
            }
            // As in Datomic, an ident is never forgotten: a renamed entity keeps answering to its
            // old ident, and one whose ident is retracted keeps it as its name (and, for an
            // attribute, stays usable by it), until another entity takes that ident.
            if (ident != null) ids.put(ident, e);
            else ident = old;
            if (ident != null) idents.put(e, ident);
            Attribute attr = null;
            if (ident != null && type != null && e <= Integer.MAX_VALUE) {
                Attribute.Unique u = unique == null ? Attribute.Unique.NONE
                        : unique == BuiltIns.UNIQUE_IDENTITY ? Attribute.Unique.IDENTITY : Attribute.Unique.VALUE;
                attr = new Attribute((int) e, ident, BuiltIns.typeById(type),
                        card != null && card == BuiltIns.CARDINALITY_MANY, u, component, noHistory, indexed,
                        keywords(tupleAttrs), types(tupleTypes),
                        tupleType == null ? null : BuiltIns.typeById(tupleType), List.copyOf(preds));
            }
            if (e < Integer.MAX_VALUE && (attr != null || (e < attrs.length && attrs[(int) e] != null))) {
                if (attrs == attributes || e >= attrs.length) {
                    attrs = Arrays.copyOf(attrs, Math.max(attrs.length, (int) e + 1 + (attr != null ? 16 : 0)));
                }
                attrs[(int) e] = attr;
            }
        }
        return new Schema(attrs, Map.copyOf(ids), Map.copyOf(idents));
    }

    private static List<Keyword> keywords(List<?> l) {
        if (l == null) return null;
        List<Keyword> out = new ArrayList<>();
        for (Object o : l) if (o instanceof Keyword k) out.add(k);
        return List.copyOf(out);
    }

    private static List<ValueType> types(List<?> l) {
        if (l == null) return null;
        List<ValueType> out = new ArrayList<>();
        for (Object o : l) {
            ValueType t = o instanceof Keyword k ? ValueType.byIdent(k) : null;
            if (t != null) out.add(t);
        }
        return List.copyOf(out);
    }
}
