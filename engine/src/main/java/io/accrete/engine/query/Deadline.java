package io.accrete.engine.query;

import io.accrete.engine.error.Errors;

/** The time a query must finish by; loops call {@link #check} every few thousand rows. */
final class Deadline {
    static final Deadline NONE = new Deadline(Long.MAX_VALUE, 0);

    private final long deadlineNanos;
    private final long timeoutMillis;

    private Deadline(long deadlineNanos, long timeoutMillis) {
        this.deadlineNanos = deadlineNanos;
        this.timeoutMillis = timeoutMillis;
    }

    static Deadline in(Long timeoutMillis) {
        if (timeoutMillis == null || timeoutMillis <= 0) return NONE;
        return new Deadline(System.nanoTime() + timeoutMillis * 1_000_000L, timeoutMillis);
    }

    void check() {
        if (this != NONE && System.nanoTime() > deadlineNanos) {
            throw Errors.error(Errors.TIMEOUT, "Query did not finish within its timeout of " + timeoutMillis + " ms");
        }
    }
}
