package io.accrete.engine.data;

/** An EDN tagged literal with no built-in meaning, e.g. {@code #my/tag [1 2]}; kept as read. */
public record TaggedValue(Symbol tag, Object value) {
    @Override public String toString() { return "#" + tag + " " + Edn.print(value); }
}
