package io.accrete.engine.tx;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters the transactor keeps for metrics: transactions, batches and commit time. */
public final class TransactorStats {
    private final LongAdder transactions = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();
    private final AtomicLong maxBatch = new AtomicLong();

    void recordBatch(int size, long nanos) {
        transactions.add(size);
        batches.increment();
        commitNanos.add(nanos);
        maxBatch.accumulateAndGet(size, Math::max);
    }

    public long transactions() { return transactions.sum(); }
    public long batches() { return batches.sum(); }
    public double commitSeconds() { return commitNanos.sum() / 1e9; }
    public long largestBatch() { return maxBatch.get(); }
}
