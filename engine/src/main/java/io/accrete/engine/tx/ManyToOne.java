package io.accrete.engine.tx;

import io.accrete.engine.db.Db;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a cardinality-many attribute may become cardinality-one. As in Datomic, it may when no
 * entity holds more than one value once the transaction is applied: the transaction making the
 * change may itself retract the extra values, and values it asserts count against it.
 */
final class ManyToOne {
    private ManyToOne() {}

    static void requireOneValueEach(Db db, Attribute a, List<Datom> txDatoms) {
        Map<Long, List<Datom>> changed = new LinkedHashMap<>();
        for (Datom d : txDatoms) if (d.a() == a.id()) changed.computeIfAbsent(d.e(), k -> new ArrayList<>()).add(d);
        // AEVT holds an attribute's datoms grouped by entity: check one entity at a time.
        List<Datom> held = new ArrayList<>();
        for (Datom d : db.datoms(Index.AEVT, Db.ANY_E, a.id(), null)) {
            if (!held.isEmpty() && held.get(0).e() != d.e()) {
                check(a, held, changed.remove(held.get(0).e()));
                held.clear();
            }
            held.add(d);
        }
        if (!held.isEmpty()) check(a, held, changed.remove(held.get(0).e()));
        for (List<Datom> onlyInTx : changed.values()) check(a, List.of(), onlyInTx);
    }

    private static void check(Attribute a, List<Datom> held, List<Datom> changes) {
        Map<ValueKey, Datom> after = new LinkedHashMap<>();
        for (Datom d : held) after.put(new ValueKey(d.v()), d);
        if (changes != null) {
            for (Datom d : changes) {
                if (d.added()) after.put(new ValueKey(d.v()), d);
                else after.remove(new ValueKey(d.v()));
            }
        }
        if (after.size() < 2) return;
        List<Object> offending = new ArrayList<>();
        for (Datom d : after.values()) offending.add(List.of(d.e(), a.ident(), d.v()));
        long e = after.values().iterator().next().e();
        throw Errors.error(Errors.INVALID_ALTER_ATTRIBUTE, "Cannot alter " + a.ident() + " to :db.cardinality/one:"
                + " :db.error/cardinality-violation, entity " + e + " holds " + after.size() + " values", offending);
    }
}
