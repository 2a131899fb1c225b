package io.accrete.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, summarised as percentiles. */
final class Stats {
    private long[] samples = new long[1024];
    private int n;

    synchronized void add(long nanos) {
        if (n == samples.length) samples = Arrays.copyOf(samples, n * 2);
        samples[n++] = nanos;
    }

    synchronized double percentileMicros(double p) {
        if (n == 0) return Double.NaN;
        long[] s = Arrays.copyOf(samples, n);
        Arrays.sort(s);
        int i = (int) Math.min(n - 1, Math.max(0, Math.ceil(p / 100.0 * n) - 1));
        return s[i] / 1000.0;
    }

    synchronized int count() { return n; }

    String summary() {
        return String.format("p50 %.1f µs, p99 %.1f µs", percentileMicros(50), percentileMicros(99));
    }
}
