package io.accrete.client;

import java.util.List;
import java.util.Map;

/**
 * What a transaction did: the database values before and after it, the datoms it produced
 * (retractions and its {@code :db/txInstant} included) and where each tempid resolved. Tempid
 * keys are as written in the tx-data: usually strings, sometimes negative longs.
 */
public record TxReport(Db dbBefore, Db dbAfter, List<Datom> txData, Map<Object, Long> tempids) {

    /** The transaction's t, the basis of {@link #dbAfter()}. */
    public long t() { return dbAfter.basisT(); }

    /** The entity id a tempid resolved to, or null when the tempid was not in the tx-data. */
    public Long tempid(Object tempid) { return tempids.get(tempid); }
}
