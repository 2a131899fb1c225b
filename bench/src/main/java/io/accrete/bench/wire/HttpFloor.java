package io.accrete.bench.wire;

import io.accrete.bench.CpuShare;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * Round trips of a bare JDK {@link HttpClient} against a running server: the floor under every
 * SDK call, before any of the SDK's own work. Three modes, each from one thread, sequentially:
 * <ul>
 *   <li>{@code db}: {@code GET /db}, with and without a request timeout;</li>
 *   <li>{@code q}: {@code POST /q} of a unique lookup (one of 1,000 seeded names): SdkBench's lookup query, sent here as EDN;</li>
 *   <li>{@code transact}: {@code POST /transact} of a new entity with two attributes, as EDN.</li>
 * </ul>
 * Usage: {@code HttpFloor http://127.0.0.1:PORT [db|q|transact]}; {@code q} and {@code transact}
 * work in a database {@code floor} they create. Prints p50/p99 and this JVM's CPU per request for
 * rounds after the first (the JIT's warm-up).
 */
public final class HttpFloor {
    private static final String EDN = "application/edn";

    public static void main(String[] args) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
        String base = args[0].replaceAll("/+$", "").replaceAll("/db$", "");
        String mode = args.length > 1 ? args[1] : "db";
        if (!mode.equals("db")) {
            send(client, HttpRequest.newBuilder(URI.create(base + "/databases/floor")).PUT(body("{}")));
            send(client, HttpRequest.newBuilder(URI.create(base + "/databases/floor/transact")).POST(body(
                    "{:tx-data [{:db/ident :floor/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                            + " {:db/ident :floor/n :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]}")));
            StringBuilder seed = new StringBuilder("{:tx-data [");
            for (int i = 0; i < 1000; i++) seed.append("{:floor/name \"q").append(i).append("\" :floor/n ").append(i).append('}');
            send(client, HttpRequest.newBuilder(URI.create(base + "/databases/floor/transact")).POST(body(seed.append("]}").toString())));
        }
        URI db = URI.create(base + "/db"), q = URI.create(base + "/databases/floor/q"), tx = URI.create(base + "/databases/floor/transact");
        long k = 0;
        String run = Long.toString(System.nanoTime(), 36);   // new names on every run, or a second run would only upsert
        int n = mode.equals("transact") ? 5_000 : 20_000;
        for (int round = 1; round <= 4; round++) {
            for (boolean timeout : mode.equals("db") ? new boolean[] {false, true} : new boolean[] {false}) {
                long[] lat = new long[n];
                long cpu0 = CpuShare.processCpu();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++, k++) {
                    long s = System.nanoTime();
                    HttpRequest.Builder b = switch (mode) {
                        case "q" -> HttpRequest.newBuilder(q).POST(body("{:query [:find ?e . :in $ ?n :where [?e :floor/name ?n]] :args [\"q"
                                + (k % 1000) + "\"]}"));
                        case "transact" -> HttpRequest.newBuilder(tx).POST(body("{:tx-data [{:floor/name \"n-" + run + "-" + k + "\" :floor/n " + k + "}]}"));
                        default -> HttpRequest.newBuilder(db);
                    };
                    if (timeout) b.timeout(Duration.ofSeconds(30));
                    send(client, b.header("Accept", EDN));
                    lat[i] = System.nanoTime() - s;
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                long cpu = CpuShare.processCpu() - cpu0;
                Arrays.sort(lat);
                if (round > 1) {
                    System.out.printf("%s round %d%s: %.0f req/s, p50 %d µs, p99 %d µs, client CPU %d µs/req%n", mode, round,
                            mode.equals("db") ? ", timeout " + timeout : "", n / secs, lat[n / 2] / 1000, lat[n * 99 / 100] / 1000, cpu / 1000 / n);
                }
            }
        }
    }

    private static HttpRequest.BodyPublisher body(String edn) {
        return HttpRequest.BodyPublishers.ofString(edn);
    }

    private static void send(HttpClient client, HttpRequest.Builder b) throws Exception {
        HttpResponse<byte[]> r = client.send(b.header("Content-Type", EDN).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() / 100 != 2) throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body()));
    }
}
