package io.accrete.server.http;

import io.accrete.server.errors.ServerErrors;
import io.javalin.http.Context;

/**
 * The basis-t a client has seen travels back with it: a cookie set by {@code /transact}
 * ({@code accrete-basis-t=<db>:<t>}, HttpOnly, SameSite=Lax, Path {@code /databases/<db>}, or
 * {@code /} for the default database, which the root paths serve), an {@code X-Basis-T} header,
 * or {@code :basis-t} in a body. Reads first wait until the node has the highest of them.
 */
public final class ReadYourWrites {
    public static final String COOKIE = "accrete-basis-t";
    public static final String HEADER = "X-Basis-T";
    /**
     * The database's identity ({@code Connection.databaseId()}), on every answer about a database;
     * a client sends back the one its basis-t belongs to, and a basis-t of another database (one
     * deleted and made again under the same name) is not waited for.
     */
    public static final String DB_HEADER = "X-Accrete-Db";

    private ReadYourWrites() {}

    public static void setCookie(Context ctx, String dbName, boolean isDefault, long t) {
        String path = isDefault ? "/" : "/databases/" + dbName;
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + dbName + ":" + t + "; Path=" + path + "; HttpOnly; SameSite=Lax");
    }

    /**
     * The highest basis-t the request carries for {@code dbName}, or -1. {@code X-Basis-T} counts
     * unless the request says it belongs to another database than {@code dbId}.
     */
    public static long requested(Context ctx, String dbName, String dbId) {
        long t = -1;
        String h = ctx.header(HEADER);
        String claimed = ctx.header(DB_HEADER);
        boolean sameDb = claimed == null || claimed.isBlank() || dbId == null || claimed.trim().equals(dbId);
        if (h != null && !h.isBlank() && sameDb) t = parseT(h.trim(), HEADER);
        String cookies = ctx.header("Cookie");
        if (cookies != null) {
            for (String part : cookies.split(";")) {
                String p = part.trim();
                if (!p.startsWith(COOKIE + "=")) continue;
                String v = p.substring(COOKIE.length() + 1);
                if (v.length() > 1 && v.charAt(0) == '"' && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
                int colon = v.lastIndexOf(':');
                // A cookie for another database, or one mangled by a client, is not this read's business.
                if (colon <= 0 || !v.substring(0, colon).equals(dbName)) continue;
                try {
                    t = Math.max(t, Long.parseLong(v.substring(colon + 1)));
                } catch (NumberFormatException e) {
                    // ignored, as above
                }
            }
        }
        return t;
    }

    public static long parseT(String s, String where) {
        try {
            long t = Long.parseLong(s);
            if (t >= 0) return t;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ServerErrors.error(ServerErrors.INVALID_REQUEST, where + " must be a t (a non-negative integer)", "value", s);
    }
}
