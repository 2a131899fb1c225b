package io.accrete.engine.query;

import io.accrete.engine.data.Symbol;
import io.accrete.engine.query.QueryModel.Clause;
import io.accrete.engine.query.QueryModel.Pattern;
import io.accrete.engine.query.QueryModel.Predicate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The planner's choice when there is nothing to choose. The scope here has no sources, so
 * estimating a pattern's cost would fail ("Unable to find data source"): these pass only if
 * the planner leaves the index counts alone when a single clause is ready.
 */
class QueryPlannerTest {
    private static final Scope NO_SOURCES = new Scope(Map.of(), Map.of(), QueryModel.DEFAULT_SRC, null, Deadline.NONE);

    private static Pattern pattern(String e, String v) {
        return new Pattern(QueryModel.DEFAULT_SRC, List.of(Symbol.of(e), Symbol.of(":person/name"), Symbol.of(v)), "[" + e + " :person/name " + v + "]");
    }

    @Test void aSingleClauseIsChosenWithoutEstimatingIt() {
        Pattern only = pattern("?e", "?n");
        assertSame(only, QueryPlanner.choose(List.of(only), new Bindings(), NO_SOURCES, QueryPlanner.newScanCache()));
    }

    @Test void theOnlyReadyClauseIsChosenWithoutEstimatingIt() {
        Pattern p = pattern("?e", "?n");
        Clause waiting = new Predicate(Symbol.of("<"), List.of(Symbol.of("?age"), 30L), "[(< ?age 30)]");
        assertSame(p, QueryPlanner.choose(List.of(waiting, p), new Bindings(), NO_SOURCES, QueryPlanner.newScanCache()));
    }

    @Test void nothingReadyIsNull() {
        Clause waiting = new Predicate(Symbol.of("<"), List.of(Symbol.of("?age"), 30L), "[(< ?age 30)]");
        assertNull(QueryPlanner.choose(List.of(waiting), new Bindings(), NO_SOURCES, QueryPlanner.newScanCache()));
    }

    @Test void withAChoiceTiesKeepTheWrittenOrder() {
        // Both predicates are ready (constants only) and cost the same: the first one written runs.
        Clause first = new Predicate(Symbol.of("="), List.of(1L, 1L), "[(= 1 1)]");
        Clause second = new Predicate(Symbol.of("="), List.of(2L, 2L), "[(= 2 2)]");
        assertSame(first, QueryPlanner.choose(List.of(first, second), new Bindings(), NO_SOURCES, QueryPlanner.newScanCache()));
    }
}
