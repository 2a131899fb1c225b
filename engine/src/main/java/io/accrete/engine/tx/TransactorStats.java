package io.accrete.engine.tx;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters the transactor keeps for metrics: transactions, batches, commit time, and where that
 * time goes (the writer applying transactions, the log store making them durable).
 */
public final class TransactorStats {
    private final LongAdder transactions = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();
    private final AtomicLong maxBatch = new AtomicLong();
    private final LongAdder applyNanos = new LongAdder();
    private final LongAdder appends = new LongAdder();
    private final LongAdder appendNanos = new LongAdder();

    void recordBatch(int size, long nanos) {
        transactions.add(size);
        batches.increment();
        commitNanos.add(nanos);
        maxBatch.accumulateAndGet(size, Math::max);
    }

    void recordApply(long nanos) { applyNanos.add(nanos); }

    void recordAppend(long nanos) {
        appends.increment();
        appendNanos.add(nanos);
    }

    public long transactions() { return transactions.sum(); }
    public long batches() { return batches.sum(); }
    public double commitSeconds() { return commitNanos.sum() / 1e9; }
    public long largestBatch() { return maxBatch.get(); }
    /** The writer's time applying transactions (expansion, checks, index updates), summed. */
    public double applySeconds() { return applyNanos.sum() / 1e9; }
    /** Successful appends to the log store: one per durable group commit, several batches each when pipelined. */
    public long logAppends() { return appends.sum(); }
    /** Time in successful log store appends (the write-ahead log's write and fdatasync), summed. */
    public double logAppendSeconds() { return appendNanos.sum() / 1e9; }
}
