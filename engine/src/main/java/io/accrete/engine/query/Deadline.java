package io.accrete.engine.query;

import io.accrete.engine.error.Errors;

import java.util.function.BooleanSupplier;

/** The time a query must finish by, and whether it was cancelled; loops call {@link #check} every few thousand rows. */
final class Deadline {
    static final Deadline NONE = new Deadline(Long.MAX_VALUE, 0, null);

    private final long deadlineNanos;
    private final long timeoutMillis;
    private final BooleanSupplier cancelled;

    private Deadline(long deadlineNanos, long timeoutMillis, BooleanSupplier cancelled) {
        this.deadlineNanos = deadlineNanos;
        this.timeoutMillis = timeoutMillis;
        this.cancelled = cancelled;
    }

    static Deadline in(Long timeoutMillis) {
        return in(timeoutMillis, null);
    }

    static Deadline in(Long timeoutMillis, BooleanSupplier cancelled) {
        boolean timed = timeoutMillis != null && timeoutMillis > 0;
        if (!timed && cancelled == null) return NONE;
        return new Deadline(timed ? System.nanoTime() + timeoutMillis * 1_000_000L : Long.MAX_VALUE, timed ? timeoutMillis : 0, cancelled);
    }

    void check() {
        if (this == NONE) return;
        if (System.nanoTime() > deadlineNanos) {
            throw Errors.error(Errors.TIMEOUT, "Query did not finish within its timeout of " + timeoutMillis + " ms");
        }
        if (cancelled != null && cancelled.getAsBoolean()) throw Errors.error(Errors.CANCELLED, "The query was cancelled");
    }
}
