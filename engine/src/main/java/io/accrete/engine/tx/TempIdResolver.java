package io.accrete.engine.tx;

import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.BuiltIns;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives every tempid its entity id. A tempid asserting a {@code :db.unique/identity} value that
 * exists resolves to that entity (upsert); tempids asserting the same identity value are one
 * entity; the rest get new ids — in {@code :db.part/db} when they define an attribute, which
 * keeps attribute ids small. The transaction's own tempids ({@code "datomic.tx"},
 * {@code #db/id[:db.part/tx]}) are the transaction unless they upsert, as in Datomic.
 */
final class TempIdResolver {
    private final Db db;
    private final Map<Op.Tmp, Op.Tmp> parent = new HashMap<>();
    private final Map<Op.Tmp, Long> existing = new HashMap<>();

    long nextT;
    long nextDbIndex;
    private final long txId;

    TempIdResolver(Db db, long firstFreeIndex, long txId) {
        this.db = db;
        this.txId = txId;
        this.nextT = firstFreeIndex;
        this.nextDbIndex = db.nextDbIndex();
        this.firstNewUserId = EntityIds.make(EntityIds.PART_USER, firstFreeIndex);
        this.firstNewDbId = nextDbIndex;
    }

    private final long firstNewUserId;
    private final long firstNewDbId;

    long firstNewUserId() { return firstNewUserId; }
    long firstNewDbId() { return firstNewDbId; }

    Map<Op.Tmp, Long> resolve(TxExpander ex) {
        // Only when some tempid names no entity is there a value-only one to look for (rarely: a mistake).
        if (ex.usedAsEntity.size() < ex.tempids.size()) {
            Set<Op.Tmp> asValue = new HashSet<>();
            for (Op op : ex.ops) {
                if (op.v() instanceof Op.Tmp t) asValue.add(t);
                if (op.v() instanceof List<?> tuple) for (Object x : tuple) if (x instanceof Op.Tmp t) asValue.add(t);
            }
            for (Op.Tmp t : ex.tempids.values()) {
                if (!ex.usedAsEntity.contains(t) && asValue.contains(t) && t.partition() != EntityIds.PART_TX) {
                    throw Errors.error(Errors.TEMPID_NOT_AN_ENTITY, "Tempid " + t + " is used only as a value in the transaction", t.key());
                }
            }
        }
        Map<List<Object>, Op.Tmp> byIdentity = new HashMap<>();
        for (Op op : ex.ops) {
            if (op.kind() != Op.Kind.ADD || !(op.e() instanceof Op.Tmp t) || !op.attr().isIdentity() || TxExpander.holdsTmp(op.v())) continue;
            // As in Datomic, two tempids asserting one identity value at two scales (1.5M, 1.50M) are one entity.
            List<Object> key = List.of(op.attr().id(), new ValueKey(UniqueRules.byNumber(op.v())));
            Op.Tmp other = byIdentity.putIfAbsent(key, t);
            if (other != null) union(other, t, op.form());
            java.util.Iterator<Datom> it = db.scan(Index.AVET, Db.ANY_E, op.attr().id(), op.v());
            if (it.hasNext()) bindExisting(find(t), it.next().e(), op.form());
        }
        Map<Op.Tmp, Boolean> definesAttribute = new HashMap<>();
        for (Op op : ex.ops) {
            if (op.kind() == Op.Kind.ADD && op.e() instanceof Op.Tmp t && op.attr().id() == BuiltIns.VALUE_TYPE) {
                definesAttribute.put(find(t), true);
            }
        }
        Map<Op.Tmp, Long> out = new LinkedHashMap<>();
        for (Op.Tmp t : ex.entityOrder) {
            if (!ex.usedAsEntity.contains(t)) continue;   // named only by maps that made no entity: no id
            Op.Tmp root = find(t);
            Long id = existing.get(root);
            if (id == null && root.partition() == EntityIds.PART_TX) id = txId;
            if (id == null) {
                boolean dbPart = root.partition() == EntityIds.PART_DB || definesAttribute.containsKey(root);
                id = dbPart ? nextDbIndex++ : EntityIds.make(EntityIds.PART_USER, nextT++);
                existing.put(root, id);
            }
            out.put(t, id);
        }
        // a tempid of the transaction named only as a ref value is the transaction
        for (Op.Tmp t : ex.tempids.values()) if (t.partition() == EntityIds.PART_TX) out.putIfAbsent(t, txId);
        return out;
    }

    /**
     * The first tempid found to resolve to two entities, or null. Datomic notices this only when it
     * checks uniqueness, after conflicting datoms, so the caller raises it at that point.
     */
    AccreteException twoEntities;

    private void bindExisting(Op.Tmp root, long id, Object form) {
        Long prior = existing.get(root);
        if (prior != null && prior != id) {
            if (twoEntities == null) {
                twoEntities = Errors.error(Errors.UNIQUE_CONFLICT, "Tempid " + root + " resolves to two entities, " + prior + " and " + id, form);
            }
            return;
        }
        existing.put(root, id);
    }

    private Op.Tmp find(Op.Tmp t) {
        Op.Tmp p = parent.get(t);
        if (p == null) return t;
        Op.Tmp r = find(p);
        parent.put(t, r);
        return r;
    }

    private void union(Op.Tmp a, Op.Tmp b, Object form) {
        Op.Tmp ra = find(a), rb = find(b);
        if (ra.equals(rb)) return;
        Long ea = existing.remove(ra), eb = existing.remove(rb);
        parent.put(rb, ra);
        if (ea != null) bindExisting(ra, ea, form);
        if (eb != null) bindExisting(ra, eb, form);
    }
}
