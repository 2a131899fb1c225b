package io.accrete.server.wire;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.db.Db;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.ValueType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What JSON values mean, by position (JSON has no keywords, instants or exact decimals):
 * <ul>
 *   <li>object keys are keywords (a leading {@code :} is optional);</li>
 *   <li>in operation and attribute positions a string is a keyword, its leading {@code :}
 *       optional; wherever else no schema says otherwise, a string starting with {@code :} is one;</li>
 *   <li>in entity positions a number or a string of digits is an entity id, {@code ":ident"} an
 *       ident, a two-element array a lookup ref, any other string a tempid; under a
 *       cardinality-many ref attribute {@code [":attr", value]} is one lookup ref, not two values;</li>
 *   <li>an attribute's value is converted to the attribute's type (see {@link ValueCoercion}):
 *       ISO-8601 strings to instants, numbers to double/float/bigint/bigdec, strings to uuid,
 *       uri, keyword, symbol or bytes (base64); attributes defined in the same transaction
 *       count;</li>
 *   <li>queries, rules and pull selectors may be given as EDN strings.</li>
 * </ul>
 * EDN and transit carry their types and never go through here.
 */
public final class JsonConvention {
    private static final Keyword DB_ID = Keyword.of("db/id");
    private static final Keyword DB_IDENT = Keyword.of("db/ident");
    private static final Keyword DB_VALUE_TYPE = Keyword.of("db/valueType");
    private static final Keyword DB_CARDINALITY = Keyword.of("db/cardinality");
    private static final Keyword MANY = Keyword.of("db.cardinality/many");

    private final Db db;
    private final Map<Keyword, ValueType> localTypes = new HashMap<>();
    private final Map<Keyword, Boolean> localMany = new HashMap<>();

    private JsonConvention(Db db) { this.db = db; }

    /** Any value outside tx-data: {@code ":x"} strings become keywords, decimals doubles. */
    public static Object generic(Object v) {
        if (v instanceof String s) return isKeywordText(s) ? Keyword.of(s) : s;
        if (v instanceof BigDecimal d) {
            double x = d.doubleValue();
            return Double.isInfinite(x) ? d : (Object) x;   // 1e400 is no double: left exact, for the type check to refuse
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(generic(o));
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(e.getKey(), generic(e.getValue()));
            return Collections.unmodifiableMap(out);
        }
        return v;
    }

    /** A pull selector given as JSON data: like {@link #generic}, with {@code "*"} the wildcard. */
    public static Object selector(Object v) {
        if ("*".equals(v)) return Symbol.of("*");
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(selector(o));
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(e.getKey(), selector(e.getValue()));
            return Collections.unmodifiableMap(out);
        }
        return generic(v);
    }

    static boolean isKeywordText(String s) {
        return s.length() > 1 && s.charAt(0) == ':' && s.charAt(1) != ':' && s.indexOf(' ') < 0;
    }

    /** tx-data read from JSON, converted against {@code db}'s schema. */
    public static Object txData(Object raw, Db db) {
        if (!(raw instanceof List<?> forms)) return raw;
        JsonConvention c = new JsonConvention(db);
        c.collectLocalSchema(forms);
        List<Object> out = new ArrayList<>(forms.size());
        for (Object f : forms) out.add(c.form(f));
        return Collections.unmodifiableList(out);
    }

    /** A value of {@code attr} read from JSON (a query input compared with that attribute's values). */
    public static Object value(Keyword attr, Object raw, Db db) {
        return new JsonConvention(db).value(attr, raw, false);
    }

    /** An entity designator read from JSON (pull's :eid, a lookup ref). */
    public static Object entity(Object raw, Db db) {
        return new JsonConvention(db).entity(raw);
    }

    private void collectLocalSchema(List<?> forms) {
        for (Object f : forms) {
            if (!(f instanceof Map<?, ?> m)) continue;
            Object ident = m.get(DB_IDENT), type = m.get(DB_VALUE_TYPE);
            if (ident instanceof String i && type instanceof String t) {
                ValueType vt = ValueType.byIdent(Keyword.of(t));
                if (vt != null) localTypes.put(Keyword.of(i), vt);
                localMany.put(Keyword.of(i), m.get(DB_CARDINALITY) instanceof String c && Keyword.of(c) == MANY);
            }
        }
    }

    private Object form(Object f) {
        if (f instanceof Map<?, ?> m) return entityMap(m);
        if (!(f instanceof List<?> l) || l.isEmpty()) return generic(f);
        // An operation is named as an attribute is: with or without its leading colon ("db/add").
        Keyword opName = attrKeyword(l.get(0));
        Object op = opName != null ? opName : generic(l.get(0));
        List<Object> out = new ArrayList<>(l.size());
        out.add(op);
        String name = op instanceof Keyword k ? k.fullName() : "";
        switch (name) {
            case "db/add", "db/retract" -> {
                if (l.size() > 1) out.add(entity(l.get(1)));
                Keyword attr = l.size() > 2 ? attrKeyword(l.get(2)) : null;
                if (l.size() > 2) out.add(attr != null ? attr : generic(l.get(2)));
                for (int i = 3; i < l.size(); i++) out.add(value(attr, l.get(i), false));
            }
            case "db/cas", "db.fn/cas" -> {
                if (l.size() > 1) out.add(entity(l.get(1)));
                Keyword attr = l.size() > 2 ? attrKeyword(l.get(2)) : null;
                if (l.size() > 2) out.add(attr != null ? attr : generic(l.get(2)));
                for (int i = 3; i < l.size(); i++) out.add(value(attr, l.get(i), false));
            }
            case "db/retractEntity", "db.fn/retractEntity" -> {
                for (int i = 1; i < l.size(); i++) out.add(entity(l.get(i)));
            }
            default -> {
                for (int i = 1; i < l.size(); i++) out.add(generic(l.get(i)));
            }
        }
        return Collections.unmodifiableList(out);
    }

    private Map<Object, Object> entityMap(Map<?, ?> m) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object k = e.getKey();
            if (k == DB_ID) out.put(k, entity(e.getValue()));
            else if (k instanceof Keyword kw) out.put(kw, value(kw, e.getValue(), true));
            else out.put(k, generic(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Keyword attrKeyword(Object a) {
        if (a instanceof String s && !s.isEmpty()) return Keyword.of(s);
        return null;
    }

    private Object entity(Object v) {
        if (v instanceof String s) {
            if (isKeywordText(s)) return Keyword.of(s);
            if (s.matches("\\d{1,19}")) return Long.parseLong(s);
            return s;
        }
        if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof String a) {
            Keyword attr = Keyword.of(a);
            return List.of(attr, value(attr, l.get(1), false));
        }
        if (v instanceof Map<?, ?> m) return entityMap(m);
        return generic(v);
    }

    private Object value(Keyword attr, Object v, boolean collectionAllowed) {
        if (attr == null) return generic(v);
        boolean reverse = attr.name().startsWith("_");
        ValueType type = reverse ? ValueType.REF : typeOf(attr);
        if (type == null) return generic(v);
        boolean many = reverse || isMany(attr);
        if (type == ValueType.REF) {
            if (collectionAllowed && many && v instanceof List<?> l) {
                // One lookup ref in JSON's convention; the engine reads any vector here as values, so it
                // gets a collection of one.
                if (isLookupRef(l)) return List.of(entity(l));
                List<Object> out = new ArrayList<>(l.size());
                for (Object o : l) out.add(entity(o));
                return Collections.unmodifiableList(out);
            }
            return entity(v);
        }
        if (type == ValueType.TUPLE) {
            if (!(collectionAllowed && many && v instanceof List<?> l)) return tuple(attr, v);
            // several tuples, or one written flat: a collection of tuples either way
            if (l.isEmpty()) return l;
            if (!(l.get(0) instanceof List)) return List.of(tuple(attr, v));
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(tuple(attr, o));
            return Collections.unmodifiableList(out);
        }
        if (v instanceof List<?> l && collectionAllowed && many) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(scalar(type, o));
            return Collections.unmodifiableList(out);
        }
        return scalar(type, v);
    }

    /**
     * Whether a pair under a cardinality-many ref attribute is one lookup ref (JSON's convention) rather
     * than two values: only when it starts with a unique attribute and goes on with a plain value
     * ({@code [":e/red", 17592186045419]} stays two refs).
     */
    private boolean isLookupRef(List<?> l) {
        if (l.size() != 2 || !(l.get(0) instanceof String a) || !isKeywordText(a)) return false;
        if (l.get(1) instanceof String b && isKeywordText(b) || l.get(1) instanceof List) return false;
        Attribute at = db.attribute(Keyword.of(a));
        return at != null && at.isUnique();
    }

    private static Object scalar(ValueType type, Object v) {
        Object c = ValueCoercion.coerce(type, v);
        // A value the type takes stays as it is (a string attribute keeps ":x" as text);
        // anything else falls back to the generic reading and the engine judges it.
        return type.accept(c) != null ? c : generic(v);
    }

    private Object tuple(Keyword attr, Object v) {
        if (!(v instanceof List<?> l)) return generic(v);
        Attribute a = db.attribute(attr);
        List<Object> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            ValueType t = null;
            if (a != null && a.tupleTypes() != null && i < a.tupleTypes().size()) t = a.tupleTypes().get(i);
            else if (a != null && a.tupleType() != null) t = a.tupleType();
            else if (a != null && a.tupleAttrs() != null && i < a.tupleAttrs().size()) t = typeOf(a.tupleAttrs().get(i));
            out.add(t == null ? generic(l.get(i)) : t == ValueType.REF ? entity(l.get(i)) : scalar(t, l.get(i)));
        }
        return Collections.unmodifiableList(out);
    }

    private ValueType typeOf(Keyword attr) {
        Attribute a = db.attribute(attr);
        return a != null ? a.type() : localTypes.get(attr);
    }

    private boolean isMany(Keyword attr) {
        Attribute a = db.attribute(attr);
        return a != null ? a.many() : localMany.getOrDefault(attr, false);
    }
}
