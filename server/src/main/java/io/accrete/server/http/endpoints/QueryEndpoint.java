package io.accrete.server.http.endpoints;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.query.Query;
import io.accrete.engine.query.QueryOptions;
import io.accrete.server.errors.ServerErrors;
import io.accrete.server.http.Access;
import io.accrete.server.http.Exchange;
import io.accrete.server.http.Route;
import io.accrete.server.wire.JsonQueryInputs;
import io.accrete.server.wire.WireFormat;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import static io.javalin.http.HandlerType.POST;

/**
 * {@code POST /q {:query … :args [...] :timeout-ms … :offset … :limit …}}. Database arguments
 * are descriptors; with none, {@code $} is the route's database. Answers the result itself.
 */
public final class QueryEndpoint {
    static final Keyword QUERY = Keyword.of("query");
    static final Keyword ARGS = Keyword.of("args");
    static final Keyword OFFSET = Keyword.of("offset");
    static final Keyword LIMIT = Keyword.of("limit");

    private QueryEndpoint() {}

    public static List<Route> routes() {
        return List.of(Route.db(POST, "/q", Access.READ, QueryEndpoint::query));
    }

    static void query(Exchange ex) throws Exception {
        Map<?, ?> body = ex.bodyMap(true);
        Object rawQuery = body.get(QUERY);
        if (ex.in == WireFormat.JSON && rawQuery != null && !(rawQuery instanceof String)) {
            throw ServerErrors.invalid("In JSON, :query is an EDN string, e.g. \"[:find ?e :where [?e :db/ident]]\"");
        }
        Object query = Reads.ednOrData(rawQuery, ":query");
        Object rawArgs = body.get(ARGS);
        List<?> args = Reads.args(ex, rawArgs);
        long limitCap = ex.services.config.resultLimit();
        Integer limit = Params.optionalInt(body, LIMIT);
        Integer offset = Params.optionalInt(body, OFFSET);
        long timeout = Math.min(Params.optionalLong(body, TransactEndpoint.TIMEOUT_MS, ex.services.config.queryTimeoutMs()),
                ex.services.config.queryTimeoutMs());
        QueryOptions options = new QueryOptions(timeout, offset, limit, ex.services::cancelled);
        ex.when(Reads.inputs(ex, args, body, QueryShape.firstInIsSource(query)), resolved -> {
            List<Object> inputs = ex.in == WireFormat.JSON && rawArgs instanceof List<?> raw
                    ? JsonQueryInputs.read(query, raw, resolved) : resolved;
            long started = System.nanoTime();
            Object result = Query.q(query, options, inputs.toArray());
            ex.services.metrics.queried(System.nanoTime() - started);
            if (result instanceof Collection<?> c && c.size() > limitCap) {
                throw ServerErrors.error(ServerErrors.RESULT_TOO_LARGE, "The result has " + c.size() + " items, more than the limit of "
                        + limitCap + "; page it with :offset and :limit", "result-limit", limitCap);
            }
            ex.respond(200, result);
        });
    }

}
