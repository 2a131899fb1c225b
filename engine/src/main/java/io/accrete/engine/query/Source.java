package io.accrete.engine.query;

import io.accrete.engine.db.Db;
import io.accrete.engine.index.Datom;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A data source a pattern can match: a database value, or any collection of tuples (lists,
 * arrays or datoms, e.g. a transaction report's tx-data), matched position by position.
 */
sealed interface Source permits Source.DbSource, Source.TupleSource {

    record DbSource(Db db) implements Source {}

    /**
     * {@code fromDatoms} says the tuples came from datoms, whose attribute is an id: then an
     * attribute keyword in a pattern is resolved through {@code resolver} (the query's default
     * database, when there is one) before matching.
     */
    record TupleSource(List<Object[]> tuples, boolean fromDatoms, Db resolver) implements Source {}

    static Source of(Object input, Db resolver, Object form) {
        if (input instanceof Db db) return new DbSource(db);
        Iterable<?> items;
        if (input instanceof Collection<?> c) items = c;
        else if (input instanceof Object[] arr) items = List.of(arr);
        else if (input instanceof Map<?, ?>) throw QueryErrors.error(QueryErrors.INVALID_DATA_SOURCE, "A map is not a data source", form);
        else throw QueryErrors.error(QueryErrors.INVALID_DATA_SOURCE, "Not a data source (a database or a collection of tuples)", form);
        List<Object[]> tuples = new ArrayList<>();
        boolean datoms = false;
        for (Object o : items) {
            if (o instanceof Datom d) {
                datoms = true;
                tuples.add(datomTuple(d));
            } else if (o instanceof List<?> l) {
                Object[] t = l.toArray();
                for (int i = 0; i < t.length; i++) t[i] = QueryParser.normalize(t[i]);
                tuples.add(t);
            } else if (o instanceof Object[] arr) {
                Object[] t = arr.clone();
                for (int i = 0; i < t.length; i++) t[i] = QueryParser.normalize(t[i]);
                tuples.add(t);
            } else {
                throw QueryErrors.error(QueryErrors.INVALID_DATA_SOURCE, "Data source elements must be tuples, not", o);
            }
        }
        return new TupleSource(tuples, datoms, resolver);
    }

    /** A datom as the tuple {@code [e a v tx added]}, the attribute as a Long entity id. */
    static Object[] datomTuple(Datom d) {
        return new Object[]{d.e(), (long) d.a(), d.v(), d.tx(), d.added()};
    }
}
