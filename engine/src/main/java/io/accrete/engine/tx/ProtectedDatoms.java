package io.accrete.engine.tx;

import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.schema.BuiltIns;

import java.util.List;

/**
 * Datoms no transaction may change, as in Datomic: the built-in schema and its bootstrap
 * transaction ({@code :db.error/datom-cannot-be-altered}: no retraction on them, and no built-in
 * attribute), and the {@code :db/txInstant} of an
 * earlier transaction ({@code :db.error/reset-tx-instant}), which as-of and since by date rely on.
 */
final class ProtectedDatoms {
    private ProtectedDatoms() {}

    static void check(List<Datom> datoms, long txId) {
        for (Datom d : datoms) {
            // only a transaction's instant: on any other entity it is a plain fact, as in Datomic
            // (where "datomic.tx" upserts, the :db/txInstant it names goes to that entity)
            if (d.a() == BuiltIns.TX_INSTANT && d.e() != txId && EntityIds.isTx(d.e())) {
                throw Errors.error(Errors.RESET_TX_INSTANT, "The :db/txInstant of an earlier transaction cannot change",
                        List.of(d.e(), BuiltIns.K_TX_INSTANT, d.v()));
            }
            // As in Datomic, a built-in entity takes new facts of user attributes, but nothing on it
            // is ever retracted (not even a user fact, nor by replacing a cardinality-one value).
            // Built-in attributes stay refused on it (Datomic accepts those that retract nothing,
            // e.g. a first :db/doc or :db/noHistory, which would alter the built-in schema).
            if (isBuiltIn(d.e()) && (!d.added() || isBuiltIn(d.a()))
                    && d.a() != BuiltIns.INSTALL_ATTRIBUTE && d.a() != BuiltIns.ALTER_ATTRIBUTE) {
                throw Errors.error(Errors.DATOM_CANNOT_BE_ALTERED, "Built-in datoms cannot be altered",
                        List.of(d.e(), d.a(), d.v(), d.added()));
            }
        }
    }

    /** An entity of the bootstrap: the built-in schema and partitions, and the bootstrap transaction. */
    private static boolean isBuiltIn(long e) {
        return e == BuiltIns.BOOTSTRAP_TX
                || EntityIds.partition(e) == EntityIds.PART_DB && EntityIds.index(e) < BuiltIns.FIRST_USER_DB_INDEX;
    }
}
