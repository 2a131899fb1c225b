package io.accrete.server;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transaction is answered on the request thread when its commit comes quickly, and by a worker
 * when it does not; both ways give the same answer, and a client's timeout still holds.
 */
class TransactAnswerTest {
    static ServerFixture f;

    @BeforeAll static void start() {
        f = ServerFixture.start();
        f.createWithSchema("ta");
    }

    @AfterAll static void stop() { f.close(); }

    /** Thousands of new entities: far longer to apply and commit than the request thread waits. */
    static String bigTxData(String prefix) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 20_000; i++) sb.append("{:p/name \"").append(prefix).append(i).append("\" :p/age ").append(i).append('}');
        return sb.append(']').toString();
    }

    static long count(String prefix) {
        Object n = f.postOk("/databases/ta/q", "{:query [:find (count ?e) . :in $ ?p :where [?e :p/name ?n] [(clojure.string/starts-with? ?n ?p)]]"
                + " :args [{:db-name \"ta\"} \"" + prefix + "\"]}");
        return n == null ? 0 : (Long) n;
    }

    @Test void aSlowCommitIsStillAnsweredWithItsReport() {
        Map<?, ?> report = (Map<?, ?>) f.postOk("/databases/ta/transact", "{:tx-data " + bigTxData("slow-") + "}");
        List<?> datoms = (List<?>) report.get(Keyword.of("tx-data"));
        assertEquals(2 * 20_000 + 1, datoms.size(), "every datom and the txInstant");
        assertEquals(20_000L, count("slow-"));
        // and the request after it is answered as usual
        Map<?, ?> small = (Map<?, ?>) f.postOk("/databases/ta/transact", "{:tx-data [{:p/name \"quick\"}]}");
        assertEquals(2, ((List<?>) small.get(Keyword.of("tx-data"))).size());
    }

    @Test void aCommitSlowerThanTheClientsTimeoutIsATimeoutAndAllOrNothing() throws Exception {
        Response r = f.post("/databases/ta/transact", "{:tx-data " + bigTxData("late-") + " :timeout-ms 1}");
        assertEquals(504, r.statusCode(), r.asString());
        Map<?, ?> body = (Map<?, ?>) Edn.read(r.asString());
        assertEquals(Keyword.of("db.error", "timeout"), body.get(Keyword.of("category")));
        assertTrue(((String) body.get(Keyword.of("message"))).contains("may still commit"), body.toString());
        // It was not withdrawn: it commits whole, or (had it failed) not at all.
        long deadline = System.currentTimeMillis() + 10_000;
        while (count("late-") == 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertEquals(20_000L, count("late-"));
    }

    @Test void aTimeoutPastTheRequestThreadsWaitNamesTheClientsTimeout() throws Exception {
        Response r = f.post("/databases/ta/transact", "{:tx-data " + bigTxData("later-") + " :timeout-ms 8}");
        assertEquals(504, r.statusCode(), r.asString());
        Map<?, ?> body = (Map<?, ?>) Edn.read(r.asString());
        assertTrue(((String) body.get(Keyword.of("message"))).contains("within 8 ms"), body.toString());
        assertEquals(8L, ((Map<?, ?>) body.get(Keyword.of("data"))).get(Keyword.of("timeout-ms")));
    }

    @Test void aBatchWithASlowTransactionAnswersEveryOutcome() {
        Map<?, ?> answer = (Map<?, ?>) f.postOk("/databases/ta/transact-batch",
                "{:transactions [{:tx-data " + bigTxData("batch-") + "} {:tx-data [{:p/name \"after-batch\"}]}]}");
        List<?> results = (List<?>) answer.get(Keyword.of("results"));
        assertEquals(2, results.size());
        for (Object r : results) assertEquals(200L, ((Map<?, ?>) r).get(Keyword.of("status")), r.toString());
        assertEquals(20_000L, count("batch-"));
    }
}
