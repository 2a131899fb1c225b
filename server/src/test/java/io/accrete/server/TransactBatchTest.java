package io.accrete.server;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.server.wire.WireFormat;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /transact-batch}: several independent transactions, one outcome each, in order. */
class TransactBatchTest {
    static ServerFixture f;
    static final Keyword RESULTS = Keyword.of("results");
    static final Keyword STATUS = Keyword.of("status");
    static final Keyword REPORT = Keyword.of("report");
    static final Keyword ERROR = Keyword.of("error");

    @BeforeAll static void start() {
        f = ServerFixture.start();
        f.createWithSchema("tb");
    }

    @AfterAll static void stop() { f.close(); }

    static List<Map<?, ?>> results(Object answer) {
        @SuppressWarnings("unchecked")
        List<Map<?, ?>> rs = (List<Map<?, ?>>) ((Map<?, ?>) answer).get(RESULTS);
        return rs;
    }

    static long t(Map<?, ?> result) {
        Map<?, ?> after = (Map<?, ?>) ((Map<?, ?>) result.get(REPORT)).get(Keyword.of("db-after"));
        return (Long) after.get(Keyword.of("basis-t"));
    }

    static Object names() {
        return f.postOk("/databases/tb/q", "{:query [:find ?n :where [_ :p/name ?n]]}");
    }

    @Test void eachTransactionGetsItsOwnOutcomeInOrder() {
        Object before = names();
        Response r = f.post("/databases/tb/transact-batch", "{:transactions ["
                + "{:tx-data [{:db/id \"a\" :p/name \"Batch-A\" :p/age 1}]}"
                + " {:tx-data [{:p/name \"Batch-B\" :p/age \"not a number\"}]}"
                + " {:tx-data [[:db/add \"c\" :p/name \"Batch-C\"] [:db/add \"c\" :p/friend [:p/name \"Batch-A\"]]]}"
                + " [:not :a :map]"
                + " {:tx-data [{:no/such-attr 1}]}"
                + " {:tx-data {:p/name \"not a vector\"}}]}");
        assertEquals(200, r.statusCode(), r.asString());
        List<Map<?, ?>> rs = results(Edn.read(r.asString()));
        assertEquals(6, rs.size());
        assertEquals(List.of(200L, 422L, 200L, 400L, 422L, 400L), rs.stream().map(m -> m.get(STATUS)).toList());
        assertEquals(Keyword.of("db.error/wrong-type-for-attribute"), ((Map<?, ?>) rs.get(1).get(ERROR)).get(Keyword.of("category")));
        assertEquals(Keyword.of("db.error/not-an-attribute"), ((Map<?, ?>) rs.get(4).get(ERROR)).get(Keyword.of("category")));
        assertTrue(t(rs.get(0)) < t(rs.get(2)), "applied in the order given, each with its own t");
        assertNull(rs.get(0).get(ERROR));
        assertFalse(rs.get(1).containsKey(REPORT));
        // The cookie carries the last t committed, as /transact's does.
        assertTrue(r.getHeader("Set-Cookie").contains("accrete-basis-t=tb:" + t(rs.get(2))), r.getHeader("Set-Cookie"));
        // The later transaction saw the earlier one (its lookup ref resolved), and the failures left nothing.
        Object friend = f.postOk("/databases/tb/q", "{:query [:find ?fn . :where [?c :p/name \"Batch-C\"] [?c :p/friend ?f] [?f :p/name ?fn]]}");
        assertEquals("Batch-A", friend);
        @SuppressWarnings("unchecked")
        Set<Object> after = new java.util.HashSet<>((java.util.Collection<Object>) names());
        after.removeAll((java.util.Collection<?>) before);
        assertEquals(Set.of(List.of("Batch-A"), List.of("Batch-C")), after);
    }

    static long metric(String name) {
        String text = f.given().get("/metrics").asString();
        String prefix = name + "{db=\"tb\"} ";
        return text.lines().filter(l -> l.startsWith(prefix)).mapToLong(l -> (long) Double.parseDouble(l.substring(prefix.length())))
                .findFirst().orElseThrow(() -> new AssertionError(name + " missing from /metrics"));
    }

    @Test void aBatchSharesOneGroupCommit() {
        long batches = metric("accrete_tx_batches_total"), appends = metric("accrete_log_appends_total");
        StringBuilder body = new StringBuilder("{:transactions [");
        // More than the writer's own batch limit (512): only a batch submitted as one unit is taken whole.
        for (int i = 0; i < 600; i++) body.append("{:tx-data [{:p/name \"Commit-").append(i).append("\" :p/age ").append(i).append("}]} ");
        List<Map<?, ?>> rs = results(f.postOk("/databases/tb/transact-batch", body.append("]}").toString()));
        assertEquals(600, rs.stream().filter(m -> m.get(STATUS).equals(200L)).count());
        assertTrue(metric("accrete_tx_batch_size_max") >= 600, "one group commit held the whole batch");
        for (int i = 1; i < 600; i++) assertTrue(t(rs.get(i - 1)) < t(rs.get(i)), "applied in the order given");
        assertEquals(batches + 1, metric("accrete_tx_batches_total"), "the writer took the whole batch at once");
        assertEquals(appends + 1, metric("accrete_log_appends_total"), "one append to the log");
    }

    @Test void aConflictFailsOnlyItsOwnTransaction() {
        Object answer = f.postOk("/databases/tb/transact-batch", "{:transactions ["
                + "{:tx-data [{:db/id \"x\" :p/name \"Cas-target\" :p/age 5}]}"
                + " {:tx-data [[:db/cas [:p/name \"Cas-target\"] :p/age 4 6]]}"
                + " {:tx-data [[:db/cas [:p/name \"Cas-target\"] :p/age 5 7]]}]}");
        List<Map<?, ?>> rs = results(answer);
        assertEquals(List.of(200L, 409L, 200L), rs.stream().map(m -> m.get(STATUS)).toList());
        assertEquals(Keyword.of("db.error/cas-failed"), ((Map<?, ?>) rs.get(1).get(ERROR)).get(Keyword.of("category")));
        assertEquals(7L, f.postOk("/databases/tb/q", "{:query [:find ?a . :where [?e :p/name \"Cas-target\"] [?e :p/age ?a]]}"));
    }

    @Test void aBodyThatIsNotABatchIsRefusedAsAWhole() {
        long t = (Long) ((Map<?, ?>) f.getOk("/databases/tb/db")).get(Keyword.of("basis-t"));
        for (String body : List.of("{}", "{:transactions []}", "{:transactions {:tx-data []}}", "{:transactions \"x\"}",
                "[{:tx-data []}]", "{:transactions [{:tx-data []}] :timeout-ms -1}")) {
            Response r = f.post("/databases/tb/transact-batch", body);
            assertEquals(400, r.statusCode(), body + ": " + r.asString());
            assertTrue(r.asString().contains(":db.error/invalid-request"), r.asString());
        }
        StringBuilder many = new StringBuilder("{:transactions [");
        for (int i = 0; i <= 1000; i++) many.append("{:tx-data []} ");
        Response r = f.post("/databases/tb/transact-batch", many.append("]}").toString());
        assertEquals(413, r.statusCode(), "too large, so a client may send the same in smaller batches");
        assertTrue(r.asString().contains("at most 1000"), r.asString());
        assertEquals(404, f.post("/databases/no-such-db/transact-batch", "{:transactions [{:tx-data []}]}").statusCode());
        assertEquals(t, ((Map<?, ?>) f.getOk("/databases/tb/db")).get(Keyword.of("basis-t")), "nothing was transacted");
    }

    @Test void jsonAndTransitBatchesWork() {
        for (WireFormat fmt : List.of(WireFormat.JSON, WireFormat.TRANSIT)) {
            String name = "Fmt-" + fmt;
            byte[] body = fmt == WireFormat.JSON
                    ? ("{\"transactions\": [{\"tx-data\": [{\"p/name\": \"" + name + "\", \"p/score\": 2}]},"
                            + " {\"tx-data\": [{\"p/name\": \"" + name + "-2\", \"p/age\": 3}]}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : fmt.codec().write(Edn.read("{:transactions [{:tx-data [{:p/name \"" + name + "\" :p/score 2.0}]} {:tx-data [{:p/name \""
                            + name + "-2\" :p/age 3}]}]}"));
            Response r = f.given().contentType(fmt.mediaType()).accept(fmt.mediaType()).body(body).post("/databases/tb/transact-batch");
            assertEquals(200, r.statusCode(), fmt + ": " + r.asString());
            List<?> rs = (List<?>) ((Map<?, ?>) fmt.codec().read(r.asByteArray())).get(RESULTS);
            assertEquals(2, rs.size());
            for (Object o : rs) assertEquals(200L, ((Map<?, ?>) o).get(STATUS), fmt + ": " + o);
        }
        assertEquals(2.0, f.postOk("/databases/tb/q", "{:query [:find ?s . :where [?e :p/name \"Fmt-JSON\"] [?e :p/score ?s]]}"));
    }
}
