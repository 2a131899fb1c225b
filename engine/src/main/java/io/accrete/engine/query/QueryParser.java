package io.accrete.engine.query;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.EdnList;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.query.QueryModel.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.accrete.engine.query.QueryErrors.invalid;
import static io.accrete.engine.query.QueryModel.*;

/**
 * Turns a query given as EDN text, a vector {@code [:find … :in … :where …]} or a map into a
 * {@link ParsedQuery}. Everything that can be checked without inputs is checked here, so that a
 * malformed query fails before it touches data.
 */
final class QueryParser {
    private QueryParser() {}

    private static final Keyword FIND = Keyword.of("find");
    private static final Keyword WITH = Keyword.of("with");
    private static final Keyword IN = Keyword.of("in");
    private static final Keyword WHERE = Keyword.of("where");
    private static final Keyword KEYS = Keyword.of("keys");
    private static final Keyword STRS = Keyword.of("strs");
    private static final Keyword SYMS = Keyword.of("syms");
    private static final Keyword TIMEOUT = Keyword.of("timeout");
    private static final Set<Keyword> SECTIONS = Set.of(FIND, WITH, IN, WHERE, KEYS, STRS, SYMS, TIMEOUT);

    static final Symbol NOT = Symbol.of("not");
    static final Symbol NOT_JOIN = Symbol.of("not-join");
    static final Symbol OR = Symbol.of("or");
    static final Symbol OR_JOIN = Symbol.of("or-join");
    static final Symbol AND = Symbol.of("and");
    static final Symbol PULL = Symbol.of("pull");

    static ParsedQuery parse(Object form) {
        Object data = form instanceof String s ? Edn.read(s) : form;
        Map<Keyword, List<Object>> sections = sections(data);
        List<Object> find = sections.get(FIND);
        if (find == null || find.isEmpty()) throw invalid("Query has no :find", data);
        FindSpec spec = parseFind(find, data);
        ReturnMap rm = parseReturnMap(sections, spec, data);
        List<Symbol> with = new ArrayList<>();
        for (Object o : sections.getOrDefault(WITH, List.of())) {
            if (!isVar(o)) throw invalid(":with takes variables, not", o);
            with.add((Symbol) o);
        }
        List<Binding> in = new ArrayList<>();
        List<Object> inForms = sections.get(IN);
        if (inForms == null) in.add(new BindSource(DEFAULT_SRC));
        else for (Object o : inForms) in.add(parseInput(o));
        List<Clause> where = new ArrayList<>();
        for (Object o : sections.getOrDefault(WHERE, List.of())) where.add(parseClause(o));
        Long timeout = null;
        List<Object> t = sections.get(TIMEOUT);
        if (t != null) {
            if (t.size() != 1 || !(t.get(0) instanceof Number n)) throw invalid(":timeout takes one number of milliseconds", t);
            timeout = n.longValue();
        }

        where = resolveScopes(where);
        checkFindBound(spec, with, in, where, data);
        return new ParsedQuery(data, spec, rm, List.copyOf(with), List.copyOf(in), inForms == null, List.copyOf(where), timeout);
    }

    // ---- sections ----------------------------------------------------------------------------

    private static Map<Keyword, List<Object>> sections(Object data) {
        Map<Keyword, List<Object>> out = new LinkedHashMap<>();
        if (data instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> en : m.entrySet()) {
                if (!(en.getKey() instanceof Keyword k) || !SECTIONS.contains(k)) throw invalid("Unknown query key", en.getKey());
                Object v = en.getValue();
                if (k == TIMEOUT) out.put(k, List.of(v));
                else if (v instanceof List<?> l) out.put(k, new ArrayList<>(l));
                else throw invalid("Query section " + k + " must be a vector", v);
            }
            return out;
        }
        if (!(data instanceof List<?> l)) throw invalid("A query is a vector, a map or EDN text, not", data);
        Keyword current = null;
        for (Object o : l) {
            if (o instanceof Keyword k && SECTIONS.contains(k)) {
                if (out.containsKey(k)) throw invalid("Query section appears twice", k);
                current = k;
                out.put(k, new ArrayList<>());
            } else if (o instanceof Keyword k && current != KEYS && current != STRS && current != SYMS) {
                // (after :keys, :strs or :syms a keyword is a name, as Datomic takes it)
                throw invalid("Unknown query section", k);
            } else {
                if (current == null) throw invalid("Query must start with :find", data);
                out.get(current).add(o);
            }
        }
        return out;
    }

    // ---- :find -------------------------------------------------------------------------------

    private static FindSpec parseFind(List<Object> find, Object query) {
        if (find.size() == 1 && find.get(0) instanceof List<?> l && !(l instanceof EdnList)) {
            if (l.size() == 2 && l.get(1) == ELLIPSIS) {
                return new FindSpec(FindKind.COLLECTION, List.of(parseFindElement(l.get(0))));
            }
            if (l.isEmpty()) throw invalid("Empty tuple find spec", l);
            List<FindElement> els = new ArrayList<>();
            for (Object o : l) {
                if (o == ELLIPSIS || o == DOT) throw invalid("Invalid find spec", l);
                els.add(parseFindElement(o));
            }
            return new FindSpec(FindKind.TUPLE, els);
        }
        if (find.size() == 2 && find.get(1) == DOT) {
            return new FindSpec(FindKind.SCALAR, List.of(parseFindElement(find.get(0))));
        }
        List<FindElement> els = new ArrayList<>();
        for (Object o : find) {
            if (o == DOT || o == ELLIPSIS) throw invalid("Invalid find spec: '" + o + "' in", find);
            if (o instanceof List<?> l && !(l instanceof EdnList)) throw invalid("Invalid find spec: a collection or tuple spec must be the only find element", find);
            els.add(parseFindElement(o));
        }
        return new FindSpec(FindKind.RELATION, els);
    }

    private static FindElement parseFindElement(Object o) {
        if (isVar(o)) return new VarElement((Symbol) o);
        if (o instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Symbol head) {
            if (head == PULL) {
                if (l.size() == 3 && isVar(l.get(1))) return new PullElement(DEFAULT_SRC, (Symbol) l.get(1), l.get(2));
                if (l.size() == 4 && isSrc(l.get(1)) && isVar(l.get(2))) return new PullElement((Symbol) l.get(1), (Symbol) l.get(2), l.get(3));
                throw invalid("Invalid pull expression, expected (pull ?e pattern)", o);
            }
            if (l.size() < 2 || !isVar(l.get(l.size() - 1))) throw invalid("Aggregate must end with a variable", o);
            if (!Aggregates.exists(head)) throw QueryErrors.error(QueryErrors.UNKNOWN_FUNCTION, "Unknown aggregate function " + head + " in", o);
            List<Object> args = new ArrayList<>();
            for (int i = 1; i < l.size() - 1; i++) {
                Object a = normalize(l.get(i));
                if (isVar(a)) throw invalid("Aggregate takes constants and then one variable", o);
                args.add(a);
            }
            return new AggregateElement(head, List.copyOf(args), (Symbol) l.get(l.size() - 1), o);
        }
        throw invalid("Invalid find element", o);
    }

    private static ReturnMap parseReturnMap(Map<Keyword, List<Object>> sections, FindSpec spec, Object query) {
        ReturnMap rm = null;
        for (Keyword k : List.of(KEYS, STRS, SYMS)) {
            List<Object> names = sections.get(k);
            if (names == null) continue;
            if (rm != null) throw invalid("Only one of :keys, :strs, :syms is allowed", query);
            ReturnKind kind = k == KEYS ? ReturnKind.KEYS : k == STRS ? ReturnKind.STRS : ReturnKind.SYMS;
            List<Object> keys = new ArrayList<>();
            for (Object n : names) {
                // as Datomic: :keys takes a keyword as it is; :strs takes its text with the colon, as Clojure's str
                String s = n instanceof Symbol sym ? sym.fullName() : n instanceof Keyword kw ? (kind == ReturnKind.STRS ? ":" : "") + kw.fullName()
                        : n instanceof String str ? str : null;
                if (s == null) throw invalid("Return map names must be symbols", n);
                keys.add(switch (kind) { case KEYS -> Keyword.of(s); case STRS -> s; case SYMS -> Symbol.of(s); });
            }
            if (keys.size() != spec.elements().size()) {
                throw invalid("Count of " + k + " (" + keys.size() + ") does not match count of find elements (" + spec.elements().size() + ")", names);
            }
            if (spec.kind() == FindKind.COLLECTION || spec.kind() == FindKind.SCALAR) {
                throw invalid(k + " needs a relation or tuple find spec", query);
            }
            rm = new ReturnMap(kind, List.copyOf(keys));
        }
        return rm;
    }

    // ---- :in ---------------------------------------------------------------------------------

    static Binding parseInput(Object o) {
        if (o == RULES_VAR) return new BindRules();
        if (isSrc(o)) return new BindSource((Symbol) o);
        if (o instanceof Symbol s && !s.isVariable() && o != BLANK) return new BindPatternName(s);
        return parseBinding(o, true);
    }

    static Binding parseBinding(Object o, boolean topLevel) {
        if (o == BLANK) return new BindIgnore();
        if (isVar(o)) return new BindScalar((Symbol) o);
        if (o instanceof List<?> l && !(l instanceof EdnList)) {
            if (l.size() == 2 && l.get(1) == ELLIPSIS) {
                Binding item = parseBinding(l.get(0), false);
                return new BindColl(item);
            }
            if (l.size() == 1 && l.get(0) instanceof List<?> inner && !(inner instanceof EdnList)) {
                return new BindColl(parseBinding(inner, false));
            }
            if (l.isEmpty()) throw QueryErrors.error(QueryErrors.NOT_A_BINDING_FORM, "Empty binding form", o);
            List<Binding> items = new ArrayList<>();
            for (Object x : l) {
                if (x == ELLIPSIS) throw QueryErrors.error(QueryErrors.NOT_A_BINDING_FORM, "Invalid binding form", o);
                items.add(parseBinding(x, false));
            }
            return new BindTuple(items);
        }
        throw QueryErrors.error(QueryErrors.NOT_A_BINDING_FORM, "Invalid binding form", o);
    }

    static void bindingVars(Binding b, Set<Symbol> out) {
        if (b instanceof BindScalar s) out.add(s.var());
        else if (b instanceof BindTuple t) { for (Binding x : t.items()) bindingVars(x, out); }
        else if (b instanceof BindColl c) bindingVars(c.item(), out);
    }

    // ---- :where ------------------------------------------------------------------------------

    static Clause parseClause(Object o) {
        if (!(o instanceof List<?> l) || l.isEmpty()) throw invalid("Invalid clause", o);
        Symbol src = null;
        int i = 0;
        if (isSrc(l.get(0))) { src = (Symbol) l.get(0); i = 1; }
        if (i >= l.size()) throw invalid("Invalid clause", o);
        Object head = l.get(i);
        if (head == NOT || head == NOT_JOIN || head == OR || head == OR_JOIN) {
            return parseCompound(src, (Symbol) head, l.subList(i + 1, l.size()), o);
        }
        if (head == AND) throw invalid("'and' is only allowed inside 'or'", o);
        if (isExpression(head)) {
            if (src != null) throw invalid("Expression clauses take no source", o);
            List<?> call = (List<?>) head;
            if (!(call.get(0) instanceof Symbol fn) || fn.isVariable()) throw invalid("Function name must be a symbol", o);
            List<Object> args = new ArrayList<>();
            for (int k = 1; k < call.size(); k++) args.add(normalize(call.get(k)));
            // nil is a valid argument ((ground nil), (get-else $ ?e :a nil) ...), which List.copyOf refuses
            List<Object> fixed = Collections.unmodifiableList(args);
            if (l.size() == 1) return new Predicate(fn, fixed, o);
            if (l.size() == 2) return new FnCall(fn, fixed, parseBinding(l.get(1), true), o);
            throw invalid("Function expression takes one binding form", o);
        }
        if (head instanceof Symbol s && !s.isVariable() && head != BLANK && !isSrc(head)) {
            List<Object> args = new ArrayList<>();
            for (int k = i + 1; k < l.size(); k++) {
                Object a = normalize(l.get(k));
                if (isSrc(a)) throw invalid("Rule arguments cannot be sources", o);
                args.add(a);
            }
            if (args.isEmpty()) throw invalid("Rule invocation needs arguments", o);
            return new RuleCall(src == null ? DEFAULT_SRC : src, s, List.copyOf(args), o);
        }
        int n = l.size() - i;
        if (n > 5) throw invalid("Data pattern has more than 5 positions", o);
        List<Object> terms = new ArrayList<>(n);
        for (int k = i; k < l.size(); k++) {
            Object t = normalize(l.get(k));
            if (isSrc(t)) throw invalid("Source symbol in a data pattern position", o);
            if (t == null) throw invalid("nil is not allowed in a data pattern", o);
            terms.add(t);
        }
        return new Pattern(src == null ? DEFAULT_SRC : src, List.copyOf(terms), o);
    }

    /** {@code (f …)} read from EDN, or a Java-built list whose head is a plain symbol. */
    private static boolean isExpression(Object head) {
        if (head instanceof EdnList l) return !l.isEmpty();
        return head instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Symbol s && !s.isVariable();
    }

    private static Clause parseCompound(Symbol src, Symbol kind, List<?> rest, Object form) {
        if (kind == NOT || kind == NOT_JOIN) {
            List<Symbol> join = null;
            int start = 0;
            if (kind == NOT_JOIN) {
                if (rest.isEmpty() || !(rest.get(0) instanceof List<?> vs)) throw invalid("not-join needs a vector of variables", form);
                join = new ArrayList<>();
                for (Object v : vs) {
                    if (!isVar(v)) throw invalid("not-join variables must be variables", form);
                    join.add((Symbol) v);
                }
                start = 1;
            }
            // an empty body is allowed, as in Datomic: (not) removes nothing, (not-join [?e]) everything
            List<Clause> body = new ArrayList<>();
            for (int k = start; k < rest.size(); k++) body.add(parseClause(rest.get(k)));
            return new Not(src, join == null ? null : List.copyOf(join), List.copyOf(body), form);
        }
        List<Symbol> join = new ArrayList<>();
        Set<Symbol> required = new LinkedHashSet<>();
        int start = 0;
        if (kind == OR_JOIN) {
            if (rest.isEmpty() || !(rest.get(0) instanceof List<?> vs)) throw invalid("or-join needs a vector of variables", form);
            parseRuleVars(vs, join, required, form);
            if (join.isEmpty()) throw QueryErrors.error(QueryErrors.OR_BINDING_EMPTY, "'or' cannot have empty binding set", form);
            start = 1;
        }
        if (rest.size() <= start) throw invalid(kind + " needs at least one clause", form);
        List<List<Clause>> branches = new ArrayList<>();
        for (int k = start; k < rest.size(); k++) {
            Object b = rest.get(k);
            if (b instanceof List<?> bl && !bl.isEmpty() && bl.get(0) == AND) {
                if (bl.size() < 2) throw invalid("'and' needs at least one clause", b);
                List<Clause> conj = new ArrayList<>();
                for (int j = 1; j < bl.size(); j++) conj.add(parseClause(bl.get(j)));
                branches.add(List.copyOf(conj));
            } else {
                branches.add(List.of(parseClause(b)));
            }
        }
        if (kind == OR) {
            Set<Symbol> first = null;
            for (List<Clause> br : branches) {
                Set<Symbol> vs = new LinkedHashSet<>();
                for (Clause c : br) clauseVars(c, vs);
                if (first == null) first = vs;
                else if (!first.equals(vs)) throw invalid("All clauses in 'or' must use the same set of variables (use or-join to name the shared ones)", form);
            }
            join.addAll(first);
        }
        return new Or(src, List.copyOf(join), Set.copyOf(required), List.copyOf(branches), kind == OR_JOIN, form);
    }

    static void parseRuleVars(List<?> vs, List<Symbol> vars, Set<Symbol> required, Object form) {
        for (int k = 0; k < vs.size(); k++) {
            Object v = vs.get(k);
            if (k == 0 && v instanceof List<?> req) {
                for (Object r : req) {
                    if (!isVar(r)) throw invalid("Required variables must be variables", form);
                    vars.add((Symbol) r);
                    required.add((Symbol) r);
                }
            } else if (isVar(v)) {
                vars.add((Symbol) v);
            } else {
                throw invalid("Invalid variable list", form);
            }
        }
    }

    /** Variables a clause mentions, as the enclosing scope sees them. */
    static void clauseVars(Clause c, Set<Symbol> out) {
        if (c instanceof Pattern p) {
            for (Object t : p.terms()) if (isVar(t)) out.add((Symbol) t);
        } else if (c instanceof Predicate p) {
            for (Object t : p.args()) if (isVar(t)) out.add((Symbol) t);
        } else if (c instanceof FnCall f) {
            for (Object t : f.args()) if (isVar(t)) out.add((Symbol) t);
            bindingVars(f.binding(), out);
        } else if (c instanceof Not n) {
            if (n.joinVars() != null) out.addAll(n.joinVars());
            else for (Clause b : n.body()) clauseVars(b, out);
        } else if (c instanceof Or or) {
            out.addAll(or.joinVars());
        } else if (c instanceof RuleCall r) {
            for (Object t : r.args()) if (isVar(t)) out.add((Symbol) t);
        }
    }

    /**
     * Fixes the join variables of each plain {@code not}: all of its variables, as in Datomic,
     * which reads {@code (not …)} as a {@code not-join} on every variable inside and so refuses
     * one that nothing outside binds ({@code not-join} names the shared ones, the others are local).
     */
    static List<Clause> resolveScopes(List<Clause> clauses) {
        List<Clause> out = new ArrayList<>(clauses.size());
        for (Clause c : clauses) out.add(resolveClause(c));
        return out;
    }

    private static Clause resolveClause(Clause c) {
        if (c instanceof Not n) {
            List<Symbol> join = n.joinVars();
            if (join == null) {
                Set<Symbol> vs = new LinkedHashSet<>();
                for (Clause b : n.body()) clauseVars(b, vs);
                join = List.copyOf(vs);
            }
            return new Not(n.src(), join, resolveScopes(n.body()), n.form());
        }
        if (c instanceof Or or) {
            List<List<Clause>> branches = new ArrayList<>();
            for (List<Clause> br : or.branches()) branches.add(resolveScopes(br));
            return new Or(or.src(), or.joinVars(), or.required(), branches, or.explicitJoin(), or.form());
        }
        return c;
    }

    private static void checkFindBound(FindSpec spec, List<Symbol> with, List<Binding> in, List<Clause> where, Object form) {
        Set<Symbol> bound = new LinkedHashSet<>();
        for (Binding b : in) bindingVars(b, bound);
        for (Clause c : where) clauseVars(c, bound);
        for (FindElement e : spec.elements()) {
            Symbol v = e instanceof VarElement ve ? ve.var() : e instanceof AggregateElement a ? a.var() : ((PullElement) e).var();
            if (!bound.contains(v)) throw QueryErrors.error(QueryErrors.UNBOUND_VARIABLE, "Query is referencing unbound variable " + v + " in :find", form);
        }
        for (Symbol v : with) {
            if (!bound.contains(v)) throw QueryErrors.error(QueryErrors.UNBOUND_VARIABLE, "Query is referencing unbound variable " + v + " in :with", form);
        }
    }

    // ---- rules -------------------------------------------------------------------------------

    static List<RuleDef> parseRules(Object rules) {
        Object data = rules instanceof String s ? Edn.read(s) : rules;
        if (!(data instanceof List<?> l)) throw invalid("Rules must be a vector of rule definitions", data);
        List<RuleDef> out = new ArrayList<>();
        for (Object r : l) {
            if (!(r instanceof List<?> def) || def.size() < 2 || !(def.get(0) instanceof List<?> head) || head.isEmpty()
                    || !(head.get(0) instanceof Symbol name) || name.isVariable()) {
                throw invalid("Invalid rule definition, expected [(name ?var …) clause …]", r);
            }
            List<Symbol> vars = new ArrayList<>();
            Set<Symbol> required = new LinkedHashSet<>();
            parseRuleVars(head.subList(1, head.size()), vars, required, r);
            if (vars.isEmpty()) throw invalid("Rule head needs at least one variable", r);
            List<Clause> body = new ArrayList<>();
            for (int k = 1; k < def.size(); k++) body.add(parseClause(def.get(k)));
            out.add(new RuleDef(name, List.copyOf(vars), Set.copyOf(required),
                    resolveScopes(body), r));
        }
        return out;
    }

    /** Integer constants become Long, as entity ids and long values are. */
    static Object normalize(Object o) {
        if (o instanceof Integer i) return (long) i;
        if (o instanceof Short s) return (long) s;
        if (o instanceof Byte b) return (long) b;
        return o;
    }
}
