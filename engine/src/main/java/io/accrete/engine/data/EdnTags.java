package io.accrete.engine.data;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The built-in tagged literals, shared by the reader and the printer so that both agree on the
 * exact text. Reading failures are reported as {@link IllegalArgumentException} carrying only
 * the detail; the reader adds the position.
 */
final class EdnTags {
    private EdnTags() {}

    static final String INST = "inst";
    static final String UUID_TAG = "uuid";
    static final String DB_ID = "db/id";
    static final String URI_TAG = "uri";
    static final String BYTES = "bytes";

    /** EDN reserves tags without a namespace for itself; only these are defined. */
    static boolean isAllowed(String tag) {
        return tag.indexOf('/') > 0 || tag.equals(INST) || tag.equals(UUID_TAG)
                || tag.equals(URI_TAG) || tag.equals(BYTES);
    }

    static Object resolve(String tag, Object value) {
        switch (tag) {
            case INST: return new Date(parseInst(string(value)));
            case UUID_TAG: return parseUuid(string(value));
            case DB_ID: return tempId(value);
            case URI_TAG: return parseUri(string(value));
            case BYTES: return parseBytes(string(value));
            default: return new TaggedValue(Symbol.of(tag), value);
        }
    }

    private static String string(Object value) {
        if (value instanceof String) return (String) value;
        throw new IllegalArgumentException("expected a string");
    }

    // ---- #inst ---------------------------------------------------------------------------

    /**
     * RFC 3339 as Clojure reads it: every part after the year is optional, so {@code 2020},
     * {@code 2020-01-01} and {@code 2020-01-01T10:00:00.123456+02:00} are all instants; a
     * missing offset means UTC and digits beyond milliseconds are dropped.
     */
    static long parseInst(String t) {
        int n = t.length();
        // Years beyond 0000-9999 are not RFC 3339, but every Date must survive a print and read,
        // so ISO 8601's expanded years (a sign and more digits) are accepted too.
        boolean signed = is(t, 0, '-') || is(t, 0, '+');
        int i = signed ? 1 : 0;
        int yearDigits = i;
        while (i < n && isDigit(t.charAt(i))) i++;
        if (i - yearDigits < 4 || i - yearDigits > (signed ? 9 : 4)) throw badInst("not an RFC 3339 timestamp");
        int year = Integer.parseInt(t, yearDigits, i, 10) * (is(t, 0, '-') ? -1 : 1);
        int month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0, offsetMinutes = 0;
        if (is(t, i, '-')) {
            month = digits(t, i + 1, 2);
            i += 3;
            if (is(t, i, '-')) {
                day = digits(t, i + 1, 2);
                i += 3;
                if (is(t, i, 'T') || is(t, i, 't')) {
                    hour = digits(t, i + 1, 2);
                    i += 3;
                    if (is(t, i, ':')) {
                        minute = digits(t, i + 1, 2);
                        i += 3;
                        if (is(t, i, ':')) {
                            second = digits(t, i + 1, 2);
                            i += 3;
                            if (is(t, i, '.')) {
                                int start = ++i;
                                while (i < n && isDigit(t.charAt(i))) i++;
                                if (i == start) throw badInst("missing fraction digits");
                                for (int k = 0; k < 3; k++) {
                                    millis = millis * 10 + (start + k < i ? t.charAt(start + k) - '0' : 0);
                                }
                            }
                        }
                    }
                }
            }
        }
        if (is(t, i, 'Z') || is(t, i, 'z')) {
            i++;
        } else if (is(t, i, '+') || is(t, i, '-')) {
            int sign = t.charAt(i) == '-' ? -1 : 1;
            int oh = digits(t, i + 1, 2);
            if (!is(t, i + 3, ':')) throw badInst("offset must look like +hh:mm");
            int om = digits(t, i + 4, 2);
            if (oh > 23 || om > 59) throw badInst("offset out of range");
            offsetMinutes = sign * (oh * 60 + om);
            i += 6;
        }
        if (i != n) throw badInst("not an RFC 3339 timestamp");
        if (hour > 23 || minute > 59 || second > 59) throw badInst("time out of range");
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            throw badInst("no such date");
        }
        long epochSecond = epochDay * 86_400L + (hour * 60L + minute) * 60 + second - offsetMinutes * 60L;
        try {
            return Instant.ofEpochSecond(epochSecond, millis * 1_000_000L).toEpochMilli();
        } catch (ArithmeticException | DateTimeException e) {
            throw badInst("beyond the range of a java.util.Date");
        }
    }

    private static boolean is(String t, int i, char c) {
        return i < t.length() && t.charAt(i) == c;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digits(String t, int from, int count) {
        if (from + count > t.length()) throw badInst("not an RFC 3339 timestamp");
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (!isDigit(c)) throw badInst("not an RFC 3339 timestamp");
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static IllegalArgumentException badInst(String why) {
        return new IllegalArgumentException(why);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.SSS-00:00}, the form Clojure and Datomic print. */
    static void printInst(long epochMillis, StringBuilder out) {
        printInst(Math.floorDiv(epochMillis, 1000L), (int) Math.floorMod(epochMillis, 1000L), out);
    }

    static void printInst(long epochSecond, int millis, StringBuilder out) {
        long epochDay = Math.floorDiv(epochSecond, 86_400L);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int year = date.getYear();
        out.append("#inst \"");
        if (year < 0) {
            out.append('-');
            year = -year;
        } else if (year > 9999) {
            out.append('+');
        }
        pad(out, year, 4).append('-');
        pad(out, date.getMonthValue(), 2).append('-');
        pad(out, date.getDayOfMonth(), 2).append('T');
        pad(out, secondOfDay / 3600, 2).append(':');
        pad(out, secondOfDay / 60 % 60, 2).append(':');
        pad(out, secondOfDay % 60, 2).append('.');
        pad(out, millis, 3).append("-00:00\"");
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        for (int limit = 10, w = 1; w < width; w++, limit *= 10) {
            if (value < limit) out.append('0');
        }
        return out.append(value);
    }

    // ---- #uuid #uri #bytes #db/id ----------------------------------------------------------

    /** Strict 8-4-4-4-12 hex; {@code UUID.fromString} alone accepts shortened groups. */
    private static UUID parseUuid(String s) {
        if (s.length() != 36) throw new IllegalArgumentException("expected 8-4-4-4-12 hex digits");
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean ok = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-' : Character.digit(c, 16) >= 0 && c < 128;
            if (!ok) throw new IllegalArgumentException("expected 8-4-4-4-12 hex digits");
        }
        return UUID.fromString(s);
    }

    private static URI parseUri(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getReason());
        }
    }

    private static byte[] parseBytes(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not valid base64");
        }
    }

    private static TempId tempId(Object value) {
        if (value instanceof List && !(value instanceof EdnList)) {
            List<?> parts = (List<?>) value;
            if ((parts.size() == 1 || parts.size() == 2) && parts.get(0) instanceof Keyword) {
                if (parts.size() == 1) return TempId.of((Keyword) parts.get(0), null);
                if (parts.get(1) instanceof Long) return TempId.of((Keyword) parts.get(0), (Long) parts.get(1));
            }
        }
        throw new IllegalArgumentException("expected [partition] or [partition index]");
    }
}
