package io.accrete.client;

import java.net.HttpCookie;

/**
 * The server's read-your-writes cookie, {@code accrete-basis-t=<db>:<t>}, set by every
 * {@code /transact}. The SDK reads it rather than keeping a cookie jar: it sends the basis as
 * {@code X-Basis-T} itself, which also works when the next request goes to another host.
 */
final class BasisCookie {
    static final String NAME = "accrete-basis-t";

    private BasisCookie() {}

    static boolean matches(HttpCookie c, String db) {
        if (!c.getName().equals(NAME)) return false;
        String v = c.getValue();
        int colon = v.lastIndexOf(':');
        return colon > 0 && v.substring(0, colon).equals(db);
    }

    static String value(HttpCookie c) {
        String v = c.getValue();
        return v.substring(v.lastIndexOf(':') + 1);
    }
}
