package io.accrete.engine.query;

import io.accrete.engine.data.Symbol;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.query.QueryModel.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.accrete.engine.query.QueryModel.isSrc;
import static io.accrete.engine.query.QueryModel.isVar;

/**
 * Evaluates a conjunction of clauses set-at-a-time: each step takes the clause the planner
 * picks and turns the current relations into new ones (index lookups or a scan plus hash join
 * for patterns, filters for predicates and {@code not}, unions for {@code or}, tabled
 * evaluation for rules).
 */
final class Evaluator {
    private Evaluator() {}

    /**
     * Runs a conjunction whose caller reads {@code outputs} from it (the find and with variables,
     * a rule's head, a not-join's or or-join's variables).
     */
    static Bindings run(List<Clause> clauses, Bindings b, Scope scope, Collection<Symbol> outputs) {
        Map<Clause, PatternScan> scans = QueryPlanner.newScanCache();
        List<Clause> remaining = new ArrayList<>(clauses);
        while (!remaining.isEmpty()) {
            if (b.empty()) return b;
            scope.deadline().check();
            Clause next = QueryPlanner.choose(remaining, b, scope, scans);
            if (next == null) throw QueryPlanner.insufficient(remaining.get(0), b::bound, scope.rules());
            remaining.remove(next);
            execute(next, b, scope, scans, v -> usedElsewhere(v, next, clauses, outputs));
        }
        return b;
    }

    /**
     * Whether {@code v} is read outside clause {@code c}: by another clause of the conjunction or
     * by its caller. A variable that a rule call or or-join leaves unbound may stay so only when
     * nothing reads it, as in Datomic (which fails when something does).
     */
    private static boolean usedElsewhere(Symbol v, Clause c, List<Clause> clauses, Collection<Symbol> outputs) {
        if (outputs.contains(v)) return true;
        Set<Symbol> vars = new HashSet<>();
        for (Clause other : clauses) if (other != c) QueryParser.clauseVars(other, vars);
        return vars.contains(v);
    }

    private static void execute(Clause c, Bindings b, Scope scope, Map<Clause, PatternScan> scans,
                                java.util.function.Predicate<Symbol> usedElsewhere) {
        if (c instanceof Pattern p) pattern(p, b, scope, scans);
        else if (c instanceof Predicate p) predicate(p, b, scope);
        else if (c instanceof FnCall f) fnCall(f, b, scope);
        else if (c instanceof Not n) not(n, b, scope);
        else if (c instanceof Or o) or(o, b, scope, usedElsewhere);
        else if (c instanceof RuleCall rc) {
            if (scope.rules() == null) throw QueryErrors.invalid("Unknown rule or function '" + rc.name() + "' (no rules were passed with %) in", rc.form());
            scope.rules().call(rc, b, scope, usedElsewhere);
        }
    }

    // ---- patterns ----------------------------------------------------------------------------

    private static void pattern(Pattern p, Bindings b, Scope scope, Map<Clause, PatternScan> scans) {
        Deadline d = scope.deadline();
        PatternScan ps = scans.computeIfAbsent(p, k -> new PatternScan(p, scope.source(p.src(), p.form())));
        List<Symbol> bound = new ArrayList<>();
        for (Symbol v : ps.outVars) if (b.bound(v)) bound.add(v);
        if (bound.isEmpty()) {
            b.add(ps.scan(d), d);
            return;
        }
        Relation r = b.take(bound, d);
        Relation matches;
        if (scope.source(p.src(), p.form()) instanceof Source.DbSource && !r.rows.isEmpty()) {
            // One row's lookup reads a subset of what the scan reads, so only larger inputs pay
            // for the four index descents that the two estimates take.
            boolean lookup = r.size() == 1 || ps.needsLookup(r)
                    || (double) r.size() * (ps.estimateWith(r, r.rows.get(0)) + 16) <= ps.estimate() + 16;
            matches = lookup ? ps.lookup(r, d) : ps.scan(d);
        } else {
            matches = r.rows.isEmpty() ? new Relation(ps.outVars, new ArrayList<>(), true) : ps.scan(d);
        }
        b.rels.add(Relation.join(r, matches, d));
    }

    // ---- predicates and functions ------------------------------------------------------------

    private static void predicate(Predicate p, Bindings b, Scope scope) {
        Deadline d = scope.deadline();
        QueryFunction f = Functions.resolve(p.fn(), p.form());
        Relation r = b.takeOrUnit(varsOf(p.args()), d);
        Call call = new Call(p.args(), r, scope, p.form());
        List<Object[]> kept = new ArrayList<>();
        int n = 0;
        for (Object[] row : r.rows) {
            if ((++n & 4095) == 0) d.check();
            Object res = call.invoke(f, row);
            if (res != null && !Boolean.FALSE.equals(res)) kept.add(row);
        }
        Relation out = new Relation(r.vars, kept, r.distinct).withKey(r.key);
        if (out.vars.length == 0 && kept.isEmpty()) b.markEmpty();
        else b.rels.add(out);
    }

    private static void fnCall(FnCall f, Bindings b, Scope scope) {
        Deadline d = scope.deadline();
        QueryFunction fn = Functions.resolve(f.fn(), f.form());
        List<Symbol> outVars = Binder.vars(f.binding());
        Set<Symbol> touched = new LinkedHashSet<>(varsOf(f.args()));
        for (Symbol v : outVars) if (b.bound(v)) touched.add(v);
        Relation r = b.takeOrUnit(touched, d);
        List<Symbol> newVars = new ArrayList<>();
        for (Symbol v : outVars) if (!r.has(v)) newVars.add(v);
        int[] outCols = new int[outVars.size()];
        for (int i = 0; i < outCols.length; i++) outCols[i] = r.indexOf(outVars.get(i));
        Symbol[] vars = Arrays.copyOf(r.vars, r.vars.length + newVars.size());
        for (int i = 0; i < newVars.size(); i++) vars[r.vars.length + i] = newVars.get(i);
        Call call = new Call(f.args(), r, scope, f.form());
        List<Object[]> out = new ArrayList<>();
        int n = 0;
        for (Object[] row : r.rows) {
            if ((++n & 4095) == 0) d.check();
            Object res = call.invoke(fn, row);
            if (res == null) continue;
            outer:
            for (Object[] bound : Binder.rows(f.binding(), outVars, res, f.form())) {
                Object[] nr = Arrays.copyOf(row, vars.length);
                int k = r.vars.length;
                for (int i = 0; i < outCols.length; i++) {
                    if (outCols[i] >= 0) {
                        if (!BuiltinFunctions.same(row[outCols[i]], bound[i])) continue outer;
                    } else {
                        nr[k++] = bound[i];
                    }
                }
                out.add(nr);
            }
        }
        boolean single = f.binding() instanceof BindScalar || f.binding() instanceof BindTuple;
        Relation res = new Relation(vars, out, r.distinct && single);
        if (res.distinct && r.key != null) res.key = r.key;
        if (res.vars.length == 0 && out.isEmpty()) b.markEmpty();
        else b.rels.add(res);
    }

    private static List<Symbol> varsOf(List<Object> args) {
        List<Symbol> out = new ArrayList<>();
        for (Object a : args) if (isVar(a) && !out.contains(a)) out.add((Symbol) a);
        return out;
    }

    /** Argument assembly for one expression clause: constants fixed, variables by column, sources resolved. */
    private static final class Call {
        private final Object[] template;
        private final int[] cols;
        private final Object form;

        Call(List<Object> args, Relation r, Scope scope, Object form) {
            this.form = form;
            template = new Object[args.size()];
            cols = new int[args.size()];
            for (int i = 0; i < template.length; i++) {
                Object a = args.get(i);
                cols[i] = -1;
                if (isVar(a)) cols[i] = r.indexOf((Symbol) a);
                else if (isSrc(a)) template[i] = scope.rawSource((Symbol) a, form);
                else template[i] = a;
            }
        }

        Object invoke(QueryFunction f, Object[] row) {
            Object[] args = template.clone();
            for (int i = 0; i < cols.length; i++) if (cols[i] >= 0) args[i] = row[cols[i]];
            try {
                return f.apply(args);
            } catch (AccreteException e) {
                throw e;
            } catch (RuntimeException e) {
                throw QueryErrors.error(QueryErrors.FUNCTION_FAILED,
                        "Function failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ") in", form);
            }
        }
    }

    // ---- not / or ----------------------------------------------------------------------------

    private static void not(Not n, Bindings b, Scope scope) {
        Deadline d = scope.deadline();
        Scope inner = scope.withDefault(n.src());
        List<Symbol> jv = n.joinVars();
        if (n.body().isEmpty() && jv.isEmpty()) return;   // (not) removes nothing, as in Datomic
        if (jv.isEmpty()) {
            Bindings res = run(n.body(), new Bindings(), inner, jv);
            if (!res.empty()) b.markEmpty();
            return;
        }
        Relation r = b.take(jv, d);
        Relation keys = r.project(jv, d);
        Bindings res = run(n.body(), new Bindings(keys), inner, jv);
        Relation matched = result(res, jv, d);
        b.rels.add(Relation.antiJoin(r, matched, jv));
    }

    private static void or(Or o, Bindings b, Scope scope, java.util.function.Predicate<Symbol> usedElsewhere) {
        Deadline d = scope.deadline();
        Scope inner = scope.withDefault(o.src());
        List<Symbol> jv = o.joinVars();
        List<Symbol> boundJ = new ArrayList<>();
        for (Symbol v : jv) if (b.bound(v)) boundJ.add(v);
        Relation r = boundJ.isEmpty() ? null : b.take(boundJ, d);
        Relation keys = r == null ? Relation.unit() : r.project(boundJ, d);
        List<Relation> parts = new ArrayList<>();
        List<Symbol> bound = new ArrayList<>(jv);
        for (List<Clause> branch : o.branches()) {
            Bindings res = run(branch, new Bindings(keys), inner, jv);
            Relation br = result(res, jv, d);
            if (br.rows.isEmpty()) continue;
            parts.add(br);
            bound.retainAll(List.of(br.vars));
        }
        // A join variable some branch leaves unbound stays unbound (Datomic's answer), if nothing reads it.
        for (Symbol v : jv) if (!bound.contains(v)) neverBound(v, usedElsewhere, o.form());
        Set<Relation.Key> seen = new HashSet<>();
        List<Object[]> rows = new ArrayList<>();
        for (Relation br : parts) {
            for (Object[] row : br.project(bound, d).rows) if (seen.add(new Relation.Key(row))) rows.add(row);
        }
        Relation u = new Relation(bound.toArray(new Symbol[0]), rows, true);
        if (r == null) b.add(u, d);
        else b.rels.add(Relation.join(r, u, d));
    }

    /**
     * The distinct tuples a finished conjunction produced over those of {@code vars} it bound: a
     * rule head or or-join variable that nothing in the body binds is left out (unbound).
     */
    static Relation result(Bindings res, List<Symbol> vars, Deadline d) {
        if (res.empty()) return new Relation(vars.toArray(new Symbol[0]), new ArrayList<>(), true);
        Relation r = res.takeOrUnit(vars, d);
        List<Symbol> bound = new ArrayList<>(vars.size());
        for (Symbol v : vars) if (r.has(v)) bound.add(v);
        return r.project(bound, d);
    }

    /** Refuses a variable a rule call or or-join leaves unbound when something else reads it. */
    static void neverBound(Symbol v, java.util.function.Predicate<Symbol> usedElsewhere, Object form) {
        if (usedElsewhere.test(v)) {
            throw QueryErrors.error(QueryErrors.INSUFFICIENT_BINDING, "Insufficient binding: " + v + " is never bound by", form);
        }
    }
}
