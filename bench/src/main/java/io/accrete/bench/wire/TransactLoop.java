package io.accrete.bench.wire;

import io.accrete.client.AccreteClient;
import io.accrete.client.AccreteException;
import io.accrete.client.Connection;
import io.accrete.client.Datom;
import io.accrete.client.TxReport;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks that every sequential {@code /transact} gets its own report: seeds 10,000 people in ten
 * transactions, pauses, then sends sequential five-attribute transactions with a ref and checks
 * that every report is for the transaction just sent. Prints each failure or mismatch (and whether
 * the failed transaction was applied) and a count at the end; exits 1 if there was any. It is how
 * the rare empty answer of stops 14 and 15 was caught (a race in {@code Exchange.when}, fixed in
 * stop 15; docs/benchmarks.md, client SDK). Run several at once against a fresh server:
 * <pre>
 * scripts/accrete serve --port 18080 --data /tmp/loop &amp;
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.accrete.bench.wire.TransactLoop http://127.0.0.1:18080 20000
 * </pre>
 */
public final class TransactLoop {
    private TransactLoop() {}

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int bad = 0;
        try (AccreteClient client = AccreteClient.connect(url)) {
            String db = "loop-" + Long.toString(System.currentTimeMillis(), 36);
            client.createDatabase(db);
            Connection conn = client.connection(db);
            conn.transact(SdkBench.SCHEMA);
            long friend = conn.transact(List.of(SdkBench.SdkSide.person("p", "seed-0", 0, null))).tempid("p");
            for (int from = 1; from < 10_000; from += 1000) {
                List<Object> tx = new ArrayList<>();
                for (int i = from; i < Math.min(10_000, from + 1000); i++) tx.add(SdkBench.SdkSide.person("p" + i, "seed-" + i, i, friend));
                conn.transact(tx);
            }
            Thread.sleep(1000);
            for (int i = 0; i < n; i++) {
                String name = "loop-" + i;
                try {
                    TxReport r = conn.transact(List.of(SdkBench.SdkSide.person("p", name, i, friend)));
                    if (r.txData().stream().map(Datom::v).noneMatch(name::equals)) {
                        bad++;
                        System.out.println(i + ": the report is not for this transaction: " + r.txData());
                    }
                } catch (AccreteException e) {
                    bad++;
                    // Whether the server applied it tells a lost answer from a request that never reached the handler.
                    Object applied = conn.q(SdkBench.LOOKUP, conn.db(), name);
                    System.out.println(i + ": " + e + " (applied: " + (applied != null) + ")");
                }
            }
        }
        System.out.println(n + " transactions, " + bad + " failed or mismatched");
        System.exit(bad == 0 ? 0 : 1);
    }
}
