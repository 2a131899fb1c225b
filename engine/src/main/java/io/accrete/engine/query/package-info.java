/**
 * Datomic's Datalog, evaluated set-at-a-time. Entry point: {@link io.accrete.engine.query.Query#q}.
 *
 * <h2>Pipeline</h2>
 * <ol>
 *   <li>{@code QueryParser} turns EDN text, a vector or a map into {@code QueryModel} records,
 *   checking everything that needs no inputs (find spec, clause shapes, return maps, unbound find
 *   variables, the join variables of each {@code not}). {@code QueryCache} keeps parses (and
 *   parsed rule sets) keyed by the form, comparing lists strictly because {@code (f ?x)} and
 *   {@code [f ?x]} mean different things.</li>
 *   <li>{@code Query} binds the inputs: sources ({@code Source}: a {@code Db} or any collection
 *   of tuples, datoms included), rules, pull-pattern names, and variable bindings
 *   ({@code Binder}), which become the first relations.</li>
 *   <li>{@code Evaluator} runs the where clauses over {@code Bindings}, a list of relations over
 *   disjoint variables: unconnected parts are never multiplied out until a clause or the result
 *   needs them. {@code QueryPlanner} picks the next clause each step: filters as soon as their
 *   variables are bound, then the pattern with the lowest estimated cost from index counts
 *   ({@code Db.estimateCount}) and the values already bound, then {@code or} and rules. Datomic
 *   runs clauses as written; reordering never changes an answer because evaluation is
 *   conjunctive, and the differential tests run every query both ways.</li>
 *   <li>A pattern ({@code PatternScan}) is either scanned once and hash-joined
 *   ({@code Relation.join}), or, when few distinct values are bound, looked up per value in the
 *   index those bound positions select (e → EAVT, a+v → AVET, a → AEVT, v alone → AVET of each
 *   attribute that can hold it).</li>
 *   <li>{@code Rules} evaluates rule calls with their bound arguments pushed down and tabling for
 *   recursion: a recursive call with the same binding pattern reads the table built so far and
 *   adds its inputs; the outer computation repeats until neither grows (least fixpoint).</li>
 *   <li>{@code FindResult} projects to the find and {@code :with} variables, groups and
 *   aggregates ({@code Aggregates}; counts stream without collecting values), pulls, and shapes
 *   the result; {@code Paging} sorts before offset/limit so pages are stable.</li>
 * </ol>
 *
 * <h2>Functions</h2>
 * {@code Functions} resolves expression symbols: built-ins ({@code BuiltinFunctions}, Clojure
 * semantics: {@code =} keeps 1 and 1.0 apart, arithmetic on longs is exact and overflow is an
 * error; {@code /} of longs that does not divide gives a double, as there are no ratios),
 * functions registered from Java, and an allow-list of Java methods ({@code JavaInterop}):
 * static methods of value classes such as {@code java.lang.Math}, instance methods on values
 * such as strings. No class is loaded by name and nothing returning classes, streams or I/O is
 * reachable: queries arrive over HTTP.
 *
 * <h2>Errors</h2>
 * {@link io.accrete.engine.query.QueryErrors}: {@code :db.error/invalid-query} (malformed, wrong
 * number of inputs, unknown rule), {@code :db.error/insufficient-binding} (a predicate, function,
 * not, or required rule variable that nothing binds), {@code :db.error/unbound-query-variables},
 * {@code :db.error/unknown-function}, {@code :db.error/invalid-data-source},
 * {@code :db.error/query-function-failed}, {@code :db.error/timeout}. Every message names the
 * offending form.
 */
package io.accrete.engine.query;
