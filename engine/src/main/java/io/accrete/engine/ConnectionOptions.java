package io.accrete.engine;

import io.accrete.engine.storage.Durability;

/**
 * @param durability    when a commit is acknowledged (see {@link Durability})
 * @param queueCapacity transactions that may wait for the writer before new ones are refused
 * @param maxBatch      most transactions grouped into one storage commit
 */
public record ConnectionOptions(Durability durability, int queueCapacity, int maxBatch) {
    public static ConnectionOptions defaults() { return new ConnectionOptions(Durability.FSYNC, 10_000, 512); }

    public ConnectionOptions withDurability(Durability d) { return new ConnectionOptions(d, queueCapacity, maxBatch); }
}
