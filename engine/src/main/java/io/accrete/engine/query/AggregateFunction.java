package io.accrete.engine.query;

import java.util.List;

/**
 * A custom aggregate, e.g. {@code [:find ?city (my.app/p90 ?age) …]}. {@code args} are the
 * constants written before the variable ({@code (my.app/top 3 ?x)} gives {@code [3]});
 * {@code values} are the variable's values in one group, duplicates kept as {@code :with} makes
 * them.
 */
@FunctionalInterface
public interface AggregateFunction {
    Object aggregate(List<Object> args, List<Object> values);
}
