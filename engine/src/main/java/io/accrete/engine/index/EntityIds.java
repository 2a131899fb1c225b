package io.accrete.engine.index;

/**
 * Entity ids as Datomic lays them out: the partition in the bits above 42, an index below.
 * Transaction entities live in {@code :db.part/tx}, so a t and its transaction id convert both
 * ways by adding or masking the partition bits.
 */
public final class EntityIds {
    private EntityIds() {}

    public static final int PART_DB = 0;
    public static final int PART_TX = 3;
    public static final int PART_USER = 4;
    public static final int INDEX_BITS = 42;
    public static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

    public static long make(int partition, long index) { return ((long) partition << INDEX_BITS) | index; }
    public static int partition(long eid) { return (int) (eid >>> INDEX_BITS); }
    public static long index(long eid) { return eid & INDEX_MASK; }
    public static long tToTx(long t) { return make(PART_TX, t); }
    public static long txToT(long tx) { return tx & INDEX_MASK; }
    public static boolean isTx(long eid) { return partition(eid) == PART_TX; }
    /** A point in time given as a t or, as Datomic also accepts, as a transaction's entity id. */
    public static long toT(long tOrTx) { return isTx(tOrTx) ? txToT(tOrTx) : tOrTx; }
}
