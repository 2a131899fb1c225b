package io.accrete.engine.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A deliberately simple Datalog evaluator for differential tests: environments are maps,
 * clauses run in written order as nested loops over every fact, filters (predicates and not)
 * run at the end, rules are computed bottom-up to their full fixpoint. Slow and obviously
 * right; the engine must give the same answers.
 */
final class NaiveEvaluator {
    record Fact(long e, String attr, long v) {}

    sealed interface C permits P, Pred, Not, OrJoin, RuleCall {}
    /** [e attr v]; e and v are variable names ("?a") or Long constants. */
    record P(Object e, String attr, Object v) implements C {}
    record Pred(String op, Object x, Object y) implements C {}
    record Not(List<C> body) implements C {}
    record OrJoin(List<String> join, List<List<C>> branches) implements C {}
    /** reach (transitive :t/r) or small (has a :t/p below 2, one argument). */
    record RuleCall(String name, List<Object> args) implements C {}

    private final List<Fact> facts;
    private final Set<List<Long>> reach = new LinkedHashSet<>();
    private final Set<Long> small = new LinkedHashSet<>();

    NaiveEvaluator(List<Fact> facts) {
        this.facts = facts;
        for (Fact f : facts) if (f.attr.equals("t/r")) reach.add(List.of(f.e, f.v));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (List<Long> a : new ArrayList<>(reach)) {
                for (Fact f : facts) {
                    if (f.attr.equals("t/r") && f.e == a.get(1) && reach.add(List.of(a.get(0), f.v))) grew = true;
                }
            }
        }
        for (Fact f : facts) if (f.attr.equals("t/p") && f.v < 2) small.add(f.e);
    }

    Set<List<Object>> run(List<C> clauses, List<String> find) {
        Set<List<Object>> out = new LinkedHashSet<>();
        for (Map<String, Object> env : eval(clauses, new HashMap<>())) {
            List<Object> t = new ArrayList<>();
            for (String v : find) t.add(env.get(v));
            out.add(t);
        }
        return out;
    }

    /** Group-by the first columns, count distinct values of the last. */
    Set<List<Object>> runCount(List<C> clauses, List<String> groupVars, String counted) {
        List<String> all = new ArrayList<>(groupVars);
        all.add(counted);
        Map<List<Object>, Long> counts = new HashMap<>();
        for (List<Object> t : run(clauses, all)) counts.merge(new ArrayList<>(t.subList(0, groupVars.size())), 1L, Long::sum);
        Set<List<Object>> out = new LinkedHashSet<>();
        for (Map.Entry<List<Object>, Long> e : counts.entrySet()) {
            List<Object> t = new ArrayList<>(e.getKey());
            t.add(e.getValue());
            out.add(t);
        }
        return out;
    }

    private List<Map<String, Object>> eval(List<C> clauses, Map<String, Object> start) {
        List<Map<String, Object>> envs = new ArrayList<>();
        envs.add(start);
        for (C c : clauses) {
            if (c instanceof Pred || c instanceof Not) continue;
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> env : envs) next.addAll(extend(c, env));
            envs = next;
        }
        List<Map<String, Object>> kept = new ArrayList<>();
        outer:
        for (Map<String, Object> env : envs) {
            for (C c : clauses) {
                if (c instanceof Pred p && !test(p, env)) continue outer;
                if (c instanceof Not n && !eval(n.body(), env).isEmpty()) continue outer;
            }
            kept.add(env);
        }
        return kept;
    }

    private List<Map<String, Object>> extend(C c, Map<String, Object> env) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (c instanceof P p) {
            for (Fact f : facts) {
                if (!f.attr.equals(p.attr)) continue;
                Map<String, Object> e = new HashMap<>(env);
                if (unify(p.e, f.e, e) && unify(p.v, f.v, e)) out.add(e);
            }
        } else if (c instanceof RuleCall r) {
            if (r.name.equals("reach")) {
                for (List<Long> pair : reach) {
                    Map<String, Object> e = new HashMap<>(env);
                    if (unify(r.args.get(0), pair.get(0), e) && unify(r.args.get(1), pair.get(1), e)) out.add(e);
                }
            } else {
                for (Long s : small) {
                    Map<String, Object> e = new HashMap<>(env);
                    if (unify(r.args.get(0), s, e)) out.add(e);
                }
            }
        } else if (c instanceof OrJoin o) {
            Map<String, Object> restricted = new HashMap<>();
            for (String v : o.join) if (env.containsKey(v)) restricted.put(v, env.get(v));
            Set<Map<String, Object>> seen = new LinkedHashSet<>();
            for (List<C> branch : o.branches) {
                for (Map<String, Object> r : eval(branch, restricted)) {
                    Map<String, Object> e = new HashMap<>(env);
                    for (String v : o.join) e.put(v, r.get(v));
                    if (seen.add(e)) out.add(e);
                }
            }
        }
        return out;
    }

    private static boolean unify(Object term, long value, Map<String, Object> env) {
        if (term instanceof String v) {
            Object prior = env.get(v);
            if (prior == null) { env.put(v, value); return true; }
            return prior.equals(value);
        }
        return Objects.equals(term, value);
    }

    private static boolean test(Pred p, Map<String, Object> env) {
        long x = (Long) (p.x instanceof String s ? env.get(s) : p.x);
        long y = (Long) (p.y instanceof String s ? env.get(s) : p.y);
        return switch (p.op) {
            case "<" -> x < y;
            case ">" -> x > y;
            case "<=" -> x <= y;
            case ">=" -> x >= y;
            case "=" -> x == y;
            default -> x != y;
        };
    }

    // ---- rendering as a query ----------------------------------------------------------------

    static final String RULES = """
        [[(reach ?x ?y) [?x :t/r ?y]]
         [(reach ?x ?y) [?x :t/r ?z] (reach ?z ?y)]
         [(small ?x) [?x :t/p ?v] [(< ?v 2)]]]""";

    static String render(List<C> clauses) {
        StringBuilder sb = new StringBuilder();
        for (C c : clauses) sb.append(' ').append(render(c));
        return sb.toString();
    }

    static String render(C c) {
        if (c instanceof P p) return "[" + p.e + " :" + p.attr + " " + p.v + "]";
        if (c instanceof Pred p) return "[(" + p.op + " " + p.x + " " + p.y + ")]";
        // not-join on the entity: the body's other variable is local, which a plain not refuses (as Datomic does)
        if (c instanceof Not n) return "(not-join [" + ((P) n.body.get(0)).e + "]" + render(n.body) + ")";
        if (c instanceof RuleCall r) return "(" + r.name + " " + String.join(" ", r.args.stream().map(String::valueOf).toList()) + ")";
        OrJoin o = (OrJoin) c;
        StringBuilder sb = new StringBuilder("(or-join [" + String.join(" ", o.join) + "]");
        for (List<C> b : o.branches) sb.append(b.size() == 1 ? " " + render(b.get(0)) : " (and" + render(b) + ")");
        return sb.append(')').toString();
    }
}
