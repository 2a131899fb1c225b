package io.accrete.engine;

import io.accrete.engine.error.Errors;
import io.accrete.engine.storage.Durability;

/**
 * @param durability    when a commit is acknowledged (see {@link Durability})
 * @param queueCapacity transactions that may wait for the writer before new ones are refused
 * @param maxBatch      most transactions grouped into one storage commit
 */
public record ConnectionOptions(Durability durability, int queueCapacity, int maxBatch) {
    public ConnectionOptions {
        // A null durability must not quietly mean "no fdatasync".
        if (durability == null) throw Errors.error(Errors.INVALID_ARGUMENT, "durability is required (Durability.FSYNC or NO_FSYNC)");
        if (queueCapacity < 1) throw Errors.error(Errors.INVALID_ARGUMENT, "queueCapacity must be at least 1, not " + queueCapacity);
        if (maxBatch < 1) throw Errors.error(Errors.INVALID_ARGUMENT, "maxBatch must be at least 1, not " + maxBatch);
    }

    public static ConnectionOptions defaults() { return new ConnectionOptions(Durability.FSYNC, 10_000, 512); }

    public ConnectionOptions withDurability(Durability d) { return new ConnectionOptions(d, queueCapacity, maxBatch); }
}
