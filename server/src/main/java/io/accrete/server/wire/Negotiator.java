package io.accrete.server.wire;

import io.accrete.server.errors.ServerErrors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Content negotiation on Content-Type and Accept. A request without a Content-Type is read as
 * EDN (the reference format, and what curl users paste); a response without an Accept (or with
 * a wildcard) comes back in the request's format.
 */
public final class Negotiator {
    private Negotiator() {}

    public static final String SUPPORTED = "application/edn, application/transit+json, application/json";

    /** The format of a request body; 415 for anything else. */
    public static WireFormat requestFormat(String contentType) {
        if (contentType == null || contentType.isBlank()) return WireFormat.EDN;
        String type = mediaType(contentType);
        WireFormat f = WireFormat.forMediaType(type);
        if (f == null) {
            // curl -d sends a form unless told otherwise: the first mistake of nearly everyone.
            String hint = type.equals("application/x-www-form-urlencoded") ? " (curl -d sends a form: add -H 'Content-Type: application/edn')" : "";
            throw ServerErrors.error(ServerErrors.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported Content-Type " + type + "; send one of " + SUPPORTED + hint, "supported", List.of(SUPPORTED.split(", ")));
        }
        String charset = parameter(contentType, "charset");
        if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
            throw ServerErrors.error(ServerErrors.UNSUPPORTED_MEDIA_TYPE, "Only UTF-8 request bodies are read, not " + charset);
        }
        return f;
    }

    /** The best format the Accept header allows, {@code fallback} for a wildcard; null when none is acceptable. */
    public static WireFormat responseFormat(String accept, WireFormat fallback) {
        if (accept == null || accept.isBlank()) return fallback;
        List<String[]> ranges = new ArrayList<>();
        for (String part : accept.split(",")) {
            String type = mediaType(part);
            if (type.isEmpty()) continue;
            double q = 1.0;
            String qs = parameter(part, "q");
            if (qs != null) {
                try {
                    q = Double.parseDouble(qs);
                } catch (NumberFormatException e) {
                    q = 0;
                }
            }
            if (q > 0) ranges.add(new String[]{type, Double.toString(q)});
        }
        ranges.sort(Comparator.comparingDouble((String[] r) -> -Double.parseDouble(r[1])));
        for (String[] r : ranges) {
            if (r[0].equals("*/*") || r[0].equals("application/*")) return fallback;
            WireFormat f = WireFormat.forMediaType(r[0]);
            if (f != null) return f;
        }
        return null;
    }

    public static boolean accepts(String accept, String mediaType) {
        if (accept == null || accept.isBlank()) return true;
        for (String part : accept.split(",")) {
            String t = mediaType(part);
            if (t.equals("*/*") || t.equalsIgnoreCase(mediaType)) return true;
            if (t.endsWith("/*") && mediaType.startsWith(t.substring(0, t.length() - 1))) return true;
        }
        return false;
    }

    static String mediaType(String header) {
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    static String parameter(String header, String name) {
        String[] parts = header.split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
                return p.substring(eq + 1).trim().replace("\"", "");
            }
        }
        return null;
    }
}
