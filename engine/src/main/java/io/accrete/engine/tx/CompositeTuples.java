package io.accrete.engine.tx;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps composite tuple attributes ({@code :db/tupleAttrs}) in step with their parts: whenever
 * a transaction changes a part of an entity, the entity's tuple is recomputed from the values it
 * will have afterwards (nil for a missing part) and retracted when every part is gone.
 */
final class CompositeTuples {
    private CompositeTuples() {}

    static void maintain(TxProcessor.Changes changes, Db db) {
        List<Attribute> composites = new ArrayList<>();
        for (Attribute a : db.schema().attributes()) if (a.isComposite()) composites.add(a);
        if (composites.isEmpty()) return;
        for (Attribute c : composites) {
            Set<Long> touched = new LinkedHashSet<>();
            for (TxProcessor.Fact f : changes.facts.keySet()) {
                if (c.tupleAttrs().contains(f.attr().ident())) touched.add(f.e());
            }
            for (long e : touched) recompute(changes, db, c, e);
        }
    }

    private static void recompute(TxProcessor.Changes changes, Db db, Attribute c, long e) {
        Object[] parts = new Object[c.tupleAttrs().size()];
        boolean any = false;
        for (int i = 0; i < parts.length; i++) {
            Keyword k = c.tupleAttrs().get(i);
            Attribute part = db.schema().attribute(k);
            if (part == null) continue;
            Object v = changes.asserted(e, part.id());
            if (v == null) {
                Iterator<Datom> cur = db.scan(Index.EAVT, e, part.id(), null);
                if (cur.hasNext()) {
                    Object old = cur.next().v();
                    Boolean op = changes.facts.get(new TxProcessor.Fact(e, part, new ValueKey(old)));
                    if (!Boolean.FALSE.equals(op)) v = old;
                }
            }
            parts[i] = v;
            any |= v != null;
        }
        Iterator<Datom> cur = db.scan(Index.EAVT, e, c.id(), null);
        if (any) {
            changes.assertFact(e, c, Collections.unmodifiableList(Arrays.asList(parts)), null);
        } else if (cur.hasNext()) {
            changes.retractFact(e, c, cur.next().v(), null);
        }
    }

}
