package io.accrete.server;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.server.wire.WireFormat;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile bodies in every format — truncated, byte-flipped, deeply nested, huge numbers, wrong
 * types, invalid UTF-8 — never produce a 5xx, and never change the database.
 */
class FuzzTest {
    static ServerFixture f;
    static final Random RND = new Random(20240607L);
    static final String[] READ_PATHS = {"/databases/fz/q", "/databases/fz/pull", "/databases/fz/with"};
    static final String TX = "{:tx-data [{:db/id \"a\" :p/name \"F\" :p/age 3 :p/born #inst \"2020-01-01\" :p/tags #{\"a\" \"b\"}} [:db/add \"a\" :p/friend [:p/name \"Ann\"]]]}";
    static final String Q = "{:query [:find ?n ?a :in $ ?x :where [?e :p/name ?n] [?e :p/age ?a] [(> ?a ?x)]] :args [1]}";
    static final String PULL = "{:selector [:p/name {:p/friend [*]}] :eid [:p/name \"Ann\"]}";
    static final String JSON_TX = "{\"tx-data\": [{\"db/id\": \"a\", \"p/name\": \"F\", \"p/age\": 3, \"p/born\": \"2020-01-01T00:00:00Z\"}]}";

    @BeforeAll static void start() {
        f = ServerFixture.start();
        f.createWithSchema("fz");
        f.postOk("/databases/fz/transact", "{:tx-data [{:p/name \"Ann\" :p/age 5}]}");
    }

    @AfterAll static void stop() { f.close(); }

    static String state() {
        Map<?, ?> db = (Map<?, ?>) f.getOk("/databases/fz/db");
        Object n = f.postOk("/databases/fz/q", "{:query [:find (count ?e) . :where [?e :p/name]]}");
        return db.get(Keyword.of("basis-t")) + "/" + n;
    }

    static void send(String path, String type, byte[] body) {
        Response r = f.given().contentType(type).accept(type).body(body).post(path);
        assertTrue(r.statusCode() < 500, () -> path + " " + type + " gave " + r.statusCode() + " for "
                + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8) + " -> " + r.asString());
        assertFalse(r.asString().contains("\tat "), "stack trace in body");
    }

    static List<byte[]> prefixes(byte[] b, int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(Arrays.copyOf(b, RND.nextInt(b.length - 1) + 1));
        return out;
    }

    static byte[] mutate(byte[] b) {
        byte[] m = b.clone();
        int flips = 1 + RND.nextInt(4);
        for (int i = 0; i < flips; i++) m[RND.nextInt(m.length)] = (byte) RND.nextInt(256);
        return m;
    }

    @Test void truncatedTransactionsInEveryFormatChangeNothing() {
        String before = state();
        byte[][] bodies = {TX.getBytes(StandardCharsets.UTF_8), WireFormat.TRANSIT.codec().write(Edn.read(TX)), JSON_TX.getBytes(StandardCharsets.UTF_8)};
        String[] types = {ServerFixture.EDN, ServerFixture.TRANSIT, ServerFixture.JSON};
        for (int k = 0; k < 3; k++) for (byte[] p : prefixes(bodies[k], 60)) send("/databases/fz/transact", types[k], p);
        assertEquals(before, state());
    }

    @Test void mutatedReadsNeverFail() {
        String before = state();
        String[] edn = {Q, PULL, TX};
        for (int k = 0; k < READ_PATHS.length; k++) {
            byte[] e = edn[k].getBytes(StandardCharsets.UTF_8);
            byte[] t = WireFormat.TRANSIT.codec().write(Edn.read(edn[k]));
            byte[] j = WireFormat.JSON.codec().write(Edn.read(edn[k]));
            for (int i = 0; i < 40; i++) {
                send(READ_PATHS[k], ServerFixture.EDN, mutate(e));
                send(READ_PATHS[k], ServerFixture.TRANSIT, mutate(t));
                send(READ_PATHS[k], ServerFixture.JSON, mutate(j));
            }
        }
        assertEquals(before, state());
    }

    @Test void nastyBodiesInEveryFormat() {
        String before = state();
        String deepEdn = "{:tx-data " + "[".repeat(5000) + "]".repeat(5000) + "}";
        String deepJson = "{\"tx-data\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
        String deepTransit = "[\"^ \",\"~:tx-data\"," + "[".repeat(5000) + "]".repeat(5000) + "]";
        String unterminatedDeep = "[".repeat(100_000);
        String hugeNumber = "9".repeat(5000);
        byte[] badUtf8 = {'{', ':', 't', 'x', '-', 'd', 'a', 't', 'a', ' ', '[', '"', (byte) 0xC3, (byte) 0x28, '"', ']', '}'};
        List<Object[]> cases = List.of(
                new Object[]{ServerFixture.EDN, deepEdn}, new Object[]{ServerFixture.JSON, deepJson}, new Object[]{ServerFixture.TRANSIT, deepTransit},
                new Object[]{ServerFixture.EDN, unterminatedDeep}, new Object[]{ServerFixture.JSON, unterminatedDeep}, new Object[]{ServerFixture.TRANSIT, unterminatedDeep},
                new Object[]{ServerFixture.EDN, "{:tx-data [{:p/name \"x\" :p/age " + hugeNumber + "}]}"},
                new Object[]{ServerFixture.JSON, "{\"tx-data\": [{\"p/name\": \"x\", \"p/age\": " + hugeNumber + "}]}"},
                new Object[]{ServerFixture.TRANSIT, "[\"^ \",\"~:tx-data\",[[\"^ \",\"~:p/name\",\"x\",\"~:p/age\",\"~n" + hugeNumber + "\"]]]"},
                new Object[]{ServerFixture.JSON, "{\"tx-data\": [{\"p/name\": \"x\", \"p/age\": 1e999999}]}"},
                new Object[]{ServerFixture.EDN, "{:tx-data [{:p/name 42}]}"},
                new Object[]{ServerFixture.EDN, "{:tx-data [[:db/add]]}"},
                new Object[]{ServerFixture.EDN, "{:tx-data [[:db/add 1 2 3 4 5 6]]}"},
                new Object[]{ServerFixture.EDN, "{:tx-data [[:db.fn/cas]]}"},
                new Object[]{ServerFixture.EDN, "{:tx-data [{:db/id [:p/name] :p/age 1}]}"},
                new Object[]{ServerFixture.EDN, "{:tx-data [[:db/retractEntity \"nope\"]]}"},
                new Object[]{ServerFixture.EDN, "{:tx-data #{1 2}}"},
                new Object[]{ServerFixture.EDN, "{:tx-data [{:p/friend {:p/friend {:p/friend {:p/name 1}}}}]}"},
                new Object[]{ServerFixture.EDN, "{:tx-data [{:db/ident :p/age :db/valueType :db.type/string}]}"},
                new Object[]{ServerFixture.JSON, "{\"tx-data\": [[\":db/add\", \"a\", \":p/born\", \"not a date\"]]}"},
                new Object[]{ServerFixture.JSON, "{\"tx-data\": [[\":db/add\", \"a\", \":p/id\", \"zz\"]]}"},
                new Object[]{ServerFixture.JSON, "{\"tx-data\": \"nope\", \"tx-data\": 2}"},
                new Object[]{ServerFixture.JSON, "[1,2"},
                new Object[]{ServerFixture.TRANSIT, "[\"~#set\",[1,2,3]]"},
                new Object[]{ServerFixture.TRANSIT, "[\"^ \",\"~:tx-data\",[\"~#list\",[\"~#ratio\",[1,2]]]]"},
                new Object[]{ServerFixture.TRANSIT, "[\"^ \",\"~:tx-data\",[[\"~#db/id\",[\"x\"]]]]"},
                new Object[]{ServerFixture.TRANSIT, "[\"^ \",\"^0\",1]"},
                new Object[]{ServerFixture.TRANSIT, "\"~xyz\""});
        for (Object[] c : cases) {
            String type = (String) c[0];
            byte[] body = c[1] instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) c[1];
            send("/databases/fz/transact", type, body);
            send("/databases/fz/q", type, body);
        }
        for (String type : List.of(ServerFixture.EDN, ServerFixture.JSON, ServerFixture.TRANSIT)) {
            send("/databases/fz/transact", type, badUtf8);
            send("/databases/fz/q", type, badUtf8);
        }
        for (String path : List.of("/databases/fz/datoms?index=zz", "/databases/fz/datoms?index=eavt&e=%5B%5B", "/databases/fz/entity/%5B:p%2Fname",
                "/databases/fz/entity/99999999999999999999", "/databases/fz/tx-range?start=-1", "/databases/fz/sync/-3",
                "/databases/fz/as-of/x", "/databases/fz/datoms?index=avet&a=:p/age&v=notanumber&limit=abc")) {
            Response r = f.edn().get(path);
            assertTrue(r.statusCode() < 500, path + " -> " + r.statusCode() + " " + r.asString());
        }
        assertEquals(before, state());
    }
}
