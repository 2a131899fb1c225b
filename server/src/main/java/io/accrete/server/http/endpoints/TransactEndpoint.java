package io.accrete.server.http.endpoints;

import io.accrete.engine.Connection;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.error.Errors;
import io.accrete.engine.tx.TxReport;
import io.accrete.server.errors.ServerErrors;
import io.accrete.server.http.Access;
import io.accrete.server.http.Exchange;
import io.accrete.server.http.ReadYourWrites;
import io.accrete.server.http.Route;
import io.accrete.server.http.Views;
import io.accrete.server.wire.JsonConvention;
import io.accrete.server.wire.WireFormat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.javalin.http.HandlerType.POST;

/**
 * {@code POST /transact {:tx-data [...] :timeout-ms n}}: answers the tx report once the
 * transaction is durable, and sets the read-your-writes cookie. The request thread is released
 * while the transaction waits for its group commit.
 */
public final class TransactEndpoint {
    static final Keyword TX_DATA = Keyword.of("tx-data");
    static final Keyword TIMEOUT_MS = Keyword.of("timeout-ms");

    private TransactEndpoint() {}

    public static List<Route> routes() {
        return List.of(Route.db(POST, "/transact", Access.WRITE, TransactEndpoint::transact));
    }

    static void transact(Exchange ex) throws Exception {
        Map<?, ?> body = ex.bodyMap(true);
        Connection conn = ex.conn();
        List<?> txData = txData(ex, body, conn);
        long timeout = Params.optionalLong(body, TIMEOUT_MS, ex.services.config.txTimeoutMs());
        long started = System.nanoTime();
        CompletableFuture<TxReport> f = conn.transactAsync(txData);
        CompletableFuture<TxReport> bounded = f.isDone() ? f : f.orTimeout(timeout, TimeUnit.MILLISECONDS)
                .exceptionally(err -> {
                    if (err instanceof java.util.concurrent.TimeoutException) {
                        throw ServerErrors.error(Errors.TIMEOUT, "The transaction was not acknowledged within " + timeout
                                + " ms; it may still commit (check /tx-range or /sync)", "timeout-ms", timeout);
                    }
                    throw err instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(err);
                });
        ex.when(bounded, report -> {
            ex.services.metrics.transacted(System.nanoTime() - started);
            ReadYourWrites.setCookie(ex.ctx, ex.dbName, ex.isDefaultDb(), report.t());
            ex.respond(200, Views.report(ex.dbName, report));
        });
    }

    static List<?> txData(Exchange ex, Map<?, ?> body, Connection conn) {
        Object raw = body.get(TX_DATA);
        if (ex.in == WireFormat.JSON) raw = JsonConvention.txData(raw, conn.db());
        if (!(raw instanceof List<?> l)) {
            throw ServerErrors.error(Errors.INVALID_TX, ":tx-data must be a vector of assertions, retractions and entity maps",
                    "got", raw == null ? "nothing" : String.valueOf(raw.getClass().getSimpleName()));
        }
        return l;
    }
}
