package io.accrete.engine.storage;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Keyword;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The child process of {@link CrashTest}: writes transactions from several threads until killed.
 * Transaction {@code g} creates {@link #GROUP} entities with {@code :crash/group g} and
 * {@code :crash/idx 0..GROUP-1}, and annotates its transaction entity with {@code :crash/group g}.
 * When a transaction's future completes it prints {@code ack <g> <t>}, flushed, one line each.
 * Arguments: data folder, first group number, threads.
 */
public final class CrashWriter {
    static final int GROUP = 6;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long firstGroup = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
        Connection conn = Connection.open("crash", dir, ConnectionOptions.defaults());
        synchronized (out) {
            out.println("ready " + conn.db().basisT());
            out.flush();
        }
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            long base = firstGroup + i * 1_000_000L;
            Thread th = new Thread(() -> {
                Semaphore inFlight = new Semaphore(8);
                for (long g = base; ; g++) {
                    inFlight.acquireUninterruptibly();
                    long group = g;
                    conn.transactAsync(txData(group)).whenComplete((r, e) -> {
                        inFlight.release();
                        synchronized (out) {
                            out.println(e == null ? "ack " + group + " " + r.t() : "fail " + group + " " + e);
                            out.flush();
                        }
                    });
                }
            });
            th.setDaemon(false);
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) th.join();
    }

    static List<?> txData(long group) {
        List<Object> tx = new ArrayList<>();
        tx.add(List.of(Keyword.of("db/add"), "datomic.tx", Keyword.of("crash/group"), group));
        for (int i = 0; i < GROUP; i++) {
            String tmp = "e" + i;
            tx.add(List.of(Keyword.of("db/add"), tmp, Keyword.of("crash/group"), group));
            tx.add(List.of(Keyword.of("db/add"), tmp, Keyword.of("crash/idx"), (long) i));
            tx.add(List.of(Keyword.of("db/add"), tmp, Keyword.of("crash/payload"), "payload of " + group + "/" + i + " " + "x".repeat(200)));
        }
        return tx;
    }
}
