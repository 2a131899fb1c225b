package io.accrete.engine.query;

import io.accrete.engine.data.Symbol;
import io.accrete.engine.db.Db;
import io.accrete.engine.query.QueryModel.*;
import io.accrete.engine.storage.Log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Datomic's {@code q}: runs a Datalog query against its inputs.
 *
 * <p>The query is EDN text, a vector {@code [:find … :in … :where …]} or a map with those keys.
 * Inputs follow {@code :in} (default {@code [$]}): databases or collections of tuples for
 * sources, values for scalar/tuple/collection/relation bindings, a rule set for {@code %}.
 * Results: relation find → {@code Set<List<Object>>}; as in Datomic, a {@code List} with one row
 * per distinct binding (a bag) under {@code :with} without aggregates, and with a pull (two
 * entities pulled to equal maps are two rows); {@code [?x ...]} → {@code List};
 * {@code [?x ?y]} → {@code List} (null when nothing matched); {@code ?x .} → the value or null;
 * with {@code :keys/:strs/:syms} → maps. Entity ids are Longs.
 *
 * <p>Errors are {@link io.accrete.engine.error.AccreteException}s with the categories in
 * {@link QueryErrors}.
 */
public final class Query {
    private Query() {}

    public static Object q(Object query, Object... inputs) {
        return q(query, QueryOptions.NONE, inputs);
    }

    public static Object q(Object query, QueryOptions options, Object... inputs) {
        ParsedQuery pq = QueryCache.query(query);
        if (options == null) options = QueryOptions.NONE;
        if (inputs == null) inputs = new Object[]{null};
        // Without :in and without inputs there is no $: fine for queries that only bind
        // through functions, and any pattern then fails naming the missing source.
        if (pq.defaultIn() && inputs.length == 0) pq = withoutInputs(pq);
        // As Datomic: inputs beyond those :in names are ignored.
        if (inputs.length > pq.in().size()) inputs = java.util.Arrays.copyOf(inputs, pq.in().size());
        if (inputs.length < pq.in().size()) {
            throw QueryErrors.error(QueryErrors.TOO_FEW_INPUTS,
                    "Wrong number of inputs: the query's :in expects " + pq.in().size()
                    + " but " + inputs.length + " were given; :in is", inForms(pq));
        }
        Deadline deadline = Deadline.in(minTimeout(pq.timeoutMillis(), options.timeoutMillis()), options.cancelled());

        Db resolver = null;
        for (int i = 0; i < inputs.length; i++) {
            if (pq.in().get(i) instanceof BindSource s && inputs[i] instanceof Db db
                    && (resolver == null || s.name() == QueryModel.DEFAULT_SRC)) {
                resolver = db;
            }
        }
        Map<Symbol, Source> sources = new HashMap<>();
        Map<Symbol, Object> raw = new HashMap<>();
        Map<Symbol, Object> patterns = new HashMap<>();
        Rules rules = null;
        Bindings b = new Bindings();
        Set<Symbol> inputVars = new LinkedHashSet<>();
        for (int i = 0; i < inputs.length; i++) {
            Binding binding = pq.in().get(i);
            Object value = inputs[i];
            if (binding instanceof BindSource s) {
                // As in Datomic, a log may be bound to a source name for functions (tx-ids $ …) to
                // read; only a pattern on it is refused (Scope.source).
                if (!(value instanceof Log)) sources.put(s.name(), Source.of(value, resolver, s.name()));
                raw.put(s.name(), value);
            } else if (binding instanceof BindRules) {
                if (value == null) throw QueryErrors.invalid("Rules input (%) is nil", inForms(pq));
                rules = new Rules(QueryCache.rules(value));
            } else if (binding instanceof BindPatternName p) {
                patterns.put(p.name(), value);
            } else {
                List<Symbol> vars = Binder.vars(binding);
                inputVars.addAll(vars);
                List<Object[]> rows = Binder.rows(binding, vars, value, inForms(pq).get(i));
                Relation rel = new Relation(vars.toArray(new Symbol[0]), rows, false);
                if (vars.isEmpty()) {
                    if (rows.isEmpty()) b.markEmpty();
                } else {
                    b.add(rel.project(vars, deadline), deadline);
                }
            }
        }
        Scope scope = new Scope(sources, raw, QueryModel.DEFAULT_SRC, rules, deadline);
        QueryPlanner.checkBindable(pq.where(), inputVars, rules);
        List<List<Object>> counted = FastPaths.countOverOnePattern(pq, b, scope);
        if (counted != null) return FindResult.shape(pq, counted, options);
        List<Symbol> outputs = new ArrayList<>(pq.with());
        for (FindElement e : pq.find().elements()) outputs.add(FindResult.varOf(e));
        Evaluator.run(pq.where(), b, scope, outputs);
        return FindResult.build(pq, b, scope, patterns, options);
    }

    private static ParsedQuery withoutInputs(ParsedQuery pq) {
        return new ParsedQuery(pq.form(), pq.find(), pq.returnMap(), pq.with(), List.of(), true, pq.where(), pq.timeoutMillis());
    }

    /** Drops every cached parse (for tests and after registering functions that change meaning). */
    public static void clearCache() {
        QueryCache.clear();
    }

    private static Long minTimeout(Long a, Long b) {
        if (a == null || a <= 0) return b;
        if (b == null || b <= 0) return a;
        return Math.min(a, b);
    }

    private static List<Object> inForms(ParsedQuery pq) {
        List<Object> out = new ArrayList<>();
        for (Binding b : pq.in()) out.add(describe(b));
        return out;
    }

    private static Object describe(Binding b) {
        if (b instanceof BindSource s) return s.name();
        if (b instanceof BindRules) return QueryModel.RULES_VAR;
        if (b instanceof BindPatternName p) return p.name();
        if (b instanceof BindScalar s) return s.var();
        if (b instanceof BindIgnore) return QueryModel.BLANK;
        if (b instanceof BindTuple t) {
            List<Object> l = new ArrayList<>();
            for (Binding x : t.items()) l.add(describe(x));
            return l;
        }
        BindColl c = (BindColl) b;
        Object item = describe(c.item());
        return c.item() instanceof BindTuple ? List.of(item) : List.of(item, QueryModel.ELLIPSIS);
    }
}
