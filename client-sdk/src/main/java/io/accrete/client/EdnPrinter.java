package io.accrete.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Writes Java data as EDN text: needed when a query or tx-data given as EDN text has arguments. */
final class EdnPrinter {
    private EdnPrinter() {}

    /**
     * The proleptic year ({@code uuuu}), which prints years outside 0000-9999 with a sign as the
     * server reads them; the year-of-era ({@code yyyy}) would print 1 BC as 0001, a year off.
     */
    private static final DateTimeFormatter INST =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    static void print(Object v, StringBuilder sb) {
        if (v == null) sb.append("nil");
        else if (v instanceof String s) printString(s, sb);
        else if (v instanceof Keyword || v instanceof Symbol || v instanceof Boolean) sb.append(v);
        else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) sb.append(v);
        else if (v instanceof BigInteger b) sb.append(b).append('N');
        // toString, not toPlainString: 0E+1M must read back with its scale, as a different value from 0M.
        else if (v instanceof BigDecimal b) sb.append(b).append('M');
        else if (v instanceof Double || v instanceof Float) printDouble(((Number) v).doubleValue(), sb);
        else if (v instanceof Character c) printChar(c, sb);
        else if (v instanceof Date d) sb.append("#inst \"").append(INST.format(d.toInstant())).append('"');
        else if (v instanceof Instant i) sb.append("#inst \"").append(INST.format(i)).append('"');
        else if (v instanceof UUID u) sb.append("#uuid \"").append(u).append('"');
        else if (v instanceof URI u) printString(u.toString(), sb.append("#uri "));
        else if (v instanceof byte[] b) sb.append("#bytes \"").append(Base64.getEncoder().encodeToString(b)).append('"');
        else if (v instanceof Db db) print(db.descriptor(), sb);
        else if (v instanceof RawEdn raw) sb.append(raw.text());
        else if (v instanceof EdnList l) printSeq(l, "(", ")", sb);
        else if (v instanceof List<?> l) printSeq(l, "[", "]", sb);
        else if (v instanceof Set<?> s) printSeq(s, "#{", "}", sb);
        else if (v instanceof Collection<?> c) printSeq(c, "[", "]", sb);
        else if (v instanceof Object[] a) printSeq(List.of(a), "[", "]", sb);
        else if (v instanceof Map<?, ?> m) printMap(m, sb);
        else if (v instanceof com.cognitect.transit.Keyword k) sb.append(Keyword.of(k.toString()));
        else throw new IllegalArgumentException("no EDN form for " + v.getClass().getName());
    }

    private static void printSeq(Collection<?> items, String open, String close, StringBuilder sb) {
        sb.append(open);
        boolean first = true;
        for (Object item : items) {
            if (!first) sb.append(' ');
            first = false;
            print(item, sb);
        }
        sb.append(close);
    }

    private static void printMap(Map<?, ?> m, StringBuilder sb) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!first) sb.append(", ");
            first = false;
            print(e.getKey(), sb);
            sb.append(' ');
            print(e.getValue(), sb);
        }
        sb.append('}');
    }

    private static void printDouble(double d, StringBuilder sb) {
        if (Double.isNaN(d)) sb.append("##NaN");
        else if (Double.isInfinite(d)) sb.append(d > 0 ? "##Inf" : "##-Inf");
        else sb.append(d);
    }

    private static void printChar(char c, StringBuilder sb) {
        switch (c) {
            case '\n' -> sb.append("\\newline");
            case ' ' -> sb.append("\\space");
            case '\t' -> sb.append("\\tab");
            case '\r' -> sb.append("\\return");
            default -> sb.append('\\').append(c);
        }
    }

    private static void printString(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
