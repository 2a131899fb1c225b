package io.accrete.client;

import java.util.Collection;
import java.util.Map;

/**
 * EDN text the user wrote (a query, selector or tx-data given as a string), spliced verbatim
 * into a request body. A body containing one is sent as {@code application/edn} so the server
 * parses the text exactly as written: the SDK has no EDN reader of its own, on purpose.
 */
record RawEdn(String text) {

    static boolean containsRaw(Object body) {
        if (body instanceof RawEdn) return true;
        if (body instanceof Map<?, ?> m) {
            for (Object v : m.values()) if (containsRaw(v)) return true;
        } else if (body instanceof Collection<?> c) {
            for (Object v : c) if (containsRaw(v)) return true;
        }
        return false;
    }

    @Override public String toString() { return text; }
}
