package io.accrete.engine.data;

import java.util.List;

/**
 * Reads and prints EDN, the text format of the HTTP API, the durable log and error messages.
 *
 * <p>Reading maps EDN onto plain Java values: {@code nil} to null, integers to {@code Long}
 * (or {@code BigInteger} when suffixed {@code N} or too large), floats to {@code Double} (or
 * {@code BigDecimal} with {@code M}), keywords and symbols to {@link Keyword} and
 * {@link Symbol}, lists to {@link EdnList}, vectors to unmodifiable {@code List}s, sets and maps
 * to unmodifiable insertion-ordered {@code LinkedHashSet}/{@code LinkedHashMap}, and the tags
 * {@code #inst #uuid #uri #bytes #db/id} to {@code Date}, {@code UUID}, {@code URI},
 * {@code byte[]} and {@link TempId}; other namespaced tags become {@link TaggedValue}. Any
 * malformed input raises an {@link io.accrete.engine.error.AccreteException} of category
 * {@code :db.error/parse} that names the line and column.
 *
 * <p>Printing is the inverse: {@code read(print(x))} equals {@code x} for every type above.
 */
public final class Edn {
    /** Deepest nesting of collections and tagged literals accepted by the reader and printer. */
    public static final int MAX_DEPTH = 256;
    /** Longest result of {@link #printShort}, ellipsis included. */
    public static final int SHORT_LENGTH = 200;

    private Edn() {}

    /** Reads exactly one form; whitespace and comments may surround it, nothing else. */
    public static Object read(String text) {
        return EdnReader.readOne(text);
    }

    /**
     * Reads the one form starting at or after {@code from} (after whitespace) and stores the index
     * just past it in {@code end[0]}: for callers that scan a known layout and read only parts.
     */
    public static Object readAt(String text, int from, int[] end) {
        return EdnReader.readAt(text, from, end);
    }

    /** Reads every form in {@code text}, in order; empty text gives an empty list. */
    /**
     * An instant written as EDN's {@code #inst} takes it (RFC 3339 as Clojure reads it: parts after
     * the year optional, UTC when no offset is given); IllegalArgumentException when it is not one.
     */
    public static java.util.Date readInstant(String text) {
        return new java.util.Date(EdnTags.parseInst(text));
    }

    public static List<Object> readAll(String text) {
        return EdnReader.readAll(text);
    }

    public static String print(Object value) {
        StringBuilder out = new StringBuilder(32);
        EdnPrinter.print(value, out);
        return out.toString();
    }

    public static void print(Object value, StringBuilder out) {
        EdnPrinter.print(value, out);
    }

    /** What a value is, for messages: "a map", "a string"… (never a Java class's name where EDN has one). */
    public static String kind(Object o) {
        if (o == null) return "nil";
        if (o instanceof java.util.Map) return "a map";
        if (o instanceof java.util.Collection) return "a collection";
        if (o instanceof String) return "a string";
        if (o instanceof Keyword) return "a keyword";
        if (o instanceof Symbol) return "a symbol";
        return "a " + o.getClass().getSimpleName();
    }

    /**
     * At most {@value #SHORT_LENGTH} characters of {@code print(value)}, ending in {@code …} when
     * cut. Meant for error messages, so it stops printing early on huge values and never throws.
     */
    public static String printShort(Object value) {
        return EdnPrinter.printShort(value, SHORT_LENGTH);
    }
}
