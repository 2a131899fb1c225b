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

    static void check(Db db, List<Datom> datoms) {
        Map<List<Object>, Long> claimed = null;
        Set<List<Object>> released = null;
        for (Datom d : datoms) {
            Attribute a = db.schema().attribute(d.a());
            if (a == null || !a.isUnique()) continue;
            if (claimed == null) {
                claimed = new HashMap<>();
                released = new HashSet<>();
                for (Datom r : datoms) if (!r.added()) released.add(List.of(r.e(), r.a(), new ValueKey(r.v())));
            }
            if (!d.added()) continue;
            List<Object> key = List.of(d.a(), new ValueKey(d.v()));
            Long other = claimed.putIfAbsent(key, d.e());
            if (other != null && other != d.e()) throw conflict(a, d, other);
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
