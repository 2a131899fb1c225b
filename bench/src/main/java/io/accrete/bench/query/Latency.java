package io.accrete.bench.query;

import java.util.Arrays;

/** Latency samples in nanoseconds. */
final class Latency {
    private long[] samples = new long[256];
    private int n;

    void add(long nanos) {
        if (n == samples.length) samples = Arrays.copyOf(samples, n * 2);
        samples[n++] = nanos;
    }

    int count() { return n; }

    /** Nearest-rank percentile in nanoseconds (NaN without samples). */
    double percentile(double p) {
        if (n == 0) return Double.NaN;
        long[] s = Arrays.copyOf(samples, n);
        Arrays.sort(s);
        int i = (int) Math.min(n - 1, Math.max(0, Math.ceil(p / 100.0 * n) - 1));
        return s[i];
    }

    /** "94.1 µs" / "575 ms": nanoseconds in the unit that reads best. */
    static String format(double nanos) {
        if (Double.isNaN(nanos)) return "–";
        if (nanos < 10_000) return String.format("%.2f µs", nanos / 1e3);
        if (nanos < 1_000_000) return String.format("%.1f µs", nanos / 1e3);
        if (nanos < 10_000_000) return String.format("%.2f ms", nanos / 1e6);
        if (nanos < 1_000_000_000) return String.format("%.1f ms", nanos / 1e6);
        return String.format("%.2f s", nanos / 1e9);
    }
}
