package io.accrete.engine.storage;

import io.accrete.engine.data.Edn;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.Schema;
import io.accrete.engine.schema.ValueType;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a transaction's datoms as EDN text, {@code [[e a v tx added] …]} with the attribute
 * as its numeric id, so that the log reads in any SQL tool. EDN has one float type, so values of
 * float attributes are narrowed back by the schema when decoding.
 */
public final class LogCodec {
    private LogCodec() {}

    public static String encode(List<Datom> datoms) {
        StringBuilder sb = new StringBuilder(datoms.size() * 48);
        sb.append('[');
        for (int i = 0; i < datoms.size(); i++) {
            if (i > 0) sb.append('\n');
            datoms.get(i).printEdn(sb);
        }
        return sb.append(']').toString();
    }

    /**
     * Decodes an entry. The layout is fixed, so rows are scanned directly and only values that are
     * not plain integers or strings go through the EDN reader: reopening a large database spends
     * most of its time here. {@code schema} narrows values of float attributes (null: leave them).
     */
    public static List<Datom> decode(String text, Schema schema) {
        Scanner in = new Scanner(text);
        List<Datom> out = new ArrayList<>();
        in.expect('[');
        while (in.peekAfterWhitespace() != ']') {
            in.expect('[');
            long e = in.longValue();
            int a = (int) in.longValue();
            Object v = in.value();
            long tx = in.longValue();
            boolean added = in.booleanValue();
            in.expect(']');
            if (schema != null) v = narrow(schema, a, v);
            out.add(new Datom(e, a, v, tx, added));
        }
        return out;
    }

    /** EDN has one float type: values of float attributes come back as doubles and are narrowed. */
    public static Object narrow(Schema schema, int a, Object v) {
        if (v instanceof Double d) {
            Attribute attr = schema.attribute(a);
            if (attr != null && attr.type() == ValueType.FLOAT) return d.floatValue();
        }
        return v;
    }

    private static final class Scanner {
        private final String s;
        private int pos;
        private final int[] end = new int[1];

        Scanner(String s) { this.s = s; }

        char peekAfterWhitespace() {
            while (pos < s.length() && (Character.isWhitespace(s.charAt(pos)) || s.charAt(pos) == ',')) pos++;
            if (pos >= s.length()) throw corrupt("entry ends early");
            return s.charAt(pos);
        }

        void expect(char c) {
            if (peekAfterWhitespace() != c) throw corrupt("expected " + c + " at " + pos);
            pos++;
        }

        long longValue() {
            peekAfterWhitespace();
            int start = pos;
            if (pos < s.length() && s.charAt(pos) == '-') pos++;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
            if (pos == start) throw corrupt("expected an integer at " + start);
            return Long.parseLong(s, start, pos, 10);
        }

        boolean booleanValue() {
            peekAfterWhitespace();
            if (s.startsWith("true", pos)) { pos += 4; return true; }
            if (s.startsWith("false", pos)) { pos += 5; return false; }
            throw corrupt("expected true or false at " + pos);
        }

        Object value() {
            char c = peekAfterWhitespace();
            if (c == '"') {
                int close = pos + 1;
                while (close < s.length() && s.charAt(close) != '"' && s.charAt(close) != '\\') close++;
                if (close < s.length() && s.charAt(close) == '"') {
                    String v = s.substring(pos + 1, close);
                    pos = close + 1;
                    return v;
                }
            } else if (Character.isDigit(c) || (c == '-' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1)))) {
                int i = c == '-' ? pos + 1 : pos;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                if (i < s.length() && isDelimiter(s.charAt(i)) && i - pos < 19) {
                    long v = Long.parseLong(s, pos, i, 10);
                    pos = i;
                    return v;
                }
            }
            Object v = Edn.readAt(s, pos, end);
            pos = end[0];
            return v;
        }

        private static boolean isDelimiter(char c) {
            return Character.isWhitespace(c) || c == ',' || c == ']';
        }
    }

    private static AccreteException corrupt(String why) {
        return Errors.error(Errors.STORAGE, "Corrupt log: " + why);
    }
}
