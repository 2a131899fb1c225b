package io.accrete.engine.tx;

import io.accrete.engine.schema.Attribute;

/**
 * One primitive operation after expansion. {@code e} is a resolved entity id ({@link Long}) or
 * a {@link Tmp}; for ref attributes {@code v} is too. {@code form} is what the user wrote, for
 * error messages.
 */
record Op(Kind kind, Object e, Attribute attr, Object v, Object form) {
    enum Kind { ADD, RETRACT, RETRACT_ATTR, CAS }

    /** A temporary id: {@code key} is the string, negative number or literal the user wrote. */
    record Tmp(Object key, int partition) {
        @Override public String toString() { return key instanceof String s ? "\"" + s + "\"" : String.valueOf(key); }
    }
}
