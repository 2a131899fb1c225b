package io.accrete.engine.query;

import io.accrete.engine.data.Symbol;
import io.accrete.engine.db.Db;

import java.util.Map;

/**
 * What clauses of one query see: the bound sources (and the raw inputs behind them, which
 * function arguments such as {@code $} receive), which source {@code $} means here (changed
 * inside {@code [$h not …]} or a rule invoked as {@code [$h (r ?x)]}), and the rules.
 */
record Scope(Map<Symbol, Source> sources, Map<Symbol, Object> rawSources, Symbol defaultSrc, Rules rules,
             Deadline deadline) {

    Scope withDefault(Symbol src) {
        if (src == null || src == QueryModel.DEFAULT_SRC || src == defaultSrc) return this;
        return new Scope(sources, rawSources, resolveName(src), rules, deadline);
    }

    private Symbol resolveName(Symbol s) {
        return s == QueryModel.DEFAULT_SRC ? defaultSrc : s;
    }

    Source source(Symbol s, Object form) {
        Source src = sources.get(resolveName(s));
        if (src == null) throw QueryErrors.error(QueryErrors.INVALID_DATA_SOURCE, "Unable to find data source " + resolveName(s) + " in", form);
        return src;
    }

    Object rawSource(Symbol s, Object form) {
        Symbol n = resolveName(s);
        if (!rawSources.containsKey(n)) throw QueryErrors.error(QueryErrors.INVALID_DATA_SOURCE, "Unable to find data source " + n + " in", form);
        return rawSources.get(n);
    }

    Db defaultDb() {
        Source s = sources.get(defaultSrc);
        return s instanceof Source.DbSource d ? d.db() : null;
    }
}
