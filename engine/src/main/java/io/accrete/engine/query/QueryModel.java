package io.accrete.engine.query;

import io.accrete.engine.data.Symbol;

import java.util.List;
import java.util.Set;

/**
 * The parsed form of a query: plain records the parser builds once and the evaluator reads
 * many times (parsed queries are cached). Terms inside clauses stay as data: a {@link Symbol}
 * that {@link Symbol#isVariable() is a variable}, the blank {@code _}, a source symbol
 * {@code $x}, or a constant (already normalised: Integer to Long).
 */
final class QueryModel {
    private QueryModel() {}

    static final Symbol BLANK = Symbol.of("_");
    static final Symbol DEFAULT_SRC = Symbol.of("$");
    static final Symbol RULES_VAR = Symbol.of("%");
    static final Symbol ELLIPSIS = Symbol.of("...");
    static final Symbol DOT = Symbol.of(".");

    static boolean isVar(Object o) { return o instanceof Symbol s && s.isVariable(); }
    static boolean isSrc(Object o) { return o instanceof Symbol s && s.fullName().startsWith("$"); }
    static boolean isBlank(Object o) { return o == BLANK; }

    // ---- the whole query ---------------------------------------------------------------------

    /** {@code defaultIn}: the query has no :in, so it means {@code :in $}. */
    record ParsedQuery(Object form, FindSpec find, ReturnMap returnMap, List<Symbol> with,
                       List<Binding> in, boolean defaultIn, List<Clause> where, Long timeoutMillis) {}

    enum FindKind { RELATION, COLLECTION, TUPLE, SCALAR }

    record FindSpec(FindKind kind, List<FindElement> elements) {
        boolean hasAggregates() {
            for (FindElement e : elements) if (e instanceof AggregateElement) return true;
            return false;
        }
    }

    sealed interface FindElement permits VarElement, AggregateElement, PullElement {}

    record VarElement(Symbol var) implements FindElement {}

    /** {@code (name const* ?var)}; {@code args} are the constants before the variable. */
    record AggregateElement(Symbol fn, List<Object> args, Symbol var, Object form) implements FindElement {}

    /** {@code (pull $src? ?e pattern)}; the pattern is data or a symbol bound by {@code :in}. */
    record PullElement(Symbol src, Symbol var, Object pattern) implements FindElement {}

    enum ReturnKind { KEYS, STRS, SYMS }

    record ReturnMap(ReturnKind kind, List<Object> keys) {}

    // ---- :in bindings and function-result bindings ------------------------------------------

    sealed interface Binding permits BindScalar, BindIgnore, BindTuple, BindColl, BindSource, BindRules, BindPatternName {}

    record BindScalar(Symbol var) implements Binding {}

    record BindIgnore() implements Binding {}

    record BindTuple(List<Binding> items) implements Binding {}

    /** {@code [?x ...]}; a relation binding {@code [[?a ?b]]} is a collection of tuples. */
    record BindColl(Binding item) implements Binding {}

    record BindSource(Symbol name) implements Binding {}

    record BindRules() implements Binding {}

    /** A plain symbol in {@code :in}: names a pull pattern passed as an input. */
    record BindPatternName(Symbol name) implements Binding {}

    // ---- :where clauses ----------------------------------------------------------------------

    sealed interface Clause permits Pattern, Predicate, FnCall, Not, Or, RuleCall {
        Object form();
    }

    /** {@code [$src? e a v tx added]}, trailing positions optional. */
    record Pattern(Symbol src, List<Object> terms, Object form) implements Clause {}

    record Predicate(Symbol fn, List<Object> args, Object form) implements Clause {}

    record FnCall(Symbol fn, List<Object> args, Binding binding, Object form) implements Clause {}

    /** {@code not} (joinVars null until the parser sets them: every variable inside it, as in Datomic) or {@code not-join}. */
    record Not(Symbol src, List<Symbol> joinVars, List<Clause> body, Object form) implements Clause {}

    /**
     * {@code or} or {@code or-join}; each branch is a conjunction. {@code required} are the
     * join variables that must be bound before it runs ({@code or-join [[?a] ?b]}).
     */
    record Or(Symbol src, List<Symbol> joinVars, Set<Symbol> required, List<List<Clause>> branches,
              boolean explicitJoin, Object form) implements Clause {}

    record RuleCall(Symbol src, Symbol name, List<Object> args, Object form) implements Clause {}

    // ---- rules -------------------------------------------------------------------------------

    /** One definition of a rule; a name with several definitions is their union. */
    record RuleDef(Symbol name, List<Symbol> head, Set<Symbol> required, List<Clause> body, Object form) {}
}
