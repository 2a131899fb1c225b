package io.accrete.engine.query;

import io.accrete.engine.data.Symbol;
import io.accrete.engine.query.QueryModel.RuleCall;
import io.accrete.engine.query.QueryModel.RuleDef;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.accrete.engine.query.QueryModel.isVar;

/**
 * Rule evaluation for one query run. A call passes the values of its bound arguments down
 * (so {@code (ancestor "x" ?a)} explores from "x" only, and rules with required variables can
 * use functions on them). Recursion is handled by tabling: while a rule is being computed for a
 * binding pattern, a recursive call with the same pattern reads the table built so far and
 * adds its inputs to it; the outer computation repeats until neither the table nor its inputs
 * grow, which is the least fixpoint.
 */
final class Rules {
    private final Map<Symbol, List<RuleDef>> byName;
    private final Map<String, Table> inProgress = new HashMap<>();

    private static final class Table {
        final Set<List<Object>> inputs = new LinkedHashSet<>();
        final Set<List<Object>> rows = new LinkedHashSet<>();
        boolean changed;
    }

    Rules(List<RuleDef> defs) {
        Map<Symbol, List<RuleDef>> m = new LinkedHashMap<>();
        for (RuleDef d : defs) m.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d);
        for (Map.Entry<Symbol, List<RuleDef>> e : m.entrySet()) {
            int n = e.getValue().get(0).head().size();
            for (RuleDef d : e.getValue()) {
                if (d.head().size() != n) throw QueryErrors.invalid("All definitions of rule " + e.getKey() + " must have the same arity", d.form());
            }
        }
        this.byName = m;
    }

    /** Defined rule names. */
    Set<Symbol> names() { return byName.keySet(); }

    private List<RuleDef> defs(RuleCall rc) {
        List<RuleDef> defs = byName.get(rc.name());
        if (defs == null) throw QueryErrors.invalid("Unknown rule or function '" + rc.name() + "' in", rc.form());
        if (defs.get(0).head().size() != rc.args().size()) {
            throw QueryErrors.invalid("Rule " + rc.name() + " takes " + defs.get(0).head().size() + " arguments, called with "
                    + rc.args().size() + " in", rc.form());
        }
        return defs;
    }

    /** Argument positions some definition of the rule marks as required ({@code [?a]}). */
    Set<Integer> requiredPositions(RuleCall rc) {
        Set<Integer> out = new TreeSet<>();
        for (RuleDef d : defs(rc)) {
            for (int i = 0; i < d.head().size(); i++) if (d.required().contains(d.head().get(i))) out.add(i);
        }
        return out;
    }

    /**
     * Evaluates a call and joins its result into {@code b}. A variable of the call that the rule
     * leaves unbound (a head variable its body does not bind) stays unbound, as in Datomic, when
     * {@code usedElsewhere} says nothing else reads it; otherwise the call is refused.
     */
    void call(RuleCall rc, Bindings b, Scope scope, java.util.function.Predicate<Symbol> usedElsewhere) {
        List<RuleDef> defs = defs(rc);
        Deadline d = scope.deadline();
        List<Object> args = rc.args();
        int n = args.size();
        boolean[] mask = new boolean[n];
        List<Symbol> boundVars = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object a = args.get(i);
            if (isVar(a)) {
                if (b.bound((Symbol) a)) { mask[i] = true; if (!boundVars.contains(a)) boundVars.add((Symbol) a); }
            } else if (a != QueryModel.BLANK) {
                mask[i] = true;
            }
        }
        Relation r = b.take(boundVars, d);
        Set<List<Object>> inputs = new LinkedHashSet<>();
        if (r == null) {
            inputs.add(maskedValues(args, mask, null, null));
        } else {
            for (Object[] row : r.rows) inputs.add(maskedValues(args, mask, r, row));
        }
        Scope inner = scope.forRuleBody(rc.src(), rc.form());
        Set<List<Object>> table = evaluate(rc.name(), defs, mask, inputs, inner);

        List<Symbol> callVars = new ArrayList<>();
        for (Object a : args) if (isVar(a) && !callVars.contains(a)) callVars.add((Symbol) a);
        List<Object[]> rows = new ArrayList<>();
        Set<List<Object>> seen = new LinkedHashSet<>();
        outer:
        for (List<Object> t : table) {
            Object[] row = new Object[callVars.size()];
            for (int i = 0; i < n; i++) {
                Object a = args.get(i);
                Object v = t.get(i);
                if (a == QueryModel.BLANK) continue;
                if (!isVar(a)) {
                    if (!BuiltinFunctions.same(a, v)) continue outer;
                    continue;
                }
                if (v == null) continue;   // a head variable the rule leaves unbound
                int col = callVars.indexOf(a);
                if (row[col] != null && !row[col].equals(v)) continue outer;
                row[col] = v;
            }
            if (seen.add(Arrays.asList(row))) rows.add(row);
        }
        List<Symbol> bound = new ArrayList<>(callVars);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) if (row[i] == null) bound.remove(callVars.get(i));
        }
        Relation res = new Relation(callVars.toArray(new Symbol[0]), rows, true);
        if (bound.size() < callVars.size()) {
            for (Symbol v : callVars) if (!bound.contains(v)) Evaluator.neverBound(v, usedElsewhere, rc.form());
            res = res.project(bound, d);
        }
        if (r == null) b.add(res, d);
        else b.rels.add(Relation.join(r, res, d));
    }

    private static List<Object> maskedValues(List<Object> args, boolean[] mask, Relation r, Object[] row) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < mask.length; i++) {
            if (!mask[i]) continue;
            Object a = args.get(i);
            out.add(isVar(a) ? row[r.indexOf((Symbol) a)] : a);
        }
        return out;
    }

    private Set<List<Object>> evaluate(Symbol name, List<RuleDef> defs, boolean[] mask, Set<List<Object>> inputs, Scope scope) {
        String key = name.fullName() + maskKey(mask);
        Table t = inProgress.get(key);
        if (t != null) {
            if (t.inputs.addAll(inputs)) t.changed = true;
            return filter(t.rows, mask, inputs);
        }
        t = new Table();
        t.inputs.addAll(inputs);
        inProgress.put(key, t);
        try {
            boolean grew;
            do {
                scope.deadline().check();
                t.changed = false;
                grew = false;
                List<List<Object>> snapshot = new ArrayList<>(t.inputs);
                for (RuleDef def : defs) {
                    for (List<Object> row : evalDef(def, mask, snapshot, scope)) {
                        if (t.rows.add(row)) grew = true;
                    }
                }
            } while (grew || t.changed);
        } finally {
            inProgress.remove(key);
        }
        return filter(t.rows, mask, inputs);
    }

    /** One definition's tuples (positional, full arity) for the given inputs. */
    private List<List<Object>> evalDef(RuleDef def, boolean[] mask, List<List<Object>> inputs, Scope scope) {
        List<Symbol> head = def.head();
        List<Symbol> inVars = new ArrayList<>();
        for (int i = 0; i < head.size(); i++) if (mask[i] && !inVars.contains(head.get(i))) inVars.add(head.get(i));
        List<Object[]> rows = new ArrayList<>();
        outer:
        for (List<Object> in : inputs) {
            Object[] row = new Object[inVars.size()];
            int k = 0;
            for (int i = 0; i < head.size(); i++) {
                if (!mask[i]) continue;
                Object v = in.get(k++);
                int col = inVars.indexOf(head.get(i));
                if (row[col] != null && !row[col].equals(v)) continue outer;
                row[col] = v;
            }
            rows.add(row);
        }
        Relation init = new Relation(inVars.toArray(new Symbol[0]), rows, true);
        Bindings res = Evaluator.run(def.body(), new Bindings(init), scope, head);
        List<Symbol> distinctHead = new ArrayList<>(new LinkedHashSet<>(head));
        // A head variable the body leaves unbound reads as null in the tuples (column -1).
        Relation out = Evaluator.result(res, distinctHead, scope.deadline());
        List<List<Object>> tuples = new ArrayList<>(out.size());
        int[] cols = new int[head.size()];
        for (int i = 0; i < cols.length; i++) cols[i] = out.indexOf(head.get(i));
        for (Object[] r : out.rows) {
            Object[] t = new Object[cols.length];
            for (int i = 0; i < cols.length; i++) t[i] = cols[i] < 0 ? null : r[cols[i]];
            tuples.add(Arrays.asList(t));
        }
        return tuples;
    }

    private static Set<List<Object>> filter(Set<List<Object>> rows, boolean[] mask, Set<List<Object>> inputs) {
        boolean any = false;
        for (boolean m : mask) any |= m;
        if (!any) return new LinkedHashSet<>(rows);
        Set<List<Object>> out = new LinkedHashSet<>();
        for (List<Object> row : rows) {
            List<Object> k = new ArrayList<>();
            for (int i = 0; i < mask.length; i++) if (mask[i]) k.add(row.get(i));
            if (inputs.contains(k)) out.add(row);
        }
        return out;
    }

    private static String maskKey(boolean[] mask) {
        StringBuilder sb = new StringBuilder("/");
        for (boolean m : mask) sb.append(m ? 'b' : 'f');
        return sb.toString();
    }
}
