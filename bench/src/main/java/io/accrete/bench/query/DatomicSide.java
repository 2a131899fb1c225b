package io.accrete.bench.query;

import datomic.Connection;
import datomic.Database;
import datomic.Peer;
import datomic.Util;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real Datomic peer ({@code com.datomic:peer}) on {@code datomic:mem://}, through its Java
 * API; query and pull forms are read once with {@link Util#read} (the peer caches parsed queries
 * by form). After loading, the peer is asked to index and the benchmark waits for it, so queries
 * read Datomic's indexes rather than its in-memory log tail.
 */
final class DatomicSide implements Side {
    private static final Object DB_ID = Util.read(":db/id"), NAME = Util.read(":person/name"), EMAIL = Util.read(":person/email"),
            AGE = Util.read(":person/age"), CITY = Util.read(":person/city"), FRIEND = Util.read(":person/friend");

    private final Object q1 = Util.read(QueryBench.Q1), q2 = Util.read(QueryBench.Q2), q3 = Util.read(QueryBench.Q3),
            q4 = Util.read(QueryBench.Q4), star = Util.read(QueryBench.PULL);

    private final String uri = "datomic:mem://querybench-" + System.nanoTime();
    private Connection conn;
    private Database db, asOf;
    private long[] eids;
    private final Map<Long, Integer> people = new HashMap<>();

    @Override public String name() { return "Datomic"; }

    @Override @SuppressWarnings("unchecked")
    public double load(Dataset d) throws Exception {
        long t0 = System.nanoTime();
        Peer.createDatabase(uri);
        conn = Peer.connect(uri);
        conn.transact((List<Object>) Util.read(Dataset.SCHEMA)).get();
        eids = new long[d.n];
        Long asOfT = null;
        for (int base = 0; base < d.n; base += Dataset.TX_SIZE) {
            int end = Math.min(d.n, base + Dataset.TX_SIZE);
            List<Object> tx = new ArrayList<>(end - base);
            for (int i = base; i < end; i++) {
                int f = d.friend[i];
                tx.add(Util.map(DB_ID, "p" + i, NAME, Dataset.name(i), EMAIL, Dataset.email(i), AGE, d.age[i],
                        CITY, Dataset.city(d.city[i]), FRIEND, f >= base ? "p" + f : (Object) eids[f]));
            }
            Map<?, ?> r = conn.transact(tx).get();
            Map<?, ?> tempids = (Map<?, ?>) r.get(Connection.TEMPIDS);
            for (int i = base; i < end; i++) eids[i] = ((Number) tempids.get("p" + i)).longValue();
            if (end == d.asOfBoundary()) asOfT = ((Database) r.get(Connection.DB_AFTER)).basisT();
        }
        for (int i = 0; i < d.n; i++) people.put(eids[i], i);
        long basis = conn.db().basisT();
        conn.requestIndex();
        db = conn.syncIndex(basis).get();
        asOf = db.asOf(asOfT);
        return (System.nanoTime() - t0) / 1e9;
    }

    @Override public Object lookup(String name) { return Peer.q(q1, db, name); }
    @Override public Object oneHop(String name) { return Peer.q(q2, db, name); }
    @Override public Object cityCounts() { return Peer.q(q3, db); }
    @Override public Object ageCount() { return Peer.query(q4, db); }
    @Override public Object pullAll(int i) { return db.pull(star, eids[i]); }
    @Override public Object lookupAsOf(String name) { return Peer.q(q1, asOf, name); }

    @Override public long eid(int i) { return eids[i]; }
    @Override public int person(long e) { return people.getOrDefault(e, -1); }

    @Override public void close() {
        if (conn != null) conn.release();
        Peer.deleteDatabase(uri);
    }
}
