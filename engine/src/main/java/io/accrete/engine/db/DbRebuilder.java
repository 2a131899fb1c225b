package io.accrete.engine.db;

import io.accrete.engine.index.Datom;
import io.accrete.engine.index.DatomOrder;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.index.Index;
import io.accrete.engine.index.IndexSet;
import io.accrete.engine.schema.BuiltIns;
import io.accrete.engine.schema.Schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds a database from its log in one pass: transactions are added in t order (the schema
 * is kept current as they come, because decoding later values needs it), then every index is
 * built by sorting once instead of inserting datom by datom.
 */
public final class DbRebuilder {
    private final Db bootstrap;
    private final List<Datom> all = new ArrayList<>();
    /** Retractions of :db/noHistory attributes (by identity): neither they nor what they retract are kept as past. */
    private final Set<Datom> forgotten = Collections.newSetFromMap(new IdentityHashMap<>());
    private Schema schema;
    private final Map<Long, List<Datom>> schemaEntities = new HashMap<>();
    private long basisT;
    private long nextT;
    private long nextDbIndex;
    private Date latestTxInstant;

    public DbRebuilder(Db bootstrap) {
        this.bootstrap = bootstrap;
        this.schema = bootstrap.schema();
        this.basisT = bootstrap.basisT();
        this.nextT = bootstrap.nextT();
        this.nextDbIndex = bootstrap.nextDbIndex();
        this.latestTxInstant = bootstrap.latestTxInstant();
        for (Datom d : bootstrap.datoms(Index.EAVT, Db.ANY_E, Db.ANY_A, null)) {
            all.add(d);
            if (BuiltIns.isSchemaAttribute(d.a())) schemaEntities.computeIfAbsent(d.e(), k -> new ArrayList<>()).add(d);
        }
    }

    /** The schema as of the transactions added so far. */
    public Schema schema() { return schema; }

    /** Adds one transaction's datoms, which must come in t order. */
    public void add(long t, List<Datom> txDatoms) {
        Set<Long> touched = new LinkedHashSet<>();
        for (Datom d : txDatoms) {
            all.add(d);
            long e = d.e();
            if (EntityIds.partition(e) == EntityIds.PART_DB) nextDbIndex = Math.max(nextDbIndex, e + 1);
            else if (!EntityIds.isTx(e)) nextT = Math.max(nextT, EntityIds.index(e) + 1);
            if (d.a() == BuiltIns.TX_INSTANT && d.e() == EntityIds.tToTx(t)) latestTxInstant = (Date) d.v();
            if (BuiltIns.isSchemaAttribute(d.a())) {
                touched.add(e);
                List<Datom> ds = schemaEntities.computeIfAbsent(e, k -> new ArrayList<>());
                if (d.added()) ds.add(d);
                else ds.removeIf(x -> x.a() == d.a() && DatomOrder.sameValue(x.v(), d.v()));
            }
        }
        if (!touched.isEmpty()) {
            schema = schema.update(touched, e -> {
                List<Datom> ds = new ArrayList<>(schemaEntities.getOrDefault(e, List.of()));
                ds.sort(DatomOrder.EAVT);
                return ds;
            });
        }
        // Decided with the schema after this transaction, as Db.withTx does, so that a reopened
        // database forgets exactly what the live one forgot.
        for (Datom d : txDatoms) if (!d.added() && !schema.keepsHistory(d.a())) forgotten.add(d);
        basisT = t;
        nextT = Math.max(nextT, t + 1);
    }

    public Db build() {
        Datom[] sorted = all.toArray(new Datom[0]);
        Arrays.parallelSort(sorted, DatomOrder.EAVT);
        // Per (e, a, v) group (tx-ordered in EAVT, assertions and retractions alternating) the last
        // datom decides: a final assertion is current, everything else in the group is retracted
        // past — except forgotten retractions and the assertions just before them, which retract.
        List<Datom> current = new ArrayList<>(sorted.length);
        List<Datom> retracted = new ArrayList<>();
        for (int i = 0; i < sorted.length; ) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1].e() == sorted[i].e() && sorted[j + 1].a() == sorted[i].a()
                    && DatomOrder.sameValue(sorted[j + 1].v(), sorted[i].v())) j++;
            int last = sorted[j].added() ? j : j + 1;
            for (int k = i; k < last; k++) {
                boolean forget = forgotten(sorted[k]) || (k < j && forgotten(sorted[k + 1]));
                if (!forget) retracted.add(sorted[k]);
            }
            if (last == j) current.add(sorted[j]);
            i = j + 1;
        }
        IndexSet.RefTest refs = Db.refTest(schema);
        IndexSet cur = IndexSet.buildFromEavtSorted(current.toArray(new Datom[0]), refs);
        IndexSet past = IndexSet.buildFromEavtSorted(retracted.toArray(new Datom[0]), refs);
        return Db.of(cur, past, schema, basisT, nextT, nextDbIndex, latestTxInstant);
    }

    private boolean forgotten(Datom d) {
        return !d.added() && forgotten.contains(d);
    }
}
