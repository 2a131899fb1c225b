package io.accrete.engine.tx;

import io.accrete.engine.error.Errors;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.ValueType;

import java.util.List;

/** Checks tuple values against their attribute's tuple schema. */
final class TupleRules {
    private TupleRules() {}

    static final int MIN_SIZE = 2;
    static final int MAX_SIZE = 8;

    static void check(Attribute a, List<?> t, Object form) {
        if (a.isComposite()) {
            throw Errors.error(Errors.INVALID_TUPLE, "Composite tuple " + a.ident() + " is maintained by the database and cannot be asserted", form);
        }
        if (a.tupleTypes() != null) {
            if (t.size() != a.tupleTypes().size()) {
                throw Errors.error(Errors.INVALID_TUPLE, "Tuple for " + a.ident() + " must have " + a.tupleTypes().size() + " elements", form);
            }
            for (int i = 0; i < t.size(); i++) element(a, a.tupleTypes().get(i), t.get(i), form);
        } else if (a.tupleType() != null) {
            if (t.size() < MIN_SIZE || t.size() > MAX_SIZE) {
                throw Errors.error(Errors.INVALID_TUPLE, "Tuple for " + a.ident() + " must have 2 to 8 elements", form);
            }
            for (Object o : t) element(a, a.tupleType(), o, form);
        } else {
            throw Errors.error(Errors.INVALID_TUPLE, "Tuple attribute " + a.ident() + " has no tuple schema", form);
        }
    }

    private static void element(Attribute a, ValueType type, Object v, Object form) {
        if (v != null && type.accept(v) == null) {
            throw Errors.error(Errors.WRONG_TYPE, "Tuple element " + io.accrete.engine.data.Edn.printShort(v)
                    + " is not a valid " + type.ident().fullName() + " for attribute " + a.ident(), form);
        }
    }
}
