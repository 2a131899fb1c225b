package io.accrete.bench.wire;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * The round trip of a bare JDK {@link HttpClient} against a running server ({@code GET /db}), with
 * and without a request timeout: the floor under every SDK call, before any query or transit work.
 * Usage: {@code HttpFloor http://127.0.0.1:PORT/db} (three rounds of 20,000 requests per mode).
 */
public final class HttpFloor {
    public static void main(String[] args) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
        URI uri = URI.create(args[0]);
        for (int round = 1; round <= 3; round++) {
            for (boolean timeout : new boolean[] {false, true}) {
                int n = 20_000;
                long[] lat = new long[n];
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long s = System.nanoTime();
                    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "application/edn");
                    if (timeout) b.timeout(Duration.ofSeconds(30));
                    HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode());
                    lat[i] = System.nanoTime() - s;
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                Arrays.sort(lat);
                System.out.printf("round %d, timeout %s: %.0f req/s, p50 %d µs, p99 %d µs%n", round, timeout, n / secs,
                        lat[n / 2] / 1000, lat[n * 99 / 100] / 1000);
            }
        }
    }
}
