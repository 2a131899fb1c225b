package io.accrete.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** URL paths and query strings for the server's per-database routes. */
final class Paths {
    private Paths() {}

    static String database(String name) { return "/databases/" + segment(name); }

    static String of(String db, String route) { return database(db) + route; }

    static String segment(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }

    static String param(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    /** A query string from alternating names and values; null values are left out. */
    static String query(Object... namesAndValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object v = namesAndValues[i + 1];
            if (v == null) continue;
            sb.append(sb.length() == 0 ? '?' : '&').append(namesAndValues[i]).append('=').append(param(String.valueOf(v)));
        }
        return sb.toString();
    }
}
