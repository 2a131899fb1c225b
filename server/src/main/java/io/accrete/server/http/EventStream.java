package io.accrete.server.http;

import io.accrete.engine.Connection;
import io.accrete.engine.TxReportQueue;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.index.Datom;
import io.accrete.engine.tx.TxReport;
import io.accrete.server.db.DbDescriptor;
import io.accrete.server.wire.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code GET /events} stream, pumped by its own thread. It subscribes to the live reports
 * first and then replays the log after the client's last t, so no transaction falls between
 * the two; reports at or below the last t sent are skipped. If the live queue overflows (a
 * slow client), it resubscribes and replays from the log again rather than stalling the writer.
 */
final class EventStream implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final int REPLAY_CHUNK = 500;
    private static final int QUEUE_CAPACITY = 4096;
    /**
     * How often an idle stream writes a comment. Writing is also how a client that went away is
     * noticed, and its slot of max-sse-clients freed, so this is short.
     */
    private static final long KEEPALIVE_MS = 5_000;

    private final Connection conn;
    private final String dbName;
    private final WireFormat format;
    private final OutputStream out;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean closed;
    private long lastT;

    EventStream(Connection conn, String dbName, WireFormat format, OutputStream out, long lastT) {
        this.conn = conn;
        this.dbName = dbName;
        this.format = format;
        this.out = out;
        this.lastT = lastT;
    }

    CompletableFuture<Void> done() { return done; }

    void close() { closed = true; }

    String dbName() { return dbName; }

    @Override public void run() {
        TxReportQueue queue = null;
        try {
            write(": accrete events for " + dbName + "\nretry: 2000\n\n");
            queue = conn.txReportQueue(QUEUE_CAPACITY);
            if (lastT >= 0) replay();
            long idle = 0;
            while (!closed) {
                TxReport r = queue.poll(1, TimeUnit.SECONDS);
                if (r == null) {
                    if (queue.isClosed()) {
                        if (!queue.overflowed()) break; // the database was closed or deleted
                        queue = conn.txReportQueue(QUEUE_CAPACITY);
                        replay();
                        continue;
                    }
                    idle += 1000;
                    if (idle >= KEEPALIVE_MS) {
                        write(": keepalive\n\n");
                        idle = 0;
                    }
                    continue;
                }
                idle = 0;
                if (r.t() <= lastT) continue;
                Map<Keyword, Object> live = event(r.t(), r.dbBefore().basisT(), r.dbAfter().nextT(), r.dbAfter(), r.txData());
                live.put(Views.TEMPIDS, new LinkedHashMap<>(r.tempids()));
                send(r.t(), live);
            }
        } catch (IOException e) {
            // The client went away: the normal end of a stream.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Event stream for {} ended: {}", dbName, e.toString());
        } finally {
            if (queue != null) queue.close();
            done.complete(null);
        }
    }

    private void replay() throws IOException {
        while (!closed) {
            List<Connection.LogTx> txs = conn.txRange(lastT + 1, null, REPLAY_CHUNK);
            Db db = conn.db();
            // The transaction before each one: the client's Last-Event-ID need not be a t.
            for (Connection.LogTx tx : txs) send(tx.t(), event(tx.t(), db.latestTxTAtOrBefore(tx.t() - 1), null, db, tx.datoms()));
            if (txs.size() < REPLAY_CHUNK) return;
        }
    }

    /**
     * The event for one transaction; a live one also gets its :tempids. Replayed ones come from the
     * log, which keeps neither tempids nor the next t; their :db-before is the transaction before them.
     */
    private Map<Keyword, Object> event(long t, long beforeT, Long nextT, Db identDb, List<Datom> datoms) {
        Map<Keyword, Object> m = new LinkedHashMap<>();
        m.put(Keyword.of("t"), t);
        m.put(Views.DB_BEFORE, new DbDescriptor(dbName, beforeT < 0 ? null : beforeT, null, null, null, false, null).toMap());
        m.put(Views.DB_AFTER, new DbDescriptor(dbName, t, nextT, null, null, false, null).toMap());
        m.put(Views.TX_DATA, Views.datoms(identDb, datoms));
        return m;
    }

    private void send(long t, Map<Keyword, Object> event) throws IOException {
        String data = new String(format.codec().write(event), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(data.length() + 32);
        sb.append("id: ").append(t).append("\nevent: tx\n");
        for (String line : data.split("\n", -1)) sb.append("data: ").append(line).append('\n');
        sb.append('\n');
        write(sb.toString());
        lastT = t;
    }

    private void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
