package io.accrete.engine.data;

import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Appends EDN text for Java values. Writes the durable log and every HTTP response, so the
 * common scalars are tested first and nothing is formatted through intermediate strings.
 *
 * <p>{@code limit} is an output length after which collections stop printing; it lets
 * {@link #printShort} describe a huge transaction in an error message without printing all of
 * it. Nesting is bounded as in the reader, counting tagged literals as a level, so whatever
 * prints can be read back.
 */
final class EdnPrinter {
    private static final int UNLIMITED = Integer.MAX_VALUE;

    private EdnPrinter() {}

    static void print(Object value, StringBuilder out) {
        print(value, out, UNLIMITED, 0);
    }

    static String printShort(Object value, int max) {
        StringBuilder out = new StringBuilder(Math.min(64, max + 1));
        boolean failed = false;
        try {
            print(value, out, max + 1, 0);
        } catch (RuntimeException e) {
            // An error message is being built; a value that cannot print must not replace that error.
            failed = true;
        }
        if (out.length() <= max && !failed) return out.toString();
        int cut = Math.min(out.length(), max - 1);
        if (cut > 0 && Character.isHighSurrogate(out.charAt(cut - 1))) cut--;
        out.setLength(cut);
        return out.append('…').toString();
    }

    private static void print(Object v, StringBuilder out, int limit, int depth) {
        if (v == null) {
            out.append("nil");
        } else if (v instanceof String) {
            printString((String) v, out, limit);
        } else if (v instanceof Long) {
            out.append(((Long) v).longValue());
        } else if (v instanceof Keyword) {
            out.append(':').append(((Keyword) v).fullName());
        } else if (v instanceof Boolean) {
            out.append(((Boolean) v).booleanValue());
        } else if (v instanceof Double) {
            printDouble((Double) v, out);
        } else if (v instanceof Symbol) {
            out.append(((Symbol) v).fullName());
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.append(((Number) v).longValue());
        } else if (v instanceof EdnPrintable) {
            ((EdnPrintable) v).printEdn(out);
        } else if (v instanceof List) {
            if (tooDeep(depth, 1, out, limit)) return;
            boolean list = v instanceof EdnList;
            printItems((List<?>) v, list ? '(' : '[', list ? ')' : ']', out, limit, depth + 1);
        } else if (v instanceof Map) {
            if (tooDeep(depth, 1, out, limit)) return;
            printMap((Map<?, ?>) v, out, limit, depth + 1);
        } else if (v instanceof Set) {
            if (tooDeep(depth, 1, out, limit)) return;
            out.append('#');
            printItems((Set<?>) v, '{', '}', out, limit, depth + 1);
        } else {
            printOther(v, out, limit, depth);
        }
    }

    private static void printOther(Object v, StringBuilder out, int limit, int depth) {
        if (v instanceof Date) {
            if (tooDeep(depth, 1, out, limit)) return;
            EdnTags.printInst(((Date) v).getTime(), out);
        } else if (v instanceof Instant) {
            if (tooDeep(depth, 1, out, limit)) return;
            Instant i = (Instant) v;
            EdnTags.printInst(i.getEpochSecond(), i.getNano() / 1_000_000, out);
        } else if (v instanceof UUID) {
            if (tooDeep(depth, 1, out, limit)) return;
            out.append("#uuid \"").append(v).append('"');
        } else if (v instanceof TempId) {
            if (tooDeep(depth, 2, out, limit)) return;
            TempId id = (TempId) v;
            out.append("#db/id[");
            print(id.partition(), out, limit, depth + 2);
            if (id.index() != null) out.append(' ').append(id.index().longValue());
            out.append(']');
        } else if (v instanceof TaggedValue) {
            if (tooDeep(depth, 1, out, limit)) return;
            TaggedValue t = (TaggedValue) v;
            out.append('#').append(t.tag().fullName()).append(' ');
            print(t.value(), out, limit, depth + 1);
        } else if (v instanceof BigInteger) {
            out.append(v).append('N');
        } else if (v instanceof BigDecimal) {
            out.append(v).append('M');
        } else if (v instanceof Float) {
            printFloat((Float) v, out);
        } else if (v instanceof Character) {
            printCharacter((Character) v, out);
        } else if (v instanceof byte[]) {
            if (tooDeep(depth, 1, out, limit)) return;
            byte[] bytes = (byte[]) v;
            // Three bytes make four characters; more than that would be cut by printShort anyway.
            if (limit != UNLIMITED && bytes.length > limit) bytes = Arrays.copyOf(bytes, limit);
            out.append("#bytes \"").append(Base64.getEncoder().encodeToString(bytes)).append('"');
        } else if (v instanceof URI) {
            if (tooDeep(depth, 1, out, limit)) return;
            out.append("#uri ");
            printString(v.toString(), out, limit);
        } else if (v instanceof Object[]) {
            if (tooDeep(depth, 1, out, limit)) return;
            printItems(Arrays.asList((Object[]) v), '[', ']', out, limit, depth + 1);
        } else if (v.getClass().isArray()) {
            if (tooDeep(depth, 1, out, limit)) return;
            printPrimitiveArray(v, out, limit, depth + 1);
        } else if (v instanceof Map.Entry) {
            if (tooDeep(depth, 1, out, limit)) return;
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) v;
            out.append('[');
            print(e.getKey(), out, limit, depth + 1);
            out.append(' ');
            print(e.getValue(), out, limit, depth + 1);
            out.append(']');
        } else if (v instanceof Iterable) {
            if (tooDeep(depth, 1, out, limit)) return;
            printItems((Iterable<?>) v, '[', ']', out, limit, depth + 1);
        } else {
            printString(String.valueOf(v.toString()), out, limit);
        }
    }

    /**
     * True when a value adding {@code levels} of nesting at {@code depth} could not be read back.
     * A short print marks the spot instead of failing, since it serves error messages.
     */
    private static boolean tooDeep(int depth, int levels, StringBuilder out, int limit) {
        if (depth + levels <= Edn.MAX_DEPTH) return false;
        if (limit != UNLIMITED) {
            out.append('…');
            return true;
        }
        throw new AccreteException(Errors.INVALID_ARGUMENT,
                "Cannot print a value nested deeper than " + Edn.MAX_DEPTH + " levels as EDN, which no EDN reader here would take back"
                        + " (a recursive pull? bound it, e.g. {:person/friend 100}; or is the value cyclic?)");
    }

    private static void printItems(Iterable<?> items, char open, char close, StringBuilder out, int limit, int depth) {
        out.append(open);
        boolean first = true;
        for (Object item : items) {
            if (out.length() >= limit) return;
            if (!first) out.append(' ');
            first = false;
            print(item, out, limit, depth);
        }
        out.append(close);
    }

    private static void printMap(Map<?, ?> map, StringBuilder out, int limit, int depth) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (out.length() >= limit) return;
            if (!first) out.append(", ");
            first = false;
            print(e.getKey(), out, limit, depth);
            out.append(' ');
            print(e.getValue(), out, limit, depth);
        }
        out.append('}');
    }

    private static void printPrimitiveArray(Object array, StringBuilder out, int limit, int depth) {
        out.append('[');
        int n = Array.getLength(array);
        for (int i = 0; i < n; i++) {
            if (out.length() >= limit) return;
            if (i > 0) out.append(' ');
            print(Array.get(array, i), out, limit, depth);
        }
        out.append(']');
    }

    private static void printDouble(double d, StringBuilder out) {
        if (Double.isNaN(d)) out.append("##NaN");
        else if (d == Double.POSITIVE_INFINITY) out.append("##Inf");
        else if (d == Double.NEGATIVE_INFINITY) out.append("##-Inf");
        else out.append(d); // Double.toString always has a '.', so it reads back as a double
    }

    private static void printFloat(float f, StringBuilder out) {
        if (Float.isNaN(f) || Float.isInfinite(f)) printDouble(f, out);
        else out.append(f);
    }

    private static void printCharacter(char c, StringBuilder out) {
        out.append('\\');
        switch (c) {
            case '\n': out.append("newline"); return;
            case ' ': out.append("space"); return;
            case '\t': out.append("tab"); return;
            case '\r': out.append("return"); return;
            case '\b': out.append("backspace"); return;
            case '\f': out.append("formfeed"); return;
            default:
                if (needsUnicodeEscape(c) || EdnTokens.isUnicodeWhitespace(c)) appendUnicode(c, out);
                else out.append(c);
        }
    }

    static void printString(String s, StringBuilder out, int limit) {
        int n = s.length();
        // Only a short print can run out of room, and then the quote is cut off anyway.
        int end = limit == UNLIMITED ? n : Math.min(n, Math.max(0, limit - out.length()));
        out.append('"');
        int run = 0;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c >= ' ' && c < 127 && c != '"' && c != '\\') continue;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            if (c >= 160 && !Character.isSurrogate(c)) continue;
            out.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\t': out.append("\\t"); break;
                case '\r': out.append("\\r"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default: appendUnicode(c, out.append('\\'));
            }
        }
        out.append(s, run, Math.min(end, n));
        if (end == n) out.append('"');
    }

    /** Control characters and lone surrogates, which would not survive UTF-8 or a terminal. */
    private static boolean needsUnicodeEscape(char c) {
        return c < ' ' || (c >= 127 && c < 160) || Character.isSurrogate(c);
    }

    private static void appendUnicode(char c, StringBuilder out) {
        out.append('u');
        for (int shift = 12; shift >= 0; shift -= 4) out.append(Character.forDigit((c >> shift) & 0xF, 16));
    }
}
