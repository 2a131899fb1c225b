package io.accrete.engine.query;

import io.accrete.engine.data.Symbol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The state of a conjunction being evaluated: relations over disjoint sets of variables.
 * Unconnected parts stay separate (no cartesian product until something joins them or the
 * result needs them); a clause touching several parts merges them.
 */
final class Bindings {
    final List<Relation> rels = new ArrayList<>();

    Bindings() {}

    Bindings(Relation initial) {
        if (initial.vars.length > 0 || initial.rows.isEmpty()) rels.add(initial);
    }

    Relation relOf(Symbol v) {
        for (Relation r : rels) if (r.has(v)) return r;
        return null;
    }

    boolean bound(Symbol v) { return relOf(v) != null; }

    /** True once some part has no rows: the conjunction can only be empty from here. */
    boolean empty() {
        for (Relation r : rels) if (r.rows.isEmpty()) return true;
        return false;
    }

    /** Adds a relation, joining it with the parts it shares variables with. */
    void add(Relation r, Deadline deadline) {
        if (r.vars.length == 0 && !r.rows.isEmpty()) return;
        List<Symbol> vs = List.of(r.vars);
        Relation merged = take(vs, deadline);
        rels.add(merged == null ? r : Relation.join(merged, r, deadline));
    }

    /**
     * Removes the parts holding any of {@code vars} and returns their join (a product, as parts
     * are disjoint), or null when none holds any. The caller adds back what it makes of it.
     */
    Relation take(Collection<Symbol> vars, Deadline deadline) {
        Relation out = null;
        for (int i = 0; i < rels.size(); ) {
            Relation r = rels.get(i);
            boolean hit = false;
            for (Symbol v : vars) if (r.has(v)) { hit = true; break; }
            if (!hit) { i++; continue; }
            rels.remove(i);
            out = out == null ? r : Relation.join(out, r, deadline);
        }
        return out;
    }

    /** Like {@link #take} but the unit relation when no part holds any of the variables. */
    Relation takeOrUnit(Collection<Symbol> vars, Deadline deadline) {
        Relation r = take(vars, deadline);
        return r == null ? Relation.unit() : r;
    }

    void markEmpty() {
        rels.add(new Relation(new Symbol[0], new ArrayList<>(), true));
    }
}
