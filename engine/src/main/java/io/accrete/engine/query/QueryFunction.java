package io.accrete.engine.query;

/**
 * A function callable from a query's expression clauses, e.g. {@code [(my.ns/score ?a ?b) ?s]}.
 * Arguments arrive as the query sees them: entity ids as Longs, a source argument ({@code $})
 * as the {@link io.accrete.engine.db.Db}. Returning null (or false, for a predicate) drops the
 * tuple.
 */
@FunctionalInterface
public interface QueryFunction {
    Object apply(Object... args);
}
