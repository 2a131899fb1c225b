package io.accrete.engine.tx;

import io.accrete.engine.error.Errors;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.ValueType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Checks tuple values against their attribute's tuple schema. */
final class TupleRules {
    private TupleRules() {}

    static final int MIN_SIZE = 2;
    static final int MAX_SIZE = 8;

    /**
     * Checks a tuple value against its attribute's tuple schema and answers it as stored: an
     * unmodifiable copy (the caller's list may change later) with each element in its type's
     * stored form (a Java Integer element of a long tuple becomes a Long).
     */
    static List<Object> check(Attribute a, List<?> t, Object form) {
        List<Object> out = new ArrayList<>(t.size());
        if (a.isComposite()) {
            // Accepted, as in Datomic, to find an entity by (upsert) but never stored as given: the
            // database keeps the tuple of the members' own values (CompositeTuples).
            if (t.size() != a.tupleAttrs().size()) {
                throw Errors.error(Errors.INVALID_TUPLE, "Composite tuple for " + a.ident() + " must have " + a.tupleAttrs().size() + " elements", form);
            }
            for (int i = 0; i < t.size(); i++) out.add(t.get(i) instanceof Integer n ? Long.valueOf(n) : t.get(i));
        } else if (a.tupleTypes() != null) {
            if (t.size() != a.tupleTypes().size()) {
                throw Errors.error(Errors.INVALID_TUPLE, "Tuple for " + a.ident() + " must have " + a.tupleTypes().size() + " elements", form);
            }
            for (int i = 0; i < t.size(); i++) out.add(element(a, a.tupleTypes().get(i), t.get(i), form));
        } else if (a.tupleType() != null) {
            if (t.size() < MIN_SIZE || t.size() > MAX_SIZE) {
                throw Errors.error(Errors.INVALID_TUPLE, "Tuple for " + a.ident() + " must have 2 to 8 elements", form);
            }
            for (Object o : t) out.add(element(a, a.tupleType(), o, form));
        } else {
            throw Errors.error(Errors.INVALID_TUPLE, "Tuple attribute " + a.ident() + " has no tuple schema", form);
        }
        return Collections.unmodifiableList(out);
    }

    private static Object element(Attribute a, ValueType type, Object v, Object form) {
        if (v == null) return null;
        if (type == ValueType.REF && v instanceof Op.Tmp) return v;   // TxProcessor puts in its id
        Object stored = type.accept(v);
        if (stored == null) {
            throw Errors.error(Errors.WRONG_TYPE, "Tuple element " + io.accrete.engine.data.Edn.printShort(v)
                    + " is not a valid " + type.ident().fullName() + " for attribute " + a.ident(), form);
        }
        return stored instanceof byte[] b ? b.clone() : stored;
    }
}
