package io.accrete.server.http;

import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram of seconds with fixed buckets; lock-free on the request path. */
final class Histogram {
    private static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private final LongAdder[] counts = new LongAdder[BOUNDS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    Histogram() {
        for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
    }

    void observeNanos(long nanos) {
        double s = nanos / 1e9;
        int i = 0;
        while (i < BOUNDS.length && s > BOUNDS[i]) i++;
        counts[i].increment();
        sumNanos.add(nanos);
    }

    void write(StringBuilder out, String name, String labels) {
        long cumulative = 0;
        String sep = labels.isEmpty() ? "" : labels + ",";
        for (int i = 0; i < BOUNDS.length; i++) {
            cumulative += counts[i].sum();
            out.append(name).append("_bucket{").append(sep).append("le=\"").append(BOUNDS[i]).append("\"} ").append(cumulative).append('\n');
        }
        cumulative += counts[BOUNDS.length].sum();
        out.append(name).append("_bucket{").append(sep).append("le=\"+Inf\"} ").append(cumulative).append('\n');
        String l = labels.isEmpty() ? "" : "{" + labels + "}";
        out.append(name).append("_sum").append(l).append(' ').append(sumNanos.sum() / 1e9).append('\n');
        out.append(name).append("_count").append(l).append(' ').append(cumulative).append('\n');
    }
}
