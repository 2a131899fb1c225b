package io.accrete.engine.data;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Pure checks and conversions of one token of EDN text (a symbol's name, a number, a character
 * name), kept apart from the reader's structure. Each works on {@code s[start, end)} so that
 * no substring is made for a token that turns out to be invalid; each answers "invalid" with
 * false or null and leaves the message and position to the reader.
 */
final class EdnTokens {
    private EdnTokens() {}

    private static final boolean[] SYMBOL_CHAR = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) SYMBOL_CHAR[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) SYMBOL_CHAR[c] = true;
        for (char c = '0'; c <= '9'; c++) SYMBOL_CHAR[c] = true;
        for (char c : ".*+!-_?$%&=<>:#'/".toCharArray()) SYMBOL_CHAR[c] = true;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Whitespace beyond ASCII: Java's whitespace plus no-break spaces and the byte order mark,
     * which are invisible and so must not end up inside a symbol.
     */
    static boolean isUnicodeWhitespace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
    }

    /** Characters that may start a symbol; anything non-ASCII counts, so names may be in any script. */
    static boolean isSymbolStart(char c) {
        if (c >= 128) return !isUnicodeWhitespace(c);
        return SYMBOL_CHAR[c] && c != ':' && c != '#' && c != '\'' && !isDigit(c);
    }

    /**
     * EDN symbol rules: at most one {@code /} separating two non-empty parts (or {@code /} alone
     * for a symbol); a part may not start with {@code :} or {@code #}, nor with a digit (or a
     * sign or dot then a digit) except in keywords, where Clojure accepts {@code :1}.
     */
    static boolean validName(String s, int start, int end, boolean keyword) {
        if (!keyword && end - start == 1 && s.charAt(start) == '/') return true;
        int slash = -1;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '/') {
                if (slash >= 0) return false;
                slash = i;
            } else if (c < 128 && !SYMBOL_CHAR[c]) {
                return false;
            } else if (c == ':' && i > start && s.charAt(i - 1) == ':') {
                return false;
            }
        }
        if (slash < 0) return validPart(s, start, end, keyword);
        return validPart(s, start, slash, keyword) && validPart(s, slash + 1, end, keyword);
    }

    private static boolean validPart(String s, int start, int end, boolean keyword) {
        if (start == end || s.charAt(end - 1) == ':') return false;
        char c = s.charAt(start);
        if (c == ':' || c == '#') return false;
        if (keyword) return true;
        if (isDigit(c)) return false;
        return !((c == '-' || c == '+' || c == '.') && end - start > 1 && isDigit(s.charAt(start + 1)));
    }

    /**
     * A Long, BigInteger, Double or BigDecimal, or null when the token is not an EDN number.
     * Integers that overflow a long become BigIntegers, as in Clojure.
     */
    static Object number(String s, int start, int end) {
        int i = start;
        char sign = s.charAt(i);
        if (sign == '-' || sign == '+') i++;
        int digits = i;
        while (i < end && isDigit(s.charAt(i))) i++;
        int digitsEnd = i;
        if (digitsEnd == digits) return null;
        // EDN has no octal: a leading zero would silently mean something else to a Clojure reader.
        if (digitsEnd - digits > 1 && s.charAt(digits) == '0') return null;
        if (i == end) return integer(s, start, digits, digitsEnd, sign == '-');
        if (s.charAt(i) == 'N' && i + 1 == end) return new BigInteger(s.substring(start, i));
        boolean isFloat = false;
        if (s.charAt(i) == '.') {
            i++;
            while (i < end && isDigit(s.charAt(i))) i++;
            isFloat = true;
        }
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int expDigits = i;
            while (i < end && isDigit(s.charAt(i))) i++;
            if (i == expDigits) return null;
            isFloat = true;
        }
        if (i + 1 == end && s.charAt(i) == 'M') {
            try {
                return new BigDecimal(s.substring(start, i));
            } catch (NumberFormatException e) {
                return null; // exponent beyond an int
            }
        }
        if (i != end || !isFloat) return null;
        return Double.parseDouble(s.substring(start, end));
    }

    /** Accumulates negatively so that Long.MIN_VALUE needs no special case. */
    private static Object integer(String s, int start, int digits, int end, boolean negative) {
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multiplyLimit = limit / 10;
        long v = 0;
        for (int i = digits; i < end; i++) {
            int d = s.charAt(i) - '0';
            if (v < multiplyLimit || v * 10 < limit + d) return new BigInteger(s.substring(start, end));
            v = v * 10 - d;
        }
        return negative ? v : -v;
    }

    /** The character a multi-letter character literal names ({@code newline}, {@code u0041}, {@code o101}), or null. */
    static Character namedCharacter(String tok) {
        switch (tok) {
            case "newline": return '\n';
            case "space": return ' ';
            case "tab": return '\t';
            case "return": return '\r';
            case "backspace": return '\b';
            case "formfeed": return '\f';
            default: break;
        }
        if (tok.length() == 5 && tok.charAt(0) == 'u') {
            int v = hex4(tok, 1);
            return v < 0 ? null : (char) v;
        }
        if (tok.length() <= 4 && tok.charAt(0) == 'o') {
            int v = 0;
            for (int i = 1; i < tok.length(); i++) {
                char c = tok.charAt(i);
                if (c < '0' || c > '7') return null;
                v = v * 8 + (c - '0');
            }
            return v <= 0377 ? (char) v : null;
        }
        return null;
    }

    /** The value of four ASCII hex digits at {@code from}, or -1. */
    static int hex4(String s, int from) {
        if (from + 4 > s.length()) return -1;
        int v = 0;
        for (int i = from; i < from + 4; i++) {
            char c = s.charAt(i);
            int d = c < 128 ? Character.digit(c, 16) : -1;
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v;
    }
}
