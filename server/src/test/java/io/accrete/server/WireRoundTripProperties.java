package io.accrete.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.server.wire.WireFormat;
import io.restassured.response.Response;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every value of every type, written in one format and read back in another, is the value written:
 * the same Java value through EDN and transit, the documented representation through JSON.
 */
class WireRoundTripProperties {
    static ServerFixture f;
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final AtomicLong KEYS = new AtomicLong();

    static final String SCHEMA = "{:tx-data [{:db/ident :v/key :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
            + " {:db/ident :v/string :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
            + " {:db/ident :v/long :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
            + " {:db/ident :v/double :db/valueType :db.type/double :db/cardinality :db.cardinality/one}"
            + " {:db/ident :v/float :db/valueType :db.type/float :db/cardinality :db.cardinality/one}"
            + " {:db/ident :v/boolean :db/valueType :db.type/boolean :db/cardinality :db.cardinality/one}"
            + " {:db/ident :v/instant :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}"
            + " {:db/ident :v/uuid :db/valueType :db.type/uuid :db/cardinality :db.cardinality/one}"
            + " {:db/ident :v/keyword :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}"
            + " {:db/ident :v/symbol :db/valueType :db.type/symbol :db/cardinality :db.cardinality/one}"
            + " {:db/ident :v/bigint :db/valueType :db.type/bigint :db/cardinality :db.cardinality/one}"
            + " {:db/ident :v/bigdec :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/one}"
            + " {:db/ident :v/uri :db/valueType :db.type/uri :db/cardinality :db.cardinality/one}"
            + " {:db/ident :v/bytes :db/valueType :db.type/bytes :db/cardinality :db.cardinality/one}"
            + " {:db/ident :v/longs :db/valueType :db.type/tuple :db/tupleType :db.type/long :db/cardinality :db.cardinality/one}"
            + " {:db/ident :v/mixed :db/valueType :db.type/tuple :db/tupleTypes [:db.type/string :db.type/instant :db.type/keyword]"
            + "  :db/cardinality :db.cardinality/one}]}";

    @BeforeContainer static void start() {
        f = ServerFixture.start();
        assertEquals(201, f.edn().put("/databases/rt").statusCode());
        f.postOk("/databases/rt/transact", SCHEMA);
    }

    @AfterContainer static void stop() { f.close(); }

    /** JSON reads -0.0 as a double to keep its sign; for a bigint attribute that is still zero. */
    @Example void jsonNegativeZeroForABigintIsZero() {
        Response r = f.given().contentType(WireFormat.JSON.mediaType()).accept(WireFormat.EDN.mediaType())
                .body("{\"tx-data\": [{\"db/id\": \"z\", \"v/bigint\": -0.0}]}").post("/databases/rt/transact");
        assertEquals(200, r.statusCode(), r.asString());
        Map<?, ?> m = (Map<?, ?>) f.postOk("/databases/rt/pull", "{:selector [:v/bigint] :eid " + tempid(r.asString(), "z") + "}");
        assertEquals(BigInteger.ZERO, m.get(Keyword.of("v/bigint")));
    }

    private static long tempid(String ednReport, String name) {
        Map<?, ?> tempids = (Map<?, ?>) ((Map<?, ?>) Edn.read(ednReport)).get(Keyword.of("tempids"));
        return (Long) tempids.get(name);
    }

    /** One attribute and a value of its type. */
    record Case(String attr, Object value) {
        @Override public String toString() { return attr + " " + Edn.print(value); }
    }

    @Property(tries = 250)
    void everyValueSurvivesEveryFormatPair(@ForAll("cases") Case c, @ForAll WireFormat in, @ForAll WireFormat out) throws Exception {
        String key = "k" + KEYS.incrementAndGet();
        Keyword attr = Keyword.of("v/" + c.attr);
        Map<Object, Object> entity = new LinkedHashMap<>();
        entity.put(Keyword.of("v/key"), key);
        entity.put(attr, c.value);
        Response tx = send(in, in, "/databases/rt/transact", Map.of(Keyword.of("tx-data"), List.of(entity)));
        assertEquals(200, tx.statusCode(), in + " transact " + c + ": " + tx.asString());

        Map<Object, Object> pull = Map.of(Keyword.of("selector"), List.of(attr), Keyword.of("eid"), List.of(Keyword.of("v/key"), key));
        Response p = send(out, out, "/databases/rt/pull", pull);
        assertEquals(200, p.statusCode(), out + " pull " + c + ": " + p.asString());
        Map<Object, Object> q = Map.of(Keyword.of("query"), Edn.read("[:find ?v . :in $ ?k :where [?e :v/key ?k] [?e " + attr + " ?v]]"),
                Keyword.of("args"), List.of(key));
        Response r = send(out, out, "/databases/rt/q", q);
        assertEquals(200, r.statusCode(), out + " q " + c + ": " + r.asString());

        if (out == WireFormat.JSON) {
            JsonNode expected = MAPPER.readTree(WireFormat.JSON.codec().write(c.value));
            assertEquals(expected.toString(), MAPPER.readTree(p.asByteArray()).get(attr.fullName()).toString(), in + "->" + out + " pull " + c);
            assertEquals(expected.toString(), MAPPER.readTree(r.asByteArray()).toString(), in + "->" + out + " q " + c);
        } else {
            // EDN and transit have no float: one is written as its shortest decimal, which reads back as a double.
            Object expected = c.attr.equals("float") ? (Object) Double.parseDouble(c.value.toString()) : c.value;
            Object pulled = ((Map<?, ?>) out.codec().read(p.asByteArray())).get(attr);
            assertSame(expected, pulled, in + "->" + out + " pull " + c);
            assertSame(expected, out.codec().read(r.asByteArray()), in + "->" + out + " q " + c);
        }
    }

    /** A value an attribute cannot hold is a 4xx naming its category in every format, never a 500. */
    @Property(tries = 150)
    void aRefusedValueIsA4xxWithACategory(@ForAll("refused") Case c, @ForAll WireFormat in) throws Exception {
        Map<Object, Object> entity = new LinkedHashMap<>();
        entity.put(Keyword.of("v/key"), "bad" + KEYS.incrementAndGet());
        entity.put(Keyword.of("v/" + c.attr), c.value);
        Response tx = send(in, WireFormat.EDN, "/databases/rt/transact", Map.of(Keyword.of("tx-data"), List.of(entity)));
        assertTrue(tx.statusCode() >= 400 && tx.statusCode() < 500, in + " " + c + ": " + tx.statusCode() + " " + tx.asString());
        assertTrue(((Map<?, ?>) Edn.read(tx.asString())).get(Keyword.of("category")) instanceof Keyword, tx.asString());
    }

    @Provide Arbitrary<Case> refused() {
        return Arbitraries.of(new Case("long", BigInteger.TWO.pow(70)), new Case("long", "12x"), new Case("double", "1.5"),
                new Case("instant", "not a date"), new Case("uuid", "6ba7b810-9dad-11d1-80b4"),
                new Case("uuid", "zzzzzzzz-9dad-11d1-80b4-00c04fd430c8"), new Case("bytes", "not base64!"), new Case("keyword", ""),
                new Case("keyword", ":"), new Case("uri", "a b"), new Case("bigint", "1.5"), new Case("bigdec", "1e99999999999"),
                new Case("longs", List.of("x", 1L)), new Case("mixed", List.of("a")), new Case("mixed", List.of(1L, 2L, 3L)),
                new Case("boolean", "true"), new Case("string", Map.of(Keyword.of("a"), 1L)), new Case("symbol", 1L));
    }

    /** Equal, of the same class, byte arrays by content; Double.equals tells -0.0 and NaN apart as wanted. */
    static void assertSame(Object expected, Object actual, String why) {
        if (expected instanceof byte[] b) {
            assertTrue(actual instanceof byte[] a && Arrays.equals(a, b), why + ": got " + actual);
            return;
        }
        assertEquals(expected, actual, why);
        assertEquals(expected.getClass(), actual.getClass(), why);
    }

    /** A body in {@code in}; a JSON body carries the query as an EDN string, as documented. */
    static Response send(WireFormat in, WireFormat out, String path, Map<Object, Object> body) {
        Object b = body;
        if (in == WireFormat.JSON && body.containsKey(Keyword.of("query"))) {
            Map<Object, Object> m = new LinkedHashMap<>(body);
            m.put(Keyword.of("query"), Edn.print(body.get(Keyword.of("query"))));
            b = m;
        }
        return f.given().contentType(in.mediaType()).accept(out.mediaType()).body(in.codec().write(b)).post(path);
    }

    @Provide Arbitrary<Case> cases() {
        return Arbitraries.oneOf(List.of(
                strings().map(s -> new Case("string", s)),
                Arbitraries.longs().edgeCases(e -> e.add(Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1, -(1L << 53) - 1))
                        .map(l -> new Case("long", l)),
                doubles().map(d -> new Case("double", d)),
                Arbitraries.of(0f, -0f, 1.1f, Float.MIN_VALUE, Float.MAX_VALUE, -3.4e-20f, 16777217f).map(x -> new Case("float", x)),
                Arbitraries.of(true, false).map(x -> new Case("boolean", x)),
                instants().map(d -> new Case("instant", d)),
                Arbitraries.create(UUID::randomUUID).map(u -> new Case("uuid", u)),
                names().map(n -> new Case("keyword", Keyword.of(n))),
                names().map(n -> new Case("symbol", Symbol.of(n))),
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(100).negate(), BigInteger.TWO.pow(100)).map(b -> new Case("bigint", b)),
                Combinators.combine(Arbitraries.bigIntegers().between(BigInteger.valueOf(-1_000_000_000_000L), BigInteger.TWO.pow(80)),
                        Arbitraries.integers().between(-5, 30)).as(BigDecimal::new).map(d -> new Case("bigdec", d)),
                Arbitraries.of("https://example.com/a?b=c#d", "urn:isbn:0451450523", "mailto:a@b.c", "file:///tmp/%20x", "http://[::1]:80/ü", "a/b%C3%BC?x=y", "")
                        .map(u -> new Case("uri", URI.create(u))),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(b -> new Case("bytes", b)),
                Arbitraries.longs().injectNull(0.3).list().ofMinSize(2).ofMaxSize(5).map(l -> new Case("longs", nullable(l))),
                Combinators.combine(strings().injectNull(0.2), instants().injectNull(0.2), names().map(Keyword::of).injectNull(0.2))
                        .as((s, d, k) -> new Case("mixed", nullable(Arrays.asList(s, d, k))))));
    }

    static List<Object> nullable(List<?> l) {
        return java.util.Collections.unmodifiableList(new ArrayList<>(l));
    }

    static Arbitrary<String> strings() {
        return Arbitraries.oneOf(List.of(Arbitraries.strings().all().ofMaxLength(20).filter(s -> s.codePoints().allMatch(Character::isDefined)
                        && !s.chars().anyMatch(ch -> Character.isSurrogate((char) ch))),
                Arbitraries.of("", "\"", "\\", "\n\r\t", "😀 \uD83D\uDE00x", "𝄞", ":kw-like", "#inst", "\u0000", "\u2028", "a\"b\\c")));
    }

    static Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(List.of(Arbitraries.doubles(),
                Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 1e300, 0.1,
                        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)));
    }

    static Arbitrary<Date> instants() {
        return Arbitraries.oneOf(List.of(Arbitraries.longs().between(-62_135_596_800_000L, 253_402_300_799_999L),
                Arbitraries.of(0L, -1L, 1L, -86_400_001L, 4_102_444_800_123L, 1_000_000_000_000_000L, -100_000_000_000_000L))).map(Date::new);
    }

    static Arbitrary<String> names() {
        Arbitrary<String> part = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_', '?', '!', '*').ofMinLength(1).ofMaxLength(8)
                .filter(s -> Character.isLetter(s.charAt(0)));
        return Arbitraries.oneOf(List.of(part, Combinators.combine(part, part).as((a, b) -> a + "." + b + "/" + a)));
    }
}
