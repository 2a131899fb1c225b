package io.accrete.engine.data;

/**
 * A value that knows its own EDN form, so packages outside {@code data} (datoms, entities, tx
 * reports) can be printed by {@link Edn#print(Object)} without the printer knowing their types.
 * Implementations must append readable EDN, typically by calling {@link Edn#print(Object,
 * StringBuilder)} for their parts.
 */
public interface EdnPrintable {
    void printEdn(StringBuilder out);
}
