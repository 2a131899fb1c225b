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
        throw Wire.invalid("a collection result (:find [?x ...])", result);
    }

    @SuppressWarnings("unchecked")
    static List<Object> tuple(Object result) {
        if (result == null) return null;
        if (result instanceof List<?> l) return (List<Object>) l;
        throw Wire.invalid("a tuple result (:find [?x ?y])", result);
    }

    @SuppressWarnings("unchecked")
    static Collection<List<Object>> relation(Object result) {
        if (result == null) return List.of();
        if (result instanceof Collection<?> c) {
            for (Object row : c) {
                if (!(row instanceof List<?>)) throw Wire.invalid("a relation result (:find ?x ?y)", result);
            }
            return (Collection<List<Object>>) c;
        }
        throw Wire.invalid("a relation result (:find ?x ?y)", result);
    }
}
