package io.accrete.engine.query;

import io.accrete.engine.data.Symbol;
import io.accrete.engine.query.QueryModel.*;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.accrete.engine.query.QueryModel.isVar;

/**
 * Chooses the order clauses run in. Datomic runs them as written; here, at each step, the
 * ready clause with the lowest estimated cost runs next: filters (predicates, {@code not}) as
 * soon as their variables are bound, then the pattern that reads the fewest datoms given the
 * index counts and the values already bound, with {@code or} and rules after the patterns that
 * bind their inputs. Evaluation is conjunctive, so the order mostly decides only how many tuples
 * are touched. The exception is Datomic's: a pattern with only its value known reads references
 * alone (VAET), so like Datomic's planner this one runs it after whatever binds its entity or
 * attribute.
 */
final class QueryPlanner {
    private QueryPlanner() {}

    private static final double DEFERRED = 1e15;

    /**
     * The next clause to run, or null when none is ready (an insufficient-binding error). Costs
     * are only estimated when there is a choice: with a single ready clause (every step of a
     * one-clause query such as a unique lookup, and the last step of any query) the index counts
     * could not change the answer, and estimating them was a tenth of a cached lookup's time.
     */
    static Clause choose(List<Clause> remaining, Bindings b, Scope scope, Map<Clause, PatternScan> scans) {
        Clause first = null;
        Clause best = null;
        double bestCost = Double.MAX_VALUE;
        for (Clause c : remaining) {
            if (!ready(c, b::bound, scope.rules())) continue;
            if (first == null) {
                first = c;
                continue;
            }
            if (best == null) {
                best = first;
                bestCost = cost(first, b, scope, scans);
            }
            double cost = cost(c, b, scope, scans);
            if (cost < bestCost) { best = c; bestCost = cost; }
        }
        return best != null ? best : first;
    }

    private static double cost(Clause c, Bindings b, Scope scope, Map<Clause, PatternScan> scans) {
        if (c instanceof Predicate) return -3;
        if (c instanceof Not) return -2;
        if (c instanceof FnCall) return -1;
        if (c instanceof Or or) return joinCost(or.joinVars(), b);
        if (c instanceof Pattern p) {
            PatternScan ps = scans.computeIfAbsent(p, k -> new PatternScan(p, scope.source(p.src(), p.form())));
            // Run now it would read only references (VAET); later, with its entity or attribute bound, any value.
            if (ps.readsReferencesOnly(b::bound)) return DEFERRED;
            double scan = ps.estimate();
            Relation r = boundRelation(ps.outVars, b);
            if (r == null) return scan;
            if (r.rows.isEmpty()) return 0;
            double perLookup = ps.estimateWith(r, r.rows.get(0));
            return Math.min(scan, r.size() * (perLookup + 1.0));
        }
        RuleCall rc = (RuleCall) c;
        List<Symbol> vs = new ArrayList<>();
        boolean constant = false;
        for (Object a : rc.args()) {
            if (isVar(a)) vs.add((Symbol) a);
            else if (a != QueryModel.BLANK) constant = true;
        }
        double jc = joinCost(vs, b);
        return constant ? Math.min(jc, 1e6) : jc;
    }

    /** Compound clauses are cheap once an input is bound, and run last otherwise. */
    private static double joinCost(List<Symbol> vars, Bindings b) {
        double n = -1;
        for (Symbol v : vars) {
            Relation r = b.relOf(v);
            if (r != null) n = Math.max(n, r.size());
        }
        return n < 0 ? DEFERRED : 1e3 + n * 10;
    }

    /** The single part holding the pattern's bound variables, or null when none is bound. */
    private static Relation boundRelation(Symbol[] vars, Bindings b) {
        Relation found = null;
        for (Symbol v : vars) {
            Relation r = b.relOf(v);
            if (r == null) continue;
            if (found == null) found = r;
            else if (found != r) return found.size() >= r.size() ? found : r;
        }
        return found;
    }

    // ---- readiness ---------------------------------------------------------------------------

    static boolean ready(Clause c, java.util.function.Predicate<Symbol> bound, Rules rules) {
        return missing(c, bound, rules) == null;
    }

    /** A variable the clause needs bound but is not, or null when it can run. */
    static Symbol missing(Clause c, java.util.function.Predicate<Symbol> bound, Rules rules) {
        if (c instanceof Pattern) return null;
        if (c instanceof Predicate p) return firstUnbound(p.args(), bound);
        if (c instanceof FnCall f) return firstUnbound(f.args(), bound);
        if (c instanceof Not n) return firstUnbound(new ArrayList<>(n.joinVars()), bound);
        if (c instanceof Or or) return firstUnbound(new ArrayList<>(or.required()), bound);
        RuleCall rc = (RuleCall) c;
        if (rules == null) return null;
        for (int i : rules.requiredPositions(rc)) {
            Object a = rc.args().get(i);
            if (a == QueryModel.BLANK) return QueryModel.BLANK;
            if (isVar(a) && !bound.test((Symbol) a)) return (Symbol) a;
        }
        return null;
    }

    private static Symbol firstUnbound(List<?> args, java.util.function.Predicate<Symbol> bound) {
        for (Object a : args) if (isVar(a) && !bound.test((Symbol) a)) return (Symbol) a;
        return null;
    }

    static void outputs(Clause c, Set<Symbol> out) {
        if (c instanceof Pattern || c instanceof RuleCall) QueryParser.clauseVars(c, out);
        else if (c instanceof FnCall f) QueryParser.bindingVars(f.binding(), out);
        else if (c instanceof Or or) out.addAll(or.joinVars());
    }

    /**
     * Checks before evaluation that some order binds every variable each clause needs, so that
     * a malformed query fails the same way whatever the data; throws naming the first clause
     * that can never run.
     */
    static void checkBindable(List<Clause> clauses, Set<Symbol> initiallyBound, Rules rules) {
        Set<Symbol> bound = new LinkedHashSet<>(initiallyBound);
        List<Clause> left = new ArrayList<>(clauses);
        boolean progress = true;
        while (!left.isEmpty() && progress) {
            progress = false;
            for (int i = 0; i < left.size(); i++) {
                Clause c = left.get(i);
                if (!ready(c, bound::contains, rules)) continue;
                outputs(c, bound);
                left.remove(i--);
                progress = true;
            }
        }
        if (!left.isEmpty()) throw insufficient(left.get(0), bound::contains, rules);
        for (Clause c : clauses) {
            if (c instanceof Not n) {
                checkBindable(n.body(), new LinkedHashSet<>(n.joinVars()), rules);
            } else if (c instanceof Or or) {
                Set<Symbol> in = new LinkedHashSet<>(or.joinVars());
                in.retainAll(bound);
                for (List<Clause> br : or.branches()) checkBindable(br, in, rules);
            }
        }
    }

    static RuntimeException insufficient(Clause c, java.util.function.Predicate<Symbol> bound, Rules rules) {
        Symbol v = missing(c, bound, rules);
        String what = c instanceof Predicate ? "predicate" : c instanceof FnCall ? "function expression"
                : c instanceof Not ? "not clause" : c instanceof Or ? "or-join clause (required variable)"
                : c instanceof RuleCall ? "rule invocation (required variable)" : "clause";
        return QueryErrors.error(QueryErrors.INSUFFICIENT_BINDING,
                "Insufficient binding: " + v + " is not bound in " + what, c.form());
    }

    static Map<Clause, PatternScan> newScanCache() {
        return new IdentityHashMap<>();
    }
}
