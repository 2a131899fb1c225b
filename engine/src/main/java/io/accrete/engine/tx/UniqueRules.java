package io.accrete.engine.tx;

import io.accrete.engine.data.Edn;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.AnyScale;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.DatomOrder;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A unique value may be held by one entity at a time, counting this transaction's retractions. As
 * in the peer, decimals are one value whatever their scale here: 1.5M conflicts with 1.50M.
 */
final class UniqueRules {
    private UniqueRules() {}

    /**
     * Two entities asserting one unique value in the same transaction. Datomic reports this as
     * {@code :db.error/datoms-conflict}, and before any conflict with a value the database holds.
     * Returns the transaction's assertions of unique values, for {@link #check}.
     */
    static List<Datom> checkWithinTx(Db db, List<Datom> datoms) {
        List<Datom> unique = List.of();
        Map<List<Object>, Long> claimed = null;
        for (Datom d : datoms) {
            if (!d.added()) continue;
            Attribute a = db.schema().attribute(d.a());
            if (a == null || !a.isUnique()) continue;
            if (claimed == null) {
                claimed = new HashMap<>();
                unique = new ArrayList<>();
            }
            unique.add(d);
            Long other = claimed.putIfAbsent(List.of(d.a(), new ValueKey(byNumber(d.v()))), d.e());
            if (other != null && other != d.e()) {
                throw Errors.error(Errors.DATOMS_CONFLICT, "Two datoms in the same transaction conflict: entities " + other + " and " + d.e()
                        + " both assert " + a.ident() + " " + Edn.printShort(d.v()), List.of(d.e(), a.ident(), d.v()));
            }
        }
        return unique;
    }

    /**
     * Assertions of unique values ({@code unique}, from {@link #checkWithinTx}) that the database
     * holds for another entity, counting what {@code datoms} retract.
     */
    static void check(Db db, List<Datom> datoms, List<Datom> unique) {
        if (unique.isEmpty()) return;
        Set<List<Object>> released = new HashSet<>();
        for (Datom r : datoms) if (!r.added()) released.add(List.of(r.e(), r.a(), new ValueKey(r.v())));
        for (Datom d : unique) {
            Object probe = d.v() instanceof BigDecimal dec ? new AnyScale(dec) : d.v();
            Iterator<Datom> holders = db.scan(Index.AVET, Db.ANY_E, d.a(), probe);
            while (holders.hasNext()) {
                Datom h = holders.next();
                // As the peer: the entity's own value at another scale (1.50M when asserting 1.5M) is a
                // conflict even though the assertion replaces it.
                boolean otherScale = h.e() == d.e() && !DatomOrder.sameValue(h.v(), d.v());
                if (otherScale || h.e() != d.e() && !released.contains(List.of(h.e(), h.a(), new ValueKey(h.v())))) {
                    throw conflict(db.schema().attribute(d.a()), d, h.e());
                }
            }
        }
    }

    /** A unique value as the peer tells values apart there: a decimal by number, whatever its scale. */
    static Object byNumber(Object v) {
        return v instanceof BigDecimal d ? d.stripTrailingZeros() : v;
    }

    private static RuntimeException conflict(Attribute a, Datom d, long holder) {
        return Errors.error(Errors.UNIQUE_CONFLICT, "Unique conflict: " + a.ident() + " " + Edn.printShort(d.v())
                + " is already held by entity " + holder + ", cannot assert it for " + d.e(), List.of(d.e(), a.ident(), d.v()));
    }
}
