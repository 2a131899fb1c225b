package io.accrete.server.http;

import io.accrete.engine.Connection;
import io.accrete.engine.index.EntityIds;
import io.accrete.server.errors.ServerErrors;
import io.accrete.server.wire.WireFormat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.javalin.http.HandlerType.GET;

/**
 * {@code GET /events}: server-sent events, one {@code tx} event per committed transaction, its
 * {@code id} the transaction's t. A client resumes with {@code Last-Event-ID} (what browsers'
 * EventSource send on reconnect) or {@code ?last-event-id=t}: everything after t is replayed
 * from the log, then the stream goes live. Event data is EDN unless {@code ?format=json} or
 * {@code ?format=transit}.
 */
public final class EventsEndpoint {
    private static final AtomicInteger IDS = new AtomicInteger();

    private EventsEndpoint() {}

    public static List<Route> routes() {
        return List.of(new Route(GET, "/events", Access.READ, true, false, EventsEndpoint::events));
    }

    static void events(Exchange ex) throws Exception {
        Connection conn = ex.conn();
        WireFormat format = switch (String.valueOf(ex.ctx.queryParam("format"))) {
            case "null", "edn" -> WireFormat.EDN;
            case "json" -> WireFormat.JSON;
            case "transit" -> WireFormat.TRANSIT;
            default -> throw ServerErrors.invalid("format is edn, json or transit");
        };
        String last = ex.ctx.header("Last-Event-ID");
        if (last == null || last.isBlank()) last = ex.ctx.queryParam("last-event-id");
        long lastT = last == null || last.isBlank() ? -1 : EntityIds.toT(ReadYourWrites.parseT(last.trim(), "Last-Event-ID"));
        // A position in another database of this name (deleted and made again): all of this one is after it.
        String claimed = ex.ctx.header(ReadYourWrites.DB_HEADER);
        if (lastT >= 0 && claimed != null && !claimed.isBlank() && !claimed.trim().equals(conn.databaseId())) lastT = 0;
        Services s = ex.services;
        if (s.metrics.sseOpened() > s.config.maxSseClients()) {
            s.metrics.sseClosed();
            throw ServerErrors.error(ServerErrors.TOO_MANY_STREAMS, "Too many open event streams (" + s.config.maxSseClients() + ")");
        }
        var res = ex.ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        EventStream stream = new EventStream(conn, ex.dbName, format, res.getOutputStream(), lastT);
        s.streams.add(stream);
        Thread t = new Thread(stream, "accrete-events-" + IDS.incrementAndGet());
        t.setDaemon(true);
        ex.when(stream.done().whenComplete((v, err) -> {
            s.streams.remove(stream);
            s.metrics.sseClosed();
        }), v -> { });
        t.start();
    }
}
