package io.accrete.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Shapes a raw query result for the typed helpers on {@link Connection}. */
final class QueryResults {
    private QueryResults() {}

    @SuppressWarnings("unchecked")
    static <T> List<T> collection(Object result) {
        if (result == null) return List.of();
        if (result instanceof List<?> l) return (List<T>) l;
        if (result instanceof Collection<?> c) return new ArrayList<>((Collection<T>) c);
        throw misused("qCollection", "a collection (:find [?x ...])", result);
    }

    @SuppressWarnings("unchecked")
    static List<Object> tuple(Object result) {
        if (result == null) return null;
        if (result instanceof List<?> l) return (List<Object>) l;
        throw misused("qTuple", "a tuple (:find [?x ?y])", result);
    }

    @SuppressWarnings("unchecked")
    static Collection<List<Object>> relation(Object result) {
        if (result == null) return List.of();
        if (result instanceof Collection<?> c) {
            for (Object row : c) {
                if (!(row instanceof List<?>)) throw misused("qRelation", "a relation (:find ?x ?y)", result);
            }
            return (Collection<List<Object>>) c;
        }
        throw misused("qRelation", "a relation (:find ?x ?y)", result);
    }

    /** The query's find spec gives another shape than the helper's: the caller's mistake, not the server's. */
    private static AccreteException misused(String helper, String expected, Object got) {
        String shown = String.valueOf(got);
        if (shown.length() > 200) shown = shown.substring(0, 200) + "…";
        return AccreteException.invalidRequest(helper + " takes a query whose answer is " + expected + ", but this one answered "
                + shown + "; use the helper for its find spec, or q");
    }
}
