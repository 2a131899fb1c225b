package io.accrete.server;

import com.cognitect.transit.TransitFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.EdnList;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.data.TaggedValue;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.server.wire.WireFormat;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Types survive each wire format: exactly in transit and EDN, by the documented convention in JSON. */
class WireFormatTest {
    static ServerFixture f;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll static void start() {
        f = ServerFixture.start();
        f.createWithSchema("wf");
    }

    @AfterAll static void stop() { f.close(); }

    static final String PULL_ALL = "[:p/born :p/id :p/score :p/big :p/dec :p/kw :p/tags :p/bytes :p/uri :p/sym]";

    @Test void transitRoundTripsEveryType() throws Exception {
        String tx = "{:tx-data [{:p/name \"tr\" :p/born #inst \"2020-01-02T03:04:05.678-00:00\" :p/id #uuid \"6ba7b810-9dad-11d1-80b4-00c04fd430c8\""
                + " :p/score 1.5 :p/big 123456789012345678901234567890N :p/dec 3.14159265358979323846M :p/kw :a/b :p/tags #{\"x\" \"y\"}"
                + " :p/bytes #bytes \"AQID\" :p/uri #uri \"https://example.com/a?b\" :p/sym foo/bar}]}";
        byte[] body = WireFormat.TRANSIT.codec().write(Edn.read(tx));
        Response r = f.given().contentType(ServerFixture.TRANSIT).accept(ServerFixture.TRANSIT).body(body).post("/databases/wf/transact");
        assertEquals(200, r.statusCode(), r.asString());
        Response p = f.given().contentType(ServerFixture.TRANSIT).accept(ServerFixture.TRANSIT)
                .body(WireFormat.TRANSIT.codec().write(Edn.read("{:selector " + PULL_ALL + " :eid [:p/name \"tr\"]}"))).post("/databases/wf/pull");
        assertEquals(200, p.statusCode(), p.asString());
        // Read with transit-java's own default handlers: the wire carries real transit types.
        Map<?, ?> m = (Map<?, ?>) TransitFactory.reader(TransitFactory.Format.JSON, new ByteArrayInputStream(p.asByteArray())).read();
        assertEquals(new Date(Date.parse("Thu, 2 Jan 2020 03:04:05 GMT") + 678), m.get(TransitFactory.keyword("p/born")));
        assertEquals(UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), m.get(TransitFactory.keyword("p/id")));
        assertEquals(new BigInteger("123456789012345678901234567890"), m.get(TransitFactory.keyword("p/big")));
        assertEquals(new BigDecimal("3.14159265358979323846"), m.get(TransitFactory.keyword("p/dec")));
        assertEquals(TransitFactory.keyword("a/b"), m.get(TransitFactory.keyword("p/kw")));
        assertEquals(TransitFactory.symbol("foo/bar"), m.get(TransitFactory.keyword("p/sym")));
        assertArrayEquals(new byte[]{1, 2, 3}, (byte[]) m.get(TransitFactory.keyword("p/bytes")));
        assertEquals(1.5, m.get(TransitFactory.keyword("p/score")));
        assertTrue(p.asString().contains("~rhttps://example.com/a?b"), p.asString());
        // And through the server's codec, back to the engine's types.
        Map<?, ?> mine = (Map<?, ?>) WireFormat.TRANSIT.codec().read(p.asByteArray());
        assertEquals(Symbol.of("foo/bar"), mine.get(Keyword.of("p/sym")));
        assertEquals(URI.create("https://example.com/a?b"), mine.get(Keyword.of("p/uri")));
        Object set = WireFormat.TRANSIT.codec().read(f.given().contentType(ServerFixture.TRANSIT).accept(ServerFixture.TRANSIT)
                .body(WireFormat.TRANSIT.codec().write(Edn.read("{:query [:find ?t :where [?e :p/name \"tr\"] [?e :p/tags ?t]]}"))).post("/databases/wf/q").asByteArray());
        assertEquals(Set.of(List.of("x"), List.of("y")), set);
    }

    /** What the server's transit reader hands the engine is what its EDN reader hands it. */
    @Test void transitReadsIntoTheEnginesPlainTypes() {
        byte[] body = ("[\"^ \",\"~:n\",1,\"~:ch\",\"~ca\",\"~:tags\",[\"~#set\",[1,\"~cb\",[\"^ \",\"~:k\",2]]],"
                + "\"~:l\",[\"~#list\",[3,4]],\"~:v\",[5,[6]],\"~:cm\",[\"~#cmap\",[[1,2],7,[3],8]]]").getBytes(StandardCharsets.UTF_8);
        Object read = WireFormat.TRANSIT.codec().read(body);
        assertEquals(Edn.read("{:n 1 :ch \"a\" :tags #{1 \"b\" {:k 2}} :l (3 4) :v [5 [6]] :cm {[1 2] 7 [3] 8}}"), read);
        Map<?, ?> m = (Map<?, ?>) read;
        assertEquals(List.of(Keyword.of("n"), Keyword.of("ch"), Keyword.of("tags"), Keyword.of("l"), Keyword.of("v"), Keyword.of("cm")),
                List.copyOf(m.keySet()), "keys keep their written order");
        assertEquals(Long.class, m.get(Keyword.of("n")).getClass());
        assertEquals(Long.class, ((List<?>) ((List<?>) m.get(Keyword.of("v"))).get(1)).get(0).getClass());
        assertEquals(EdnList.class, m.get(Keyword.of("l")).getClass());
        for (Object c : List.of(m, m.get(Keyword.of("tags")), m.get(Keyword.of("v")), m.get(Keyword.of("cm")))) {
            assertThrows(UnsupportedOperationException.class, () -> {
                if (c instanceof Map<?, ?> x) x.clear(); else ((Collection<?>) c).clear();
            }, "unmodifiable: " + c);
        }
        assertEquals(2L, transit("[\"~#'\",2]"));
        assertEquals(Edn.read("[{} [] #{} {:s #{1}}]"), transit("[[\"^ \"],[],[\"~#set\",[]],{\"~:s\":{\"~#set\":[1]}}]"),
                "empty collections, and the map form of a tagged value");
        Object tagged = transit("[\"~#point\",[1,\"~cx\"]]");
        assertEquals("x", ((List<?>) ((TaggedValue) tagged).value()).get(1), "an unknown tag's value is plain too");
        assertEquals("\uD83D\uDE00", transit("\"~c\uD83D\uDE00\""), "one character beyond the BMP");
        for (String bad : List.of("[\"~#ratio\",[1,2]]", "\"~c\"", "\"~cab\"", "[\"~#cmap\",[[1],2,[3]]]")) {
            AccreteException e = assertThrows(
                    AccreteException.class, () -> transit(bad), bad);
            assertEquals(Errors.PARSE, e.category(), bad);
            assertTrue(e.getMessage().matches("(Ratios are not supported|A transit character .*|A composite-key map .*)"),
                    bad + " -> " + e.getMessage());
        }
    }

    @Test void aTransitCacheCodeTheMessageNeverDefinedIsMalformed() {
        for (String bad : List.of("[\"^ \",\"^5\",1]", "[\"^ \",\"~:a\",\"^1\"]", "\"^0\"")) {
            AccreteException e = assertThrows(
                    AccreteException.class, () -> transit(bad), bad);
            assertEquals(Errors.PARSE, e.category(), bad);
        }
        // Past transit's 1,936 cache entries both sides start over; every code stays defined.
        Map<Object, Object> big = new LinkedHashMap<>();
        for (int i = 0; i < 4_500; i++) big.put(Keyword.of("k/key-" + i), List.of(Keyword.of("v/value-" + (i % 400)), "key-" + i));
        byte[] body = WireFormat.TRANSIT.codec().write(big);
        assertTrue(new String(body, StandardCharsets.UTF_8).matches("(?s).*\"\\^..\".*"), "the message uses two-digit cache codes");
        assertEquals(big, WireFormat.TRANSIT.codec().read(body));
    }

    /** A number of millions of digits is a few characters with an exponent; every format refuses it as it reads. */
    @Test void everyFormatRefusesNumbersOfMoreThanTenThousandDigits() {
        for (String bad : List.of("[\"~n" + "7".repeat(20_000) + "\"]", "[\"~f1E+10000000\"]", "[\"~f" + "1".repeat(20_000) + "\"]")) {
            AccreteException e = assertThrows(AccreteException.class, () -> transit(bad), bad.substring(0, 10));
            assertEquals(Errors.PARSE, e.category());
            assertTrue(e.getMessage().contains("digits"), e.getMessage());
        }
        assertEquals(List.of(new java.math.BigDecimal("1E+9000")), transit("[\"~f1E+9000\"]"));
        for (String bad : List.of("[1E+10000000M]", "[1E-10001M]")) {
            AccreteException e = assertThrows(AccreteException.class, () -> WireFormat.EDN.codec().read(bad.getBytes(StandardCharsets.UTF_8)));
            assertEquals(Errors.PARSE, e.category());
        }
        AccreteException e = assertThrows(AccreteException.class, () -> WireFormat.JSON.codec().read("[1.5e10000000]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Errors.PARSE, e.category());
        // over HTTP: 400, and nothing written
        f.post("/databases/wf/transact", "{:tx-data [{:p/dec 1E+10000000M}]}").then().statusCode(400);
    }

    @Test void transitRefusesDuplicateKeysAsEdnAndJsonDo() {
        for (String bad : List.of("[\"^ \",\"~:a\",1,\"~:a\",2]", "[\"~#set\",[1,1]]", "[\"~#cmap\",[[1],2,[1],3]]")) {
            AccreteException e = assertThrows(AccreteException.class, () -> transit(bad), bad);
            assertEquals(Errors.PARSE, e.category());
            assertTrue(e.getMessage().contains("Duplicate"), e.getMessage());
        }
        assertEquals(Map.of(Keyword.of("a"), 1L, Keyword.of("b"), 2L), transit("[\"^ \",\"~:a\",1,\"~:b\",2]"));
    }

    @Test void jsonErrorsDoNotNameTheParsersSettings() {
        for (String bad : List.of("[1,2", "{\"a\": NaN}", "{\"a\": " + "1".repeat(2000) + "}")) {
            AccreteException e = assertThrows(AccreteException.class, () -> WireFormat.JSON.codec().read(bad.getBytes(StandardCharsets.UTF_8)));
            assertFalse(e.getMessage().contains("`") || e.getMessage().contains("REDACTED"), e.getMessage());
        }
    }

    private static Object transit(String body) {
        return WireFormat.TRANSIT.codec().read(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test void ednRoundTripsEveryType() {
        f.postOk("/databases/wf/transact", "{:tx-data [{:p/name \"ed\" :p/dec 1.10M :p/big 7N :p/kw :k :p/sym s :p/bytes #bytes \"AAE=\"}]}");
        Map<?, ?> m = (Map<?, ?>) f.postOk("/databases/wf/pull", "{:selector [:p/dec :p/big :p/kw :p/sym :p/bytes] :eid [:p/name \"ed\"]}");
        assertEquals(new BigDecimal("1.10"), m.get(Keyword.of("p/dec")));
        assertEquals(BigInteger.valueOf(7), m.get(Keyword.of("p/big")));
        assertEquals(Symbol.of("s"), m.get(Keyword.of("p/sym")));
        assertArrayEquals(new byte[]{0, 1}, (byte[]) m.get(Keyword.of("p/bytes")));
    }

    @Test void ednNeverCoercesNumbersAcrossTypes() {
        Response r = f.post("/databases/wf/transact", "{:tx-data [{:p/name \"n\" :p/score 1}]}");
        assertEquals(422, r.statusCode(), r.asString());
    }

    static JsonNode json(String path, String body, int status) throws Exception {
        Response r = f.given().contentType(ServerFixture.JSON).accept(ServerFixture.JSON).body(body).post(path);
        assertEquals(status, r.statusCode(), r.asString());
        return JSON.readTree(r.asString());
    }

    @Test void jsonConventionCoercesByAttributeType() throws Exception {
        JsonNode rep = json("/databases/wf/transact", """
                {"tx-data": [{"db/id": "j", "p/name": "js", "p/born": "2021-05-06T07:08:09Z", "p/id": "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
                  "p/score": 2, "p/big": 98765432109876543210, "p/dec": "0.1", "p/kw": ":x/y", "p/tags": ["a", "b"],
                  "p/bytes": "AQI=", "p/uri": "urn:a", "p/sym": "s/t"},
                 [":db/add", "j", ":p/age", 41]]}""", 200);
        assertTrue(rep.get("tempids").get("j").isNumber());
        assertTrue(rep.get("db-after").get("basis-t").isNumber());
        JsonNode datom = rep.get("tx-data").get(0);
        assertTrue(datom.get(1).asText().startsWith(":p/") || datom.get(1).asText().startsWith(":db/"), datom.toString());
        JsonNode pulled = json("/databases/wf/pull", "{\"selector\": \"" + PULL_ALL + "\", \"eid\": [\":p/name\", \"js\"]}", 200);
        assertEquals("2021-05-06T07:08:09Z", pulled.get("p/born").asText());
        assertEquals("6ba7b810-9dad-11d1-80b4-00c04fd430c8", pulled.get("p/id").asText());
        assertEquals(2.0, pulled.get("p/score").asDouble());
        assertEquals("98765432109876543210", pulled.get("p/big").asText());
        assertEquals("0.1", pulled.get("p/dec").asText());
        assertEquals(":x/y", pulled.get("p/kw").asText());
        assertEquals("AQI=", pulled.get("p/bytes").asText());
        assertEquals("urn:a", pulled.get("p/uri").asText());
        JsonNode rel = json("/databases/wf/q", "{\"query\": \"[:find ?a :in $ ?n :where [?e :p/name ?n] [?e :p/age ?a]]\", \"args\": [\"js\"]}", 200);
        assertEquals("[[41]]", rel.toString());
        JsonNode kw = json("/databases/wf/q", "{\"query\": \"[:find ?e . :in $ ?k :where [?e :p/kw ?k]]\", \"args\": [\":x/y\"]}", 200);
        assertTrue(kw.isNumber());
        JsonNode viaEdnArgs = json("/databases/wf/q", "{\"query\": \"[:find ?e . :in $ ?k :where [?e :p/kw ?k]]\", \"args\": \"[:x/y]\"}", 200);
        assertEquals(kw, viaEdnArgs);
    }

    /**
     * JSON's own convention, kept where EDN now reads as Datomic does: an operation named without its
     * colon, one lookup ref under a cardinality-many ref attribute (EDN reads that pair as two values),
     * and flat or nested tuples under a cardinality-many tuple attribute.
     */
    @Test void jsonKeepsItsConventionForOperationsLookupRefsAndTuples() throws Exception {
        f.postOk("/databases/wf/transact", "{:tx-data [{:db/ident :p/pairs :db/valueType :db.type/tuple :db/tupleType :db.type/long"
                + " :db/cardinality :db.cardinality/many}]}");
        json("/databases/wf/transact", """
                {"tx-data": [{"p/name": "friend-a"}, ["db/add", "x", "p/name", "json-ops"]]}""", 200);
        json("/databases/wf/transact", """
                {"tx-data": [{"p/name": "json-ops", "p/friend": [":p/name", "friend-a"], "p/pairs": [1, 2]},
                             {"p/name": "json-ops2", "p/pairs": [[3, 4], [5, 6]]}]}""", 200);
        JsonNode friends = json("/databases/wf/q", "{\"query\": \"[:find ?fn :where [?e :p/name \\\"json-ops\\\"] [?e :p/friend ?f] [?f :p/name ?fn]]\"}", 200);
        assertEquals("[[\"friend-a\"]]", friends.toString(), "one friend, found by the lookup ref");
        // a pair that starts with something other than a unique attribute stays two values
        JsonNode two = json("/databases/wf/transact", """
                {"tx-data": [{"db/id": "ref-target", "p/name": "friend-b"},
                             {"p/name": "json-two", "p/friend": [":p/age", "ref-target"]}]}""", 200);
        JsonNode twoFriends = json("/databases/wf/q", "{\"query\": \"[:find (count ?f) . :where [?e :p/name \\\"json-two\\\"] [?e :p/friend ?f]]\"}", 200);
        assertEquals(2, twoFriends.asInt(), "the :p/age attribute's entity and the new one: " + two);
        JsonNode pairs = json("/databases/wf/q", "{\"query\": \"[:find ?n ?p :where [?e :p/pairs ?p] [?e :p/name ?n]]\"}", 200);
        java.util.Set<String> got = new java.util.TreeSet<>();
        for (JsonNode row : pairs) got.add(row.toString());
        assertEquals(java.util.Set.of("[\"json-ops\",[1,2]]", "[\"json-ops2\",[3,4]]", "[\"json-ops2\",[5,6]]"), got);
    }

    @Test void jsonWritesIntegersBeyond2to53AsStrings() throws Exception {
        JsonNode r = json("/databases/wf/q", "{\"query\": \"[:find ?x ?y :in ?x ?y]\", \"args\": [9007199254740993, 9007199254740991]}", 200);
        assertEquals("[[\"9007199254740993\",9007199254740991]]", r.toString());
        JsonNode back = json("/databases/wf/transact", "{\"tx-data\": [{\"p/name\": \"big\", \"p/age\": \"9007199254740993\"}]}", 200);
        JsonNode age = json("/databases/wf/q", "{\"query\": \"[:find ?a . :where [?e :p/name \\\"big\\\"] [?e :p/age ?a]]\"}", 200);
        assertEquals("9007199254740993", age.asText());
        assertTrue(back.get("db-after").get("basis-t").isNumber());
    }

    /** What the JSON writer puts out for a double it reads back as that double. */
    @Test void jsonDoublesKeepNegativeZeroNaNAndInfinities() throws Exception {
        for (String d : List.of("-0.0", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"")) {
            json("/databases/wf/transact", "{\"tx-data\": [{\"p/name\": \"d\", \"p/score\": " + d + "}]}", 200);
            JsonNode pulled = json("/databases/wf/pull", "{\"selector\": \"[:p/score]\", \"eid\": [\":p/name\", \"d\"]}", 200);
            assertEquals(d, pulled.get("p/score").toString());
        }
        Map<?, ?> m = (Map<?, ?>) f.postOk("/databases/wf/pull", "{:selector [:p/score] :eid [:p/name \"d\"]}");
        assertEquals(Double.NEGATIVE_INFINITY, m.get(Keyword.of("p/score")));
        // a finite number too large for a double is refused, not stored as Infinity
        json("/databases/wf/transact", "{\"tx-data\": [{\"p/name\": \"d\", \"p/score\": 1e400}]}", 422);
        // nor is text that no UTF-8 can carry
        json("/databases/wf/transact", "{\"tx-data\": [{\"p/name\": \"a\\ud800b\"}]}", 422);
    }

    @Test void jsonDescriptorsAndWith() throws Exception {
        JsonNode db = JSON.readTree(f.given().accept(ServerFixture.JSON).get("/databases/wf/db").asString());
        assertEquals("wf", db.get("db-name").asText());
        JsonNode w = json("/databases/wf/with", "{\"tx-data\": [{\"p/name\": \"jw\"}], \"db\": " + db + "}", 200);
        JsonNode n = json("/databases/wf/q", "{\"query\": \"[:find (count ?e) . :where [?e :p/name \\\"jw\\\"]]\", \"args\": [" + w.get("db-after") + "]}", 200);
        assertEquals(1, n.asInt());
    }

    @Test void keywordStringsInJsonAreKeywordsOnlyInTheirPositions() throws Exception {
        json("/databases/wf/transact", "{\"tx-data\": [{\"p/name\": \":not-a-keyword\"}]}", 200);
        JsonNode r = json("/databases/wf/q", "{\"query\": \"[:find ?n . :where [?e :p/name ?n] [(= ?n \\\":not-a-keyword\\\")]]\"}", 200);
        assertEquals(":not-a-keyword", r.asText());
    }
}
