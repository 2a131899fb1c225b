package io.accrete.client;

import java.net.HttpCookie;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a server answer: the decoded body on success, the server's error as an exception otherwise. */
final class Responses {
    private Responses() {}

    static final Keyword CATEGORY = Keyword.of("category");
    static final Keyword MESSAGE = Keyword.of("message");
    static final Keyword DATA = Keyword.of("data");

    static Object handle(HttpAnswer resp, Request r, BasisTracker basis) {
        int status = resp.status();
        byte[] body = resp.body();
        String type = resp.firstValue("Content-Type").orElse("");
        if (r.dbName() != null) resp.firstValue(Transport.DB_HEADER).ifPresent(id -> basis.observe(r.dbName(), id));
        if (status >= 200 && status < 300) {
            trackBasis(resp, r.dbName(), basis);
            if (body == null || body.length == 0) return null;
            if (!type.startsWith(Request.TRANSIT)) {
                throw new AccreteException(AccreteException.INVALID_RESPONSE, "expected transit+json, got "
                        + (type.isEmpty() ? "no Content-Type" : type) + ": " + snippet(body), Map.of(), status, null);
            }
            try {
                return TransitCodec.decode(body);
            } catch (RuntimeException e) {
                throw new AccreteException(AccreteException.INVALID_RESPONSE, "unreadable transit from the server: "
                        + e.getMessage(), Map.of(), status, e);
            }
        }
        throw error(status, type, body, r);
    }

    static AccreteException error(int status, String type, byte[] body, Request r) {
        Object decoded = null;
        if (type.startsWith(Request.TRANSIT) && body != null && body.length > 0) {
            try {
                decoded = TransitCodec.decode(body);
            } catch (RuntimeException ignored) {
                // Fall through to a category derived from the status: the body is only a detail.
            }
        }
        return error(status, decoded, r.write(), "HTTP " + status + (body == null || body.length == 0 ? "" : ": " + snippet(body)));
    }

    /**
     * The exception for an error answer {@code {:category … :message … :data …}}; what it lacks
     * comes from the status and {@code fallbackMessage}. For a {@code write}, a 5xx other than 503
     * means the transaction's outcome is unknown.
     */
    static AccreteException error(int status, Object decoded, boolean write, String fallbackMessage) {
        Keyword category = null;
        String message = null;
        Map<Keyword, Object> data = Map.of();
        if (decoded instanceof Map<?, ?> m) {
            if (m.get(CATEGORY) instanceof Keyword k) category = k;
            if (m.get(MESSAGE) instanceof String s) message = s;
            if (m.get(DATA) instanceof Map<?, ?> d) data = keywordKeys(d);
        }
        if (category == null) category = byStatus(status);
        if (message == null) message = fallbackMessage;
        if (write && status >= 500 && status != 503) {
            // A timeout (504) means the server gave up waiting, not that the transaction did; a
            // fault (500, or a proxy's 502) may have struck after it was submitted, or while its
            // refused batch still reached the disk. Only a 503 (not taken) is a sure no. Say so,
            // and keep the server's words.
            Map<Keyword, Object> d = new HashMap<>(data);
            d.put(Keyword.of("server-category"), category);
            return new AccreteException(AccreteException.OUTCOME_UNKNOWN, message
                    + " (the transaction may or may not have been applied)", d, status, null);
        }
        return new AccreteException(category, message, data, status, null);
    }

    private static Keyword byStatus(int status) {
        return switch (status) {
            case 404 -> Keyword.of("db.error/not-found");
            case 409 -> Keyword.of("db.error/conflict");
            case 503 -> Keyword.of("db.error/unavailable");
            case 504 -> Keyword.of("db.error/timeout");
            case 400, 422 -> Keyword.of("db.error/incorrect");
            default -> Keyword.of("db.error/http-" + status);
        };
    }

    private static Map<Keyword, Object> keywordKeys(Map<?, ?> m) {
        Map<Keyword, Object> out = new HashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getKey() instanceof Keyword k) out.put(k, e.getValue());
        }
        return out;
    }

    /**
     * Picks up the basis the server announces, from an {@code X-Basis-T} header or its basis
     * cookie, so that reads after someone else's sync still never go backwards.
     */
    private static void trackBasis(HttpAnswer resp, String db, BasisTracker basis) {
        if (db == null) return;
        resp.firstValue(Transport.BASIS_HEADER).ifPresent(v -> advance(basis, db, v));
        for (String header : resp.allValues("Set-Cookie")) {
            List<HttpCookie> cookies;
            try {
                cookies = HttpCookie.parse(header);
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (HttpCookie c : cookies) {
                if (BasisCookie.matches(c, db)) advance(basis, db, BasisCookie.value(c));
            }
        }
    }

    private static void advance(BasisTracker basis, String db, String value) {
        if (value == null) return;
        try {
            basis.advance(db, Long.parseLong(value.trim()));
        } catch (NumberFormatException ignored) {
            // Not ours to judge: a cookie we cannot read simply does not move the basis.
        }
    }

    private static String snippet(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
