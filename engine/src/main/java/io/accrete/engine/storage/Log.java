package io.accrete.engine.storage;

import io.accrete.engine.data.Edn;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.EntityIds;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The transaction log as of one basis, Datomic's {@code (d/log conn)}: an immutable value (later
 * transactions stay out of it, as they do of the peer's) that queries read with {@code tx-ids}
 * and {@code tx-data}. Get one from {@code Connection.log()}.
 *
 * <p>A bound or point may be a t, a transaction's entity id (any entity id counts by its t, as
 * Datomic's {@code tx->t} reads it), a {@link Date} (the first transaction at or after it) or,
 * for a range, null (the log's start or end). A negative number is before every transaction.
 */
public final class Log {
    private final Db basis;
    private final LogStore store;
    private final Runnable ensureOpen;

    /**
     * @param basis      the database value whose transactions this log holds (its latest schema
     *                   decodes them)
     * @param ensureOpen throws when the store behind it is closed
     */
    public Log(Db basis, LogStore store, Runnable ensureOpen) {
        this.basis = basis;
        this.store = store;
        this.ensureOpen = ensureOpen;
    }

    /** The t of the latest transaction this log holds. */
    public long basisT() { return basis.basisT(); }

    /**
     * The entity ids of the transactions from {@code start} (inclusive) to {@code end}
     * (exclusive), in t order. Read from the basis's indexes, where every transaction entity
     * keeps its :db/txInstant: the same transactions as the stored log, without reading it.
     */
    public List<Long> txIds(Object start, Object end) {
        long from = start == null ? 0 : t(start, "tx-ids");
        long to = end == null ? Long.MAX_VALUE : t(end, "tx-ids");
        List<Long> out = new ArrayList<>();
        for (long t : basis.txTsBetween(from, to)) out.add(EntityIds.tToTx(t));
        return out;
    }

    /**
     * The datoms of the transaction at {@code tOrTx} (a t or a transaction's entity id) as the log
     * holds them, retractions included; empty when no transaction of this log has that t. As in
     * Datomic, an instant is refused here.
     */
    public List<Datom> txData(Object tOrTx) {
        if (!(tOrTx instanceof Number n)) {
            throw Errors.error(Errors.INVALID_ARGUMENT, "tx-data takes a t or a transaction id, not " + Edn.kind(tOrTx), tOrTx);
        }
        long t = n.longValue() < 0 ? -1 : EntityIds.index(n.longValue());
        if (t < 0 || t > basis.basisT()) return List.of();
        ensureOpen.run();
        List<Datom> found = new ArrayList<>();
        try {
            store.replay(t - 1, entry -> {
                if (entry.t() == t) found.addAll(LogCodec.decode(entry.datoms(), basis.schema()));
                throw new FirstEntryRead();
            });
        } catch (FirstEntryRead done) {
            // only the first entry after t - 1 can be t's
        }
        // the transaction entity's own datoms first, then the rest as logged (the peer's order, except
        // that a cardinality-one replacement lists its retraction before the assertion, as the report does)
        long tx = EntityIds.tToTx(t);
        found.sort(java.util.Comparator.comparing(d -> d.e() != tx));
        return List.copyOf(found);
    }

    /** The t a bound designates; Long.MAX_VALUE for an instant after every transaction. */
    private long t(Object bound, String fn) {
        if (bound instanceof Number n) return n.longValue() < 0 ? -1 : EntityIds.index(n.longValue());
        if (bound instanceof Date d) {
            long t = basis.firstTxTAtOrAfter(d);
            return t < 0 ? Long.MAX_VALUE : t;
        }
        throw Errors.error(Errors.INVALID_ARGUMENT, fn + " takes a t, a transaction id, an instant or nil as a bound, not "
                + Edn.kind(bound), bound);
    }

    private static final class FirstEntryRead extends RuntimeException {
        FirstEntryRead() { super(null, null, false, false); }
    }

    @Override public String toString() {
        return "#log{:basis-t " + basis.basisT() + "}";
    }
}
