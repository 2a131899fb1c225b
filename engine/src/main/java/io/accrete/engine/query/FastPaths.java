package io.accrete.engine.query;

import io.accrete.engine.data.Symbol;
import io.accrete.engine.query.QueryModel.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.accrete.engine.query.QueryModel.isSrc;
import static io.accrete.engine.query.QueryModel.isVar;

/**
 * Counting queries over one pattern and predicates on its variables, e.g.
 * {@code [:find ?c (count ?p) :where [?p :person/city ?c]]}: the datoms stream through the
 * predicates into per-group counters, with no tuple ever materialized. Applies only when the
 * pattern's rows are already distinct over the find variables (its key is among them), so the
 * count equals what the general path computes.
 */
final class FastPaths {
    private FastPaths() {}

    /** The result tuples, or null when the query is not of this shape. */
    static List<List<Object>> countOverOnePattern(ParsedQuery q, Bindings b, Scope scope) {
        FindSpec spec = q.find();
        if (!spec.hasAggregates() || !b.rels.isEmpty()) return null;
        Pattern pattern = null;
        List<Predicate> preds = new ArrayList<>();
        for (Clause c : q.where()) {
            if (c instanceof Pattern p && pattern == null) pattern = p;
            else if (c instanceof Predicate p) preds.add(p);
            else return null;
        }
        if (pattern == null) return null;
        Source src = scope.source(pattern.src(), pattern.form());
        if (!(src instanceof Source.DbSource)) return null;
        PatternScan ps = new PatternScan(pattern, src);
        if (!ps.isDistinct()) return null;
        List<Symbol> out = Arrays.asList(ps.outVars);
        Set<Symbol> needed = new LinkedHashSet<>(q.with());
        for (FindElement e : spec.elements()) {
            if (e instanceof PullElement) return null;
            if (e instanceof AggregateElement a && !Aggregates.isCount(a.fn())) return null;
            needed.add(FindResult.varOf(e));
        }
        if (!out.containsAll(needed) || !needed.containsAll(Arrays.asList(ps.keyVars()))) return null;
        for (Predicate p : preds) {
            for (Object a : p.args()) if ((isVar(a) && !out.contains(a)) || isSrc(a)) return null;
        }

        List<FindElement> els = spec.elements();
        List<Integer> groupCols = new ArrayList<>();
        for (FindElement e : els) if (!(e instanceof AggregateElement)) groupCols.add(out.indexOf(FindResult.varOf(e)));
        Filter[] filters = new Filter[preds.size()];
        for (int i = 0; i < filters.length; i++) filters[i] = new Filter(preds.get(i), out);

        Map<Object, long[]> counts = new HashMap<>();
        int single = groupCols.size() == 1 ? groupCols.get(0) : -1;
        ps.scanEach(scope.deadline(), row -> {
            for (Filter f : filters) if (!f.test(row)) return;
            Object key;
            if (groupCols.isEmpty()) key = Boolean.TRUE;
            else if (single >= 0) key = row[single];
            else {
                Object[] k = new Object[groupCols.size()];
                for (int i = 0; i < k.length; i++) k[i] = row[groupCols.get(i)];
                key = new Relation.Key(k);
            }
            long[] c = counts.get(key);
            if (c == null) counts.put(key, c = new long[1]);
            c[0]++;
        });

        List<List<Object>> tuples = new ArrayList<>(counts.size());
        for (Map.Entry<Object, long[]> en : counts.entrySet()) {
            Object[] t = new Object[els.size()];
            int g = 0;
            for (int i = 0; i < t.length; i++) {
                if (els.get(i) instanceof AggregateElement) {
                    t[i] = en.getValue()[0];
                } else {
                    Object k = en.getKey();
                    t[i] = single >= 0 ? k : ((Relation.Key) k).parts()[g];
                    g++;
                }
            }
            tuples.add(Collections.unmodifiableList(Arrays.asList(t)));
        }
        return tuples;
    }

    private static final class Filter {
        final QueryFunction fn;
        final Object[] template;
        final int[] cols;
        final Object form;

        Filter(Predicate p, List<Symbol> out) {
            fn = Functions.resolve(p.fn(), p.form());
            form = p.form();
            template = p.args().toArray();
            cols = new int[template.length];
            for (int i = 0; i < cols.length; i++) cols[i] = isVar(template[i]) ? out.indexOf(template[i]) : -1;
        }

        boolean test(Object[] row) {
            Object[] args = template.clone();
            for (int i = 0; i < cols.length; i++) if (cols[i] >= 0) args[i] = row[cols[i]];
            Object r;
            try {
                r = fn.apply(args);
            } catch (io.accrete.engine.error.AccreteException e) {
                throw e;
            } catch (RuntimeException e) {
                throw QueryErrors.error(QueryErrors.FUNCTION_FAILED,
                        "Function failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ") in", form);
            }
            return r != null && !Boolean.FALSE.equals(r);
        }
    }
}
