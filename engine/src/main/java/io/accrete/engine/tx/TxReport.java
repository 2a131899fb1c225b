package io.accrete.engine.tx;

import io.accrete.engine.db.Db;
import io.accrete.engine.index.Datom;

import java.util.List;
import java.util.Map;

/**
 * What a transaction did: the values before and after, every datom it produced (assertions and
 * retractions, its txInstant included) and where each tempid resolved. Tempid keys are as given:
 * strings, negative longs, or {@code TempId} literals.
 */
public record TxReport(Db dbBefore, Db dbAfter, List<Datom> txData, Map<Object, Long> tempids) {
    public long t() { return dbAfter.basisT(); }

    /** The entity id a tempid resolved to, or null. */
    public Long tempid(Object tempid) { return tempids.get(tempid); }
}
