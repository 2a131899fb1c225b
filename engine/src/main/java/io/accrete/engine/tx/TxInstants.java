package io.accrete.engine.tx;

import io.accrete.engine.db.Db;
import io.accrete.engine.error.Errors;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.BuiltIns;

import java.util.Date;
import java.util.List;

/** Every transaction asserts its {@code :db/txInstant}; an explicit one must keep time monotonic. */
final class TxInstants {
    private TxInstants() {}

    static Date resolve(TxProcessor.Changes changes, Db db, long txId, Date now) {
        Date latest = db.latestTxInstant();
        Object given = changes.asserted(txId, BuiltIns.TX_INSTANT);
        if (given instanceof Date d) {
            if (d.before(latest)) {
                throw Errors.error(Errors.PAST_TX_INSTANT, "Time conflict: " + d.toInstant() + " is older than the latest transaction's "
                        + latest.toInstant(), List.of(txId, BuiltIns.K_TX_INSTANT, d));
            }
            if (d.after(now)) {
                throw Errors.error(Errors.FUTURE_TX_INSTANT, "Time conflict: " + d.toInstant() + " is in the future", List.of(txId, BuiltIns.K_TX_INSTANT, d));
            }
            return d;
        }
        Date instant = now.before(latest) ? latest : now;
        Attribute a = db.schema().attribute(BuiltIns.TX_INSTANT);
        changes.assertFact(txId, a, instant, null);
        return instant;
    }
}
