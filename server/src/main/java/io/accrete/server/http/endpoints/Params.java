package io.accrete.server.http.endpoints;

import io.accrete.engine.data.Keyword;
import io.accrete.server.errors.ServerErrors;

import java.util.Map;

/** Small readers of optional numeric request fields; a wrong type is a 400 naming the field. */
final class Params {
    private Params() {}

    static long optionalLong(Map<?, ?> body, Keyword key, long dflt) {
        Object v = body.get(key);
        if (v == null) return dflt;
        if (v instanceof Long l && l >= 0) return l;
        if (v instanceof String s && s.matches("\\d{1,18}")) return Long.parseLong(s);
        throw ServerErrors.error(ServerErrors.INVALID_REQUEST, key + " must be a non-negative integer", "value", v);
    }

    static Integer optionalInt(Map<?, ?> body, Keyword key) {
        Object v = body.get(key);
        if (v == null) return null;
        if (v instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) return (int) (long) l;
        if (v instanceof String s && s.matches("\\d{1,9}")) return Integer.parseInt(s);
        throw ServerErrors.error(ServerErrors.INVALID_REQUEST, key + " must be a non-negative integer", "value", v);
    }

    /** {@code true}, {@code false} or absent (false); anything else is refused, not read as false. */
    static boolean queryBoolean(String text, String name) {
        if (text == null || text.isBlank() || text.equals("false")) return false;
        if (text.equals("true")) return true;
        throw ServerErrors.error(ServerErrors.INVALID_REQUEST, name + " must be true or false", "value", text);
    }

    static Long queryLong(String text, String name) {
        if (text == null || text.isBlank()) return null;
        try {
            long v = Long.parseLong(text.trim());
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ServerErrors.error(ServerErrors.INVALID_REQUEST, name + " must be a non-negative integer", "value", text);
    }
}
