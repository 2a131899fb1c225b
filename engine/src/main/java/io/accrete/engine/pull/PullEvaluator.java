package io.accrete.engine.pull;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.Schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Applies a parsed pattern to one entity tree. One instance per top-level pull: it carries the
 * path from the root (cycle detection) and how deep each recursive spec has gone, both undone on
 * the way back up, so sibling branches do not see each other's state — Datomic's behaviour, where
 * the same entity reached by two branches is pulled fully in both.
 */
final class PullEvaluator {
    private static final Keyword DB_ID = PatternParser.DB_ID;
    /** Past this nesting the tree is almost surely a pathological chain; stop before the stack does. */
    static final int MAX_NESTING = 4000;

    private final Db db;
    private final Schema schema;
    private long[] path = new long[16];
    private int pathLen;
    private IdentityHashMap<AttrSpec, Integer> depths;
    /** Components being expanded as {@code [*]} on the way down (by a plain ref or a wildcard). */
    private long[] expanded = new long[8];
    private int expandedLen;

    /**
     * Whether the root counts as seen for cycles. Datomic's pull API leaves it out (a cycle back
     * to the root pulls it again in full), while a pull in a query's :find counts it.
     */
    private final boolean rootSeen;

    PullEvaluator(Db db) {
        this(db, false);
    }

    PullEvaluator(Db db, boolean rootSeen) {
        this.rootSeen = rootSeen;
        this.db = db;
        this.schema = db.schema();
    }

    /** The map for {@code e}, or null when the pattern selects nothing there. */
    Map<Object, Object> pull(long e, PullPattern p) {
        return entity(e, p, false);
    }

    /**
     * {@code reentered} marks an entity that recursion reached while it was already on the path
     * (the root only when {@link #rootSeen}): it is pulled once more, but its recursive attributes
     * give only stubs, which ends the cycle.
     */
    private Map<Object, Object> entity(long e, PullPattern p, boolean reentered) {
        if (pathLen >= MAX_NESTING) {
            throw Errors.error(Errors.INVALID_PULL, "Pull nests deeper than " + MAX_NESTING + " entities; use a recursion limit", p.form());
        }
        push(e);
        try {
            Map<Object, Object> out = new LinkedHashMap<>();
            if (p.yieldsId()) out.put(DB_ID, e);
            if (p.wildcard) wildcard(e, p, out);
            for (AttrSpec s : p.specs) {
                AttrSpec.Resolved r = s.resolve(db);
                Object v;
                if (r.attr() == null) v = null;
                else if (r.reverse()) v = reverse(e, s, r.attr(), p, reentered);
                else v = forward(e, s, r.attr(), p, reentered);
                put(out, s, v);
            }
            return out.isEmpty() ? null : Collections.unmodifiableMap(out);
        } finally {
            pathLen--;
        }
    }

    /** Applies :xform and :default; null means the attribute is missing. */
    private static void put(Map<Object, Object> out, AttrSpec s, Object v) {
        if (s.xform != null) v = xform(s, v);
        if (v == null && s.hasDefault) v = s.defaultValue;
        if (v != null) out.put(s.key, v);
    }

    private static Object xform(AttrSpec s, Object v) {
        Function<Object, Object> fn = Xforms.lookup(s.xform);
        if (fn == null) throw Errors.error(Errors.INVALID_PULL, "The :xform " + s.xform + " is no longer registered", s.form);
        try {
            return fn.apply(v);
        } catch (AccreteException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Errors.error(Errors.INVALID_PULL, "The :xform " + s.xform + " failed (" + e + ")", s.form);
        }
    }

    // ---- attributes --------------------------------------------------------------------------

    private void wildcard(long e, PullPattern p, Map<Object, Object> out) {
        Iterator<Datom> it = db.scan(Index.EAVT, e, Db.ANY_A, null);
        int current = Integer.MIN_VALUE;
        Attribute attr = null;
        List<Object> many = null;
        while (it.hasNext()) {
            Datom d = it.next();
            if (d.a() != current) {
                if (many != null) flushMany(out, attr, many);
                many = null;
                current = d.a();
                attr = schema.attribute(current);
                if (attr != null && overridden(p, attr)) attr = null;
                if (attr != null && attr.many()) many = new ArrayList<>();
            }
            if (attr == null) continue;
            if (many == null) {
                Object v = attr.isRef() ? plainRef((Long) d.v(), attr.component()) : d.v();
                if (v != null) out.put(attr.ident(), v);
            } else if (many.size() < AttrSpec.DEFAULT_LIMIT) {
                Object v = attr.isRef() ? plainRef((Long) d.v(), attr.component()) : d.v();
                if (v != null) many.add(v);
            }
        }
        if (many != null) flushMany(out, attr, many);
    }

    private static void flushMany(Map<Object, Object> out, Attribute attr, List<Object> many) {
        if (!many.isEmpty()) out.put(attr.ident(), Collections.unmodifiableList(many));
    }

    /** An explicit spec for a forward attribute replaces what {@code *} would give for it. */
    private boolean overridden(PullPattern p, Attribute attr) {
        for (AttrSpec s : p.specs) {
            AttrSpec.Resolved r = s.resolve(db);
            if (!r.reverse() && r.attr() == attr) return true;
        }
        return false;
    }

    private Object forward(long e, AttrSpec s, Attribute attr, PullPattern p, boolean reentered) {
        Iterator<Datom> it = db.scan(Index.EAVT, e, attr.id(), null);
        if (!attr.many()) {
            if (!it.hasNext()) return null;
            Object v = it.next().v();
            return attr.isRef() ? ref((Long) v, s, attr.component(), p, reentered) : v;
        }
        List<Object> out = new ArrayList<>();
        int taken = 0;
        while (taken < s.limit && it.hasNext()) {
            Object v = it.next().v();
            taken++;
            if (attr.isRef()) v = ref((Long) v, s, attr.component(), p, reentered);
            if (v != null) out.add(v);
        }
        return out.isEmpty() ? null : Collections.unmodifiableList(out);
    }

    /** Referrers through {@code attr}; a component has one owner, so that comes back as one map. */
    private Object reverse(long e, AttrSpec s, Attribute attr, PullPattern p, boolean reentered) {
        Iterator<Datom> it = db.scan(Index.VAET, Db.ANY_E, attr.id(), e);
        if (attr.component()) {
            return it.hasNext() ? ref(it.next().e(), s, false, p, reentered) : null;
        }
        List<Object> out = new ArrayList<>();
        int taken = 0;
        while (taken < s.limit && it.hasNext()) {
            Object v = ref(it.next().e(), s, false, p, reentered);
            taken++;
            if (v != null) out.add(v);
        }
        return out.isEmpty() ? null : Collections.unmodifiableList(out);
    }

    // ---- refs --------------------------------------------------------------------------------

    private Object ref(long target, AttrSpec s, boolean component, PullPattern p, boolean reentered) {
        if (s.sub != null) return entity(target, s.sub, false);
        if (s.recursion != AttrSpec.NO_RECURSION) return recurse(target, s, p, reentered);
        return plainRef(target, component);
    }

    /** The recursive pattern is the enclosing one; depth counts this spec's hops on the path. */
    private Object recurse(long target, AttrSpec s, PullPattern p, boolean reentered) {
        if (depths == null) depths = new IdentityHashMap<>();
        int depth = depths.getOrDefault(s, 0);
        if (reentered || (s.recursion != AttrSpec.UNBOUNDED && depth >= s.recursion)) return stub(target, p);
        boolean again = seen(target);
        depths.put(s, depth + 1);
        try {
            return entity(target, p, again);
        } finally {
            depths.put(s, depth);
        }
    }

    /**
     * A ref with no pattern of its own: components expand as {@code [*]} unless that would loop.
     * Datomic has no cycle check here (a component cycle overflows its stack) and expands a
     * component even when the pull came through it (from the root, or a nested pattern), so only
     * a component this same chain of expansions already opened is cut to a stub.
     */
    private Object plainRef(long target, boolean component) {
        if (!component) return idMap(target);
        for (int i = 0; i < expandedLen; i++) if (expanded[i] == target) return idMap(target);
        if (expandedLen == expanded.length) expanded = Arrays.copyOf(expanded, expandedLen * 2);
        expanded[expandedLen++] = target;
        try {
            return entity(target, PullPattern.WILDCARD, false);
        } finally {
            expandedLen--;
        }
    }

    private static Object stub(long target, PullPattern p) {
        return p.yieldsId() ? idMap(target) : null;
    }

    private static Map<Object, Object> idMap(long e) {
        return Collections.singletonMap(DB_ID, e);
    }

    // ---- path --------------------------------------------------------------------------------

    private void push(long e) {
        if (pathLen == path.length) path = Arrays.copyOf(path, pathLen * 2);
        path[pathLen++] = e;
    }

    private boolean seen(long e) {
        for (int i = pathLen - 1; i >= (rootSeen ? 0 : 1); i--) if (path[i] == e) return true;
        return false;
    }
}
