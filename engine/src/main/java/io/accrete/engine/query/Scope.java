package io.accrete.engine.query;

import io.accrete.engine.data.Symbol;
import io.accrete.engine.db.Db;
import io.accrete.engine.storage.Log;

import java.util.HashMap;
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

    /**
     * What the body of a rule called on {@code src} sees: as in Datomic, only that source, as
     * {@code $}; a clause naming another source of the query is refused (the peer: "Cannot resolve
     * key"). Function arguments still receive any input, as the peer's do.
     */
    Scope forRuleBody(Symbol src, Object form) {
        Symbol name = resolveName(src == null ? QueryModel.DEFAULT_SRC : src);
        Source s = sources.get(name);
        // A rule of functions only may run without any source; a clause that needs one says so then.
        if (s == null && name != QueryModel.DEFAULT_SRC) source(name, form);
        Map<Symbol, Object> raw = new HashMap<>(rawSources);
        raw.remove(QueryModel.DEFAULT_SRC);
        if (s != null) raw.put(QueryModel.DEFAULT_SRC, rawSources.get(name));
        return new Scope(s == null ? Map.of() : Map.of(QueryModel.DEFAULT_SRC, s), raw, QueryModel.DEFAULT_SRC, rules, deadline);
    }

    private Symbol resolveName(Symbol s) {
        return s == QueryModel.DEFAULT_SRC ? defaultSrc : s;
    }

    Source source(Symbol s, Object form) {
        Source src = sources.get(resolveName(s));
        if (src == null && rawSources.get(resolveName(s)) instanceof Log) {
            throw QueryErrors.error(QueryErrors.INVALID_DATA_SOURCE, "A log is not a valid data source for a pattern"
                    + " (read it with tx-ids and tx-data); " + resolveName(s) + " in", form);
        }
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
