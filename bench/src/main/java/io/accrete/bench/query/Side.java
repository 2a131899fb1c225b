package io.accrete.bench.query;

import java.util.Map;

/**
 * One database under test, loaded with a {@link Dataset}. The query methods are what the
 * benchmark times: each runs one already-parsed query and returns the system's raw answer.
 */
interface Side extends AutoCloseable {
    String name();

    /** Loads schema and people in transactions of {@link Dataset#TX_SIZE}; returns seconds taken. */
    double load(Dataset d) throws Exception;

    /** 1. {@code [:find ?e :in $ ?name :where [?e :person/name ?name]]}. */
    Object lookup(String name);

    /** 2. one hop through {@code :person/friend}. */
    Object oneHop(String name);

    /** 3. {@code [:find ?c (count ?p) :where [?p :person/city ?c]]}. */
    Object cityCounts();

    /** 4. {@code [:find (count ?p) . :where [?p :person/age ?a] [(< 30 ?a)] [(< ?a 40)]]}. */
    Object ageCount();

    /** 5. {@code (pull db '[*] e)} of person {@code i}. */
    Object pullAll(int i);

    /** 6. query 1 against the database as of the transaction before {@link Dataset#asOfBoundary()}. */
    Object lookupAsOf(String name);

    /** The entity id this system gave person {@code i}. */
    long eid(int i);

    /** The person index of entity id {@code e}, or -1. */
    int person(long e);

    /** The keys of a pulled map as EDN text (":person/name"). */
    default String keyText(Object k) { return k.toString(); }

    @Override void close();

    /** A pulled entity with keys as text and entity ids replaced by person names. */
    default Map<String, Object> normalizePull(Object pulled) {
        Map<String, Object> out = new java.util.HashMap<>();
        if (!(pulled instanceof Map<?, ?> m)) return null;
        for (Map.Entry<?, ?> en : m.entrySet()) {
            String k = keyText(en.getKey());
            Object v = en.getValue();
            if (k.equals(":db/id")) v = nameOf(v);
            else if (v instanceof Map<?, ?> ref) v = normalizePull(ref);
            out.put(k, v);
        }
        return out;
    }

    private String nameOf(Object e) {
        int i = e instanceof Number num ? person(num.longValue()) : -1;
        return i < 0 ? "?" + e : Dataset.name(i);
    }
}
