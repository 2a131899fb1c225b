package io.accrete.engine.pull;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.Errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Datomic's {@code pull} and {@code pull-many}. Patterns are data (vectors, maps, keywords,
 * symbols as read from EDN or transit) or EDN text; entity ids are ids, ident keywords or lookup
 * refs. Results are unmodifiable maps, cardinality-many values vectors, absent attributes left
 * out, and an empty result is null.
 *
 * <p>The declared key type is {@code Keyword} because that is what keys are unless the pattern
 * renames them with {@code :as}, which may use any value (Datomic's {@code :as "Name"}).
 */
public final class Pull {
    /** Distinct pattern forms kept parsed; a full cache is dropped whole, which is rare and cheap. */
    static final int CACHE_SIZE = 2048;
    private static final Map<Object, PullPattern> CACHE = new ConcurrentHashMap<>();

    private Pull() {}

    /** The entity's map as {@code pattern} selects it, or null when it selects nothing. */
    public static Map<Keyword, Object> pull(Db db, Object pattern, Object eid) {
        return pull(db, parse(pattern), eid);
    }

    public static Map<Keyword, Object> pull(Db db, PullPattern pattern, Object eid) {
        if (pattern == null) throw Errors.error(Errors.INVALID_PULL, "A pull pattern is required");
        checkReadable(db);
        return pullOne(db, pattern, eid);
    }

    /**
     * One entity's map; for an entity that names nothing (an unknown ident or lookup ref, a negative
     * id) what Datomic answers: the :db/id the pattern asks for, or nothing.
     */
    private static Map<Keyword, Object> pullOne(Db db, PullPattern pattern, Object eid) {
        if (eid == null) return null;
        Long e = entityId(db, eid);
        if (e != null) return run(new PullEvaluator(db), pattern, e);
        return pattern.yieldsId() ? Collections.singletonMap(Keyword.of("db/id"), eid instanceof Number n ? n.longValue() : null) : null;
    }

    /**
     * {@link #pull} as a query's {@code (pull ?e pattern)} does it. The one difference, as in
     * Datomic, is that recursion counts the root as already seen, so a cycle back to it ends there.
     */
    public static Map<Keyword, Object> pullInQuery(Db db, PullPattern pattern, Object eid) {
        if (pattern == null) throw Errors.error(Errors.INVALID_PULL, "A pull pattern is required");
        checkReadable(db);
        Long e = entityId(db, eid);
        if (e == null) return null;
        return run(new PullEvaluator(db, true), pattern, e);
    }

    /** One result per entity id, in order; null where {@link #pull} would give null. */
    public static List<Map<Keyword, Object>> pullMany(Db db, Object pattern, List<?> eids) {
        if (eids == null) throw Errors.error(Errors.INVALID_ARGUMENT, "pullMany needs a list of entities");
        PullPattern p = parse(pattern);
        checkReadable(db);
        List<Map<Keyword, Object>> out = new ArrayList<>(eids.size());
        for (Object eid : eids) out.add(pullOne(db, p, eid));
        return Collections.unmodifiableList(out);
    }

    /**
     * The parsed form of a pattern, from a cache keyed by the form itself (data forms compare by
     * value, so equal patterns built separately share one parse). Callers must not mutate a
     * pattern collection after handing it over.
     */
    public static PullPattern parse(Object pattern) {
        if (pattern instanceof PullPattern p) return p;
        if (pattern == null) throw Errors.error(Errors.INVALID_PULL, "A pull pattern is required");
        PullPattern p = CACHE.get(pattern);
        if (p != null) return p;
        p = PatternParser.parse(pattern);
        if (CACHE.size() >= CACHE_SIZE) CACHE.clear();
        CACHE.put(pattern, p);
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<Keyword, Object> run(PullEvaluator ev, PullPattern p, long e) {
        try {
            return (Map<Keyword, Object>) (Map<?, ?>) ev.pull(e, p);
        } catch (StackOverflowError so) {
            throw Errors.error(Errors.INVALID_PULL, "Pull nests too deep for this thread's stack; use a recursion limit", p.form());
        }
    }

    /** Datomic refuses pull and entity on history values: one attribute may hold many values there. */
    static void checkReadable(Db db) {
        if (db == null) throw Errors.error(Errors.INVALID_ARGUMENT, "A database is required");
        if (db.isHistory()) throw Errors.error(Errors.INVALID_ARGUMENT, "Can't pull from a history database");
    }

    /**
     * The id an entity designator names; null when an ident or lookup ref finds nothing. As in
     * Datomic, an ident may be given as its text with the colon (":p/name"; "p/name" is not-a-keyword).
     */
    static Long entityId(Db db, Object eid) {
        if (eid instanceof Entity en) return en.id();
        if (eid instanceof Long || eid instanceof Integer || eid instanceof Short || eid instanceof Byte
                || eid instanceof Keyword || eid instanceof String || eid instanceof List<?>) return db.entid(eid);
        throw Errors.error(Errors.NOT_AN_ENTITY, "Cannot interpret as an entity id (expected an id, an ident or a lookup ref)", eid);
    }
}
