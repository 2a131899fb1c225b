package io.accrete.engine.data;

import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent EDN reader over a string. Every request body passes through here, so it
 * works on indexes into the input (a substring per token, nothing per character) and treats
 * the input as hostile: nesting is bounded by {@link Edn#MAX_DEPTH} instead of the thread's
 * stack, and every failure is a {@code :db.error/parse} with a line and column.
 *
 * <p>Invariant: {@link #readForm()} is only called after {@link #skipWhitespace()} has left
 * {@code pos} on the first character of a form, so {@code #_} never reaches it.
 */
final class EdnReader {
    private static final Keyword LINE = Keyword.of("line");
    private static final Keyword COLUMN = Keyword.of("column");
    /** Longer numbers are rejected: BigInteger parsing is quadratic and nobody stores 10k digits. */
    private static final int MAX_NUMBER_LENGTH = 10_000;
    private static final boolean[] WHITESPACE = new boolean[128];
    private static final boolean[] TERMINATOR = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) WHITESPACE[c] = c == ',' || Character.isWhitespace(c);
        for (char c = 0; c < 128; c++) TERMINATOR[c] = WHITESPACE[c] || "()[]{}\";\\".indexOf(c) >= 0;
    }

    private final String s;
    private final int len;
    private int pos;
    private int depth;

    private EdnReader(String s) {
        this.s = s;
        this.len = s.length();
    }

    static Object readOne(String text) {
        EdnReader r = new EdnReader(text == null ? "" : text);
        r.skipWhitespace();
        if (r.pos >= r.len) throw r.error("Unexpected end of input", r.len, ": expected a form");
        Object value = r.readForm();
        r.skipWhitespace();
        if (r.pos < r.len) {
            char c = r.s.charAt(r.pos);
            if (isCloser(c)) throw r.error("Unmatched delimiter " + c, r.pos, "");
            throw r.error("Unexpected character " + describe(c), r.pos, " after the form: expected exactly one form");
        }
        return value;
    }

    /** Reads the form that starts at or after {@code from}; {@code end[0]} receives where it ends. */
    static Object readAt(String text, int from, int[] end) {
        EdnReader r = new EdnReader(text);
        r.pos = from;
        r.skipWhitespace();
        if (r.pos >= r.len) throw r.error("Unexpected end of input", r.len, ": expected a form");
        Object value = r.readForm();
        end[0] = r.pos;
        return value;
    }

    static List<Object> readAll(String text) {
        EdnReader r = new EdnReader(text == null ? "" : text);
        List<Object> forms = new ArrayList<>();
        r.skipWhitespace();
        while (r.pos < r.len) {
            forms.add(r.readForm());
            r.skipWhitespace();
        }
        return Collections.unmodifiableList(forms);
    }

    // ---- dispatch ------------------------------------------------------------------------

    private Object readForm() {
        char c = s.charAt(pos);
        switch (c) {
            case '(': return readList();
            case '[': return readVector();
            case '{': return readMap();
            case '"': return readString();
            case '\\': return readCharacter();
            case ':': return readKeyword();
            case '#': return readDispatch();
            case ')': case ']': case '}': throw error("Unmatched delimiter " + c, pos, "");
            default:
                if (EdnTokens.isDigit(c) || ((c == '-' || c == '+') && isDigitAt(pos + 1))) return readNumber();
                if (EdnTokens.isSymbolStart(c)) return readSymbol();
                throw error("Unexpected character " + describe(c), pos, "");
        }
    }

    private Object readDispatch() {
        int at = pos;
        if (pos + 1 >= len) throw eof("a # dispatch", at);
        char c = s.charAt(pos + 1);
        if (c == '{') {
            pos++;
            return readSet(at);
        }
        if (c == '#') return readSymbolicValue(at);
        if (isLetter(c)) return readTagged(at);
        throw error("Invalid dispatch #" + describe(c), at, "");
    }

    /** Skips whitespace, commas, comments and {@code #_} discarded forms. */
    private void skipWhitespace() {
        while (pos < len) {
            char c = s.charAt(pos);
            if (c == ' ' || c == ',' || c == '\n' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == ';') {
                while (pos < len && s.charAt(pos) != '\n' && s.charAt(pos) != '\r') pos++;
            } else if (c == '#' && pos + 1 < len && s.charAt(pos + 1) == '_') {
                discard();
            } else if (c < 128 ? WHITESPACE[c] : EdnTokens.isUnicodeWhitespace(c)) {
                pos++;
            } else {
                return;
            }
        }
    }

    private void discard() {
        int at = pos;
        pos += 2;
        enter(at);
        skipWhitespace();
        if (pos >= len) throw eof("a form to discard after #_", at);
        char c = s.charAt(pos);
        if (isCloser(c)) throw error("Expected a form to discard after #_ but found " + c, pos, "");
        readForm();
        depth--;
    }

    // ---- collections ---------------------------------------------------------------------

    private Object readList() {
        int open = pos;
        List<Object> items = readItems(')', "a list", open);
        return EdnList.wrap(items.toArray());
    }

    private Object readVector() {
        int open = pos;
        return Collections.unmodifiableList(readItems(']', "a vector", open));
    }

    private ArrayList<Object> readItems(char close, String what, int open) {
        enter(open);
        pos++;
        ArrayList<Object> items = new ArrayList<>();
        while (!closes(close, what, open)) items.add(readForm());
        depth--;
        return items;
    }

    private Object readMap() {
        int open = pos;
        enter(open);
        pos++;
        Map<Object, Object> map = new LinkedHashMap<>();
        while (!closes('}', "a map", open)) {
            int keyAt = pos;
            Object key = readForm();
            if (closes('}', "a map", open)) {
                throw error("Map literal has a key without a value", keyAt, ": " + Edn.printShort(key));
            }
            Object value = readForm();
            int before = map.size();
            map.put(key, value);
            if (map.size() == before) throw error("Duplicate map key " + Edn.printShort(key), keyAt, "");
        }
        depth--;
        return Collections.unmodifiableMap(map);
    }

    private Object readSet(int open) {
        enter(open);
        pos++;
        LinkedHashSet<Object> set = new LinkedHashSet<>();
        while (!closes('}', "a set", open)) {
            int at = pos;
            Object item = readForm();
            if (!set.add(item)) throw error("Duplicate set element " + Edn.printShort(item), at, "");
        }
        depth--;
        return Collections.unmodifiableSet(set);
    }

    /** Skips to the next form; true (with the delimiter consumed) when the collection ends. */
    private boolean closes(char close, String what, int open) {
        skipWhitespace();
        if (pos >= len) throw eof(what, open);
        char c = s.charAt(pos);
        if (c == close) {
            pos++;
            return true;
        }
        if (isCloser(c)) {
            throw error("Unmatched delimiter " + c, pos, " while reading " + what + " (expected " + close + ")");
        }
        return false;
    }

    private void enter(int at) {
        if (++depth > Edn.MAX_DEPTH) {
            throw error("Input nested deeper than " + Edn.MAX_DEPTH + " levels", at, "");
        }
    }

    // ---- tagged literals -----------------------------------------------------------------

    private Object readTagged(int at) {
        int start = at + 1;
        int end = tokenEnd(start);
        if (!EdnTokens.validName(s, start, end, false)) throw error("Invalid tag #" + token(start, end), at, "");
        String tag = s.substring(start, end);
        if (!EdnTags.isAllowed(tag)) {
            throw error("Unknown tag #" + tag, at, ": tags without a namespace are reserved for EDN");
        }
        pos = end;
        enter(at);
        skipWhitespace();
        if (pos >= len) throw eof("a value for tag #" + tag, at);
        char c = s.charAt(pos);
        if (isCloser(c)) throw error("Expected a value after tag #" + tag + " but found " + c, pos, "");
        Object value = readForm();
        depth--;
        try {
            return EdnTags.resolve(tag, value);
        } catch (IllegalArgumentException e) {
            throw error("Invalid #" + tag + " value " + Edn.printShort(value), at, ": " + e.getMessage());
        }
    }

    private Object readSymbolicValue(int at) {
        int start = at + 2;
        int end = tokenEnd(start);
        pos = end;
        if (end - start == 3 && s.startsWith("Inf", start)) return Double.POSITIVE_INFINITY;
        if (end - start == 4 && s.startsWith("-Inf", start)) return Double.NEGATIVE_INFINITY;
        if (end - start == 3 && s.startsWith("NaN", start)) return Double.NaN;
        throw error("Unknown symbolic value ##" + token(start, end), at, "");
    }

    // ---- atoms ---------------------------------------------------------------------------

    private String readString() {
        int open = pos++;
        int start = pos;
        while (pos < len) {
            char c = s.charAt(pos);
            if (c == '"') return s.substring(start, pos++);
            if (c == '\\') break;
            pos++;
        }
        StringBuilder sb = new StringBuilder(pos - start + 16).append(s, start, pos);
        while (pos < len) {
            char c = s.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= len) break;
            int escape = pos - 1;
            char e = s.charAt(pos++);
            switch (e) {
                case 'n': sb.append('\n'); break;
                case 't': sb.append('\t'); break;
                case 'r': sb.append('\r'); break;
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'u':
                    int code = EdnTokens.hex4(s, pos);
                    if (code < 0) {
                        throw error("Invalid unicode escape " + token(escape, Math.min(len, escape + 6)), escape,
                                ": expected four hex digits");
                    }
                    sb.append((char) code);
                    pos += 4;
                    break;
                default: throw error("Invalid escape \\" + describe(e) + " in string", escape, "");
            }
        }
        throw eof("a string", open);
    }

    private Character readCharacter() {
        int at = pos++;
        if (pos >= len) throw eof("a character", at);
        char first = s.charAt(pos);
        if (first < 128 ? WHITESPACE[first] && first != ',' : EdnTokens.isUnicodeWhitespace(first)) {
            throw error("Invalid character literal: \\ followed by whitespace", at, "");
        }
        // The first character is taken literally even if it is a delimiter: \( \] \" \, \\
        int end = tokenEnd(pos + 1);
        if (end - pos == 1) {
            pos = end;
            return first;
        }
        Character c = EdnTokens.namedCharacter(s.substring(pos, end));
        if (c == null) {
            String why = end - pos == 2 && Character.isSurrogatePair(first, s.charAt(pos + 1))
                    ? ": characters outside the Basic Multilingual Plane must be written as strings" : "";
            throw error("Invalid character literal \\" + token(pos, end), at, why);
        }
        pos = end;
        return c;
    }

    private Keyword readKeyword() {
        int at = pos;
        int start = at + 1;
        int end = tokenEnd(start);
        if (end == start) throw error("Invalid keyword: a lone :", at, "");
        if (s.charAt(start) == ':') {
            throw error("Invalid keyword :" + token(start, end), at, ": auto-resolved keywords are not EDN");
        }
        if (!EdnTokens.validName(s, start, end, true)) throw error("Invalid keyword :" + token(start, end), at, "");
        pos = end;
        return Keyword.of(s.substring(start, end));
    }

    private Object readSymbol() {
        int start = pos;
        int end = tokenEnd(start);
        int n = end - start;
        if (n == 3 && s.startsWith("nil", start)) {
            pos = end;
            return null;
        }
        if (n == 4 && s.startsWith("true", start)) {
            pos = end;
            return Boolean.TRUE;
        }
        if (n == 5 && s.startsWith("false", start)) {
            pos = end;
            return Boolean.FALSE;
        }
        if (!EdnTokens.validName(s, start, end, false)) throw error("Invalid symbol " + token(start, end), start, "");
        pos = end;
        return Symbol.of(s.substring(start, end));
    }

    private Object readNumber() {
        int start = pos;
        int end = tokenEnd(start);
        if (end - start > MAX_NUMBER_LENGTH) {
            throw error("Number literal longer than " + MAX_NUMBER_LENGTH + " characters", start, "");
        }
        Object n = EdnTokens.number(s, start, end);
        if (n == null) throw error("Invalid number " + token(start, end), start, "");
        if (n instanceof java.math.BigDecimal d && NumberLimits.digits(d) > NumberLimits.MAX_DIGITS) {
            throw error("Number " + token(start, end) + " has more than " + NumberLimits.MAX_DIGITS + " digits written out in full", start, "");
        }
        pos = end;
        return n;
    }

    // ---- characters and errors -----------------------------------------------------------

    private int tokenEnd(int from) {
        int i = from;
        while (i < len) {
            char c = s.charAt(i);
            if (c < 128 ? TERMINATOR[c] : EdnTokens.isUnicodeWhitespace(c)) break;
            i++;
        }
        return i;
    }

    private boolean isDigitAt(int i) {
        return i < len && EdnTokens.isDigit(s.charAt(i));
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 128 && Character.isLetter(c));
    }

    private static boolean isCloser(char c) {
        return c == ')' || c == ']' || c == '}';
    }

    /** A character as it should appear in a message: itself if visible, else its code point. */
    private static String describe(char c) {
        if (c > ' ' && c < 127) return String.valueOf(c);
        return String.format("U+%04X", (int) c);
    }

    /** Token text for a message, cut so that a hostile megabyte-long token stays out of logs. */
    private String token(int start, int end) {
        return end - start <= 60 ? s.substring(start, end) : s.substring(start, start + 60) + "…";
    }

    private AccreteException eof(String what, int open) {
        return error("Unexpected end of input", len, " while reading " + what + " started" + location(open));
    }

    private AccreteException error(String before, int at, String after) {
        int[] lc = lineAndColumn(at);
        return new AccreteException(Errors.PARSE, before + location(at) + after,
                Map.of(LINE, (long) lc[0], COLUMN, (long) lc[1]));
    }

    private String location(int at) {
        int[] lc = lineAndColumn(at);
        return " at line " + lc[0] + ", column " + lc[1];
    }

    private boolean isSecondHalfOfPair(int i) {
        return i > 0 && Character.isLowSurrogate(s.charAt(i)) && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** Columns count code points, so a message points at the same place an editor does. */
    private int[] lineAndColumn(int at) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < at && i < len; i++) {
            char c = s.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= len || s.charAt(i + 1) != '\n'))) {
                line++;
                column = 1;
            } else if (c != '\r' && !isSecondHalfOfPair(i)) {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
