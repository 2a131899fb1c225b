package io.accrete.engine.query;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.db.Db;
import io.accrete.engine.pull.Pull;
import io.accrete.engine.pull.PullPattern;
import io.accrete.engine.query.QueryModel.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the final bindings into the shape the find spec asks for: distinct tuples over the find
 * and {@code :with} variables, grouped and aggregated when there are aggregates, pulled where
 * there are pull expressions, then a set of tuples (a list under :with or with pull), a
 * collection, a tuple, a scalar, or maps.
 */
final class FindResult {
    private FindResult() {}

    static Object build(ParsedQuery q, Bindings b, Scope scope, Map<Symbol, Object> patternInputs,
                        QueryOptions options) {
        Deadline d = scope.deadline();
        FindSpec spec = q.find();
        List<Symbol> needed = new ArrayList<>();
        for (FindElement e : spec.elements()) addVar(needed, varOf(e));
        for (Symbol w : q.with()) addVar(needed, w);
        List<List<Object>> tuples;
        if (b.empty()) {
            tuples = List.of();
        } else {
            for (Symbol v : needed) {
                if (!b.bound(v)) throw QueryErrors.error(QueryErrors.UNBOUND_VARIABLE, "Query is referencing unbound variable " + v + " in", q.form());
            }
            Relation r = b.takeOrUnit(needed, d);
            for (Relation other : b.rels) if (other.rows.isEmpty()) { r = new Relation(r.vars, new ArrayList<>(), true); break; }
            Relation rel = r.project(needed, d);
            tuples = spec.hasAggregates() ? aggregate(spec, rel, d) : plain(spec, rel, !q.with().isEmpty());
        }
        tuples = pull(spec, tuples, scope, patternInputs, q.form());
        return shape(q, tuples, options);
    }

    private static void addVar(List<Symbol> vs, Symbol v) {
        if (!vs.contains(v)) vs.add(v);
    }

    static Symbol varOf(FindElement e) {
        if (e instanceof VarElement v) return v.var();
        if (e instanceof AggregateElement a) return a.var();
        return ((PullElement) e).var();
    }

    /**
     * The find tuples of the distinct find-and-with tuples. Without aggregates, {@code :with}
     * makes the answer a bag, as in Datomic: a value shared by two ?with bindings shows twice.
     */
    private static List<List<Object>> plain(FindSpec spec, Relation rel, boolean bag) {
        int[] cols = new int[spec.elements().size()];
        for (int i = 0; i < cols.length; i++) cols[i] = rel.indexOf(varOf(spec.elements().get(i)));
        boolean identity = cols.length == rel.vars.length;
        for (int i = 0; identity && i < cols.length; i++) identity = cols[i] == i;
        List<List<Object>> out = new ArrayList<>(rel.size());
        Set<List<Object>> seen = identity || bag ? null : new LinkedHashSet<>();
        for (Object[] row : rel.rows) {
            Object[] t = new Object[cols.length];
            for (int i = 0; i < cols.length; i++) t[i] = row[cols[i]];
            List<Object> l = Collections.unmodifiableList(Arrays.asList(t));
            if (seen == null || seen.add(l)) out.add(l);
        }
        return out;
    }

    /** Groups by the non-aggregate elements; counts stream, other aggregates collect their values. */
    /** An aggregate's value; one that cannot take the group's values (sum of strings) is the query's error, not a fault. */
    private static Object aggregate(AggregateElement a, List<Object> values) {
        try {
            return Aggregates.lookup(a.fn()).aggregate(a.args(), values);
        } catch (io.accrete.engine.error.AccreteException e) {
            throw e;
        } catch (RuntimeException e) {
            throw QueryErrors.error(QueryErrors.FUNCTION_FAILED, "Aggregate " + a.fn() + " failed (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ") in", a.form());
        }
    }

    private static List<List<Object>> aggregate(FindSpec spec, Relation rel, Deadline d) {
        List<FindElement> els = spec.elements();
        int n = els.size();
        List<Integer> groupIdx = new ArrayList<>();
        for (int i = 0; i < n; i++) if (!(els.get(i) instanceof AggregateElement)) groupIdx.add(i);
        int[] groupCols = groupIdx.stream().mapToInt(i -> rel.indexOf(varOf(els.get(i)))).toArray();
        int[] aggCols = new int[n];
        boolean[] countOnly = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (els.get(i) instanceof AggregateElement a) {
                aggCols[i] = rel.indexOf(a.var());
                countOnly[i] = Aggregates.isCount(a.fn());
            }
        }
        Map<Object, Group> groups = new LinkedHashMap<>();
        int k = 0;
        for (Object[] row : rel.rows) {
            if ((++k & 4095) == 0) d.check();
            Object key = groupCols.length == 0 ? Boolean.TRUE : Relation.key(row, groupCols);
            Group g = groups.get(key);
            if (g == null) {
                g = new Group(row, n, countOnly);
                groups.put(key, g);
            }
            g.count++;
            for (int i = 0; i < n; i++) if (g.values[i] != null) g.values[i].add(row[aggCols[i]]);
        }
        List<List<Object>> out = new ArrayList<>(groups.size());
        for (Group g : groups.values()) {
            Object[] t = new Object[n];
            for (int i = 0; i < n; i++) {
                FindElement e = els.get(i);
                if (e instanceof AggregateElement a) {
                    t[i] = countOnly[i] ? (Object) g.count : aggregate(a, g.values[i]);
                } else {
                    t[i] = g.first[rel.indexOf(varOf(e))];
                }
            }
            out.add(Collections.unmodifiableList(Arrays.asList(t)));
        }
        return out;
    }

    private static final class Group {
        final Object[] first;
        final List<Object>[] values;
        long count;

        @SuppressWarnings("unchecked")
        Group(Object[] first, int n, boolean[] countOnly) {
            this.first = first;
            this.values = new List[n];
            for (int i = 0; i < n; i++) if (!countOnly[i]) values[i] = new ArrayList<>();
        }
    }

    private static List<List<Object>> pull(FindSpec spec, List<List<Object>> tuples, Scope scope,
                                           Map<Symbol, Object> patternInputs, Object form) {
        if (!hasPull(spec) || tuples.isEmpty()) return tuples;
        int n = spec.elements().size();
        PullPattern[] patterns = new PullPattern[n];
        Db[] dbs = new Db[n];
        for (int i = 0; i < n; i++) {
            if (!(spec.elements().get(i) instanceof PullElement p)) continue;
            Object pattern = p.pattern();
            if (pattern instanceof Symbol s && !s.isVariable()) {
                if (!patternInputs.containsKey(s)) throw QueryErrors.invalid("Pull pattern " + s + " is not bound in :in", form);
                pattern = patternInputs.get(s);
                if (pattern instanceof String str) pattern = Edn.read(str);
            }
            Object src = scope.rawSource(p.src(), form);
            if (!(src instanceof Db db)) throw QueryErrors.error(QueryErrors.INVALID_DATA_SOURCE, "pull needs a database source in", form);
            patterns[i] = Pull.parse(pattern);
            dbs[i] = db;
        }
        List<List<Object>> out = new ArrayList<>(tuples.size());
        Map<Object, Object> cache = new HashMap<>();
        for (List<Object> t : tuples) {
            Object[] r = t.toArray();
            for (int i = 0; i < r.length; i++) {
                if (patterns[i] == null) continue;
                Object eid = r[i];
                int col = i;
                r[i] = cache.computeIfAbsent(List.of(i, eid), x -> Pull.pullInQuery(dbs[col], patterns[col], eid));
            }
            out.add(Collections.unmodifiableList(Arrays.asList(r)));
        }
        return out;
    }

    private static boolean hasPull(FindSpec spec) {
        for (FindElement e : spec.elements()) if (e instanceof PullElement) return true;
        return false;
    }

    static Object shape(ParsedQuery q, List<List<Object>> tuples, QueryOptions options) {
        FindSpec spec = q.find();
        if (options != null && options.pages() && (spec.kind() == FindKind.RELATION || spec.kind() == FindKind.COLLECTION)) {
            tuples = Paging.page(tuples, options);
        }
        ReturnMap rm = q.returnMap();
        switch (spec.kind()) {
            case SCALAR:
                return tuples.isEmpty() ? null : tuples.get(0).get(0);
            case TUPLE:
                if (tuples.isEmpty()) return null;
                return rm == null ? tuples.get(0) : toMap(rm, tuples.get(0));
            case COLLECTION: {
                List<Object> out = new ArrayList<>(tuples.size());
                for (List<Object> t : tuples) out.add(t.get(0));
                return Collections.unmodifiableList(out);
            }
            default: {
                // As Datomic, rows are distinct bindings, not distinct values: under :with (without
                // aggregates) a value shows once per binding, and two entities that pull to equal
                // maps are two rows. Such answers are bags (lists); the others are sets.
                if (!q.with().isEmpty() && !spec.hasAggregates() || hasPull(spec)) {
                    List<Object> bag = new ArrayList<>(tuples.size());
                    for (List<Object> t : tuples) bag.add(rm == null ? t : toMap(rm, t));
                    return Collections.unmodifiableList(bag);
                }
                Set<Object> out = new LinkedHashSet<>(Math.max(16, tuples.size() * 2));
                for (List<Object> t : tuples) out.add(rm == null ? t : toMap(rm, t));
                return Collections.unmodifiableSet(out);
            }
        }
    }

    private static Map<Object, Object> toMap(ReturnMap rm, List<Object> t) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < t.size(); i++) m.put(rm.keys().get(i), t.get(i));
        return Collections.unmodifiableMap(m);
    }
}
