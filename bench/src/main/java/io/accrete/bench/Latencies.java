package io.accrete.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds (thread-safe), summarised as percentiles in microseconds. */
public final class Latencies {
    private long[] samples = new long[4096];
    private int n;

    public synchronized void add(long nanos) {
        if (n == samples.length) samples = Arrays.copyOf(samples, n * 2);
        samples[n++] = nanos;
    }

    public synchronized int count() { return n; }

    /** The p-th percentile (nearest rank), in microseconds. */
    public synchronized double micros(double p) {
        if (n == 0) return Double.NaN;
        long[] s = Arrays.copyOf(samples, n);
        Arrays.sort(s);
        int i = (int) Math.min(n - 1, Math.max(0, Math.ceil(p / 100.0 * n) - 1));
        return s[i] / 1000.0;
    }

    public static String us(double micros) {
        return micros >= 10_000 ? String.format("%.1f ms", micros / 1000) : micros >= 1000 ? String.format("%.2f ms", micros / 1000)
                : String.format("%.0f µs", micros);
    }

    public String summary() { return "p50 " + us(micros(50)) + ", p99 " + us(micros(99)); }
}
