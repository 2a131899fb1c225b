package io.accrete.engine.schema;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;

import java.util.List;

/**
 * An installed attribute. {@code tupleAttrs} is set for composite tuples, {@code tupleTypes} for
 * heterogeneous tuples, {@code tupleType} for homogeneous ones. {@code preds} names the
 * {@code :db.attr/preds} every asserted value must satisfy (usually none).
 */
public record Attribute(int id, Keyword ident, ValueType type, boolean many, Unique unique,
                        boolean component, boolean noHistory, boolean indexed,
                        List<Keyword> tupleAttrs, List<ValueType> tupleTypes, ValueType tupleType, List<Symbol> preds) {

    public enum Unique {
        NONE, VALUE, IDENTITY;

        public Keyword ident() {
            return this == NONE ? null : Keyword.of("db.unique", this == VALUE ? "value" : "identity");
        }
    }

    public boolean isRef() { return type == ValueType.REF; }
    public boolean isUnique() { return unique != Unique.NONE; }
    public boolean isIdentity() { return unique == Unique.IDENTITY; }
    public boolean isComposite() { return tupleAttrs != null; }
}
