package io.accrete.engine.data;

/**
 * A {@code #db/id[:db.part/user]} or {@code #db/id[:db.part/user -1]} literal. Without an index
 * every occurrence is a distinct new entity; with one, equal (partition, index) pairs name the same
 * entity within a transaction.
 */
public record TempId(Keyword partition, Long index, long serial) {
    private static final java.util.concurrent.atomic.AtomicLong SERIALS = new java.util.concurrent.atomic.AtomicLong();

    public static TempId of(Keyword partition, Long index) {
        return new TempId(partition, index, index == null ? SERIALS.incrementAndGet() : 0);
    }

    @Override public String toString() {
        return "#db/id[" + partition + (index == null ? "" : " " + index) + "]";
    }
}
