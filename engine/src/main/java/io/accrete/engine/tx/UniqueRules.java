package io.accrete.engine.tx;

import io.accrete.engine.data.Edn;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A unique value may be held by one entity at a time, counting this transaction's retractions. */
final class UniqueRules {
    private UniqueRules() {}

    /**
     * Two entities asserting one unique value in the same transaction. Datomic reports this as
     * {@code :db.error/datoms-conflict}, and before any conflict with a value the database holds.
     */
    static void checkWithinTx(Db db, List<Datom> datoms) {
        Map<List<Object>, Long> claimed = null;
        for (Datom d : datoms) {
            Attribute a = db.schema().attribute(d.a());
            if (a == null || !a.isUnique() || !d.added()) continue;
            if (claimed == null) claimed = new HashMap<>();
            Long other = claimed.putIfAbsent(List.of(d.a(), new ValueKey(d.v())), d.e());
            if (other != null && other != d.e()) {
                throw Errors.error(Errors.DATOMS_CONFLICT, "Two datoms in the same transaction conflict: entities " + other + " and " + d.e()
                        + " both assert " + a.ident() + " " + Edn.printShort(d.v()), List.of(d.e(), a.ident(), d.v()));
            }
        }
    }

    /** Assertions of unique values the database holds for another entity; expects {@link #checkWithinTx} to have passed. */
    static void check(Db db, List<Datom> datoms) {
        Set<List<Object>> released = null;
        for (Datom d : datoms) {
            Attribute a = db.schema().attribute(d.a());
            if (a == null || !a.isUnique()) continue;
            if (released == null) {
                released = new HashSet<>();
                for (Datom r : datoms) if (!r.added()) released.add(List.of(r.e(), r.a(), new ValueKey(r.v())));
            }
            if (!d.added()) continue;
            Iterator<Datom> holders = db.scan(Index.AVET, Db.ANY_E, d.a(), d.v());
            while (holders.hasNext()) {
                Datom h = holders.next();
                if (h.e() != d.e() && !released.contains(List.of(h.e(), h.a(), new ValueKey(h.v())))) throw conflict(a, d, h.e());
            }
        }
    }

    private static RuntimeException conflict(Attribute a, Datom d, long holder) {
        return Errors.error(Errors.UNIQUE_CONFLICT, "Unique conflict: " + a.ident() + " " + Edn.printShort(d.v())
                + " is already held by entity " + holder + ", cannot assert it for " + d.e(), List.of(d.e(), a.ident(), d.v()));
    }
}
