package io.accrete.client;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.accrete.client.Edn.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Every value of every attribute type comes back from the server exactly as it was sent (same
 * Java type, same value), whichever way it is written (Java data or EDN text) and read (tx-data,
 * pull, q, datoms, query inputs).
 */
class RoundTripProperties {
    private static final String SCHEMA = """
            [{:db/ident :v/string :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
             {:db/ident :v/long :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
             {:db/ident :v/double :db/valueType :db.type/double :db/cardinality :db.cardinality/one}
             {:db/ident :v/float :db/valueType :db.type/float :db/cardinality :db.cardinality/one}
             {:db/ident :v/boolean :db/valueType :db.type/boolean :db/cardinality :db.cardinality/one}
             {:db/ident :v/instant :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}
             {:db/ident :v/uuid :db/valueType :db.type/uuid :db/cardinality :db.cardinality/one}
             {:db/ident :v/keyword :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}
             {:db/ident :v/symbol :db/valueType :db.type/symbol :db/cardinality :db.cardinality/one}
             {:db/ident :v/bigint :db/valueType :db.type/bigint :db/cardinality :db.cardinality/one}
             {:db/ident :v/bigdec :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/one}
             {:db/ident :v/uri :db/valueType :db.type/uri :db/cardinality :db.cardinality/one}
             {:db/ident :v/bytes :db/valueType :db.type/bytes :db/cardinality :db.cardinality/one}
             {:db/ident :v/longs :db/valueType :db.type/tuple :db/tupleType :db.type/long :db/cardinality :db.cardinality/one}
             {:db/ident :v/mixed :db/valueType :db.type/tuple :db/tupleTypes [:db.type/string :db.type/long :db.type/keyword]
              :db/cardinality :db.cardinality/one}
             {:db/ident :c/a :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
             {:db/ident :c/b :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
             {:db/ident :c/ab :db/valueType :db.type/tuple :db/tupleAttrs [:c/a :c/b] :db/cardinality :db.cardinality/one}]""";

    private static TestServer server;
    private static AccreteClient client;
    private static Connection conn;

    @BeforeContainer static void start() {
        server = TestServer.start();
        client = AccreteClient.connect(server.uri());
        client.createDatabase("roundtrip");
        conn = client.connection("roundtrip");
        conn.transact(SCHEMA);
    }

    @AfterContainer static void stop() {
        if (client != null) client.close();
        if (server != null) server.close();
    }

    @Property(tries = 25) void strings(@ForAll("strings") String v) { roundTrip(":v/string", v); }

    @Property(tries = 25) void longs(@ForAll long v) { roundTrip(":v/long", v); }

    @Property(tries = 25) void doubles(@ForAll("doubles") double v) { roundTrip(":v/double", v); }

    /**
     * transit+json and EDN have no float literal: a float travels as a number, which the server
     * narrows for a float attribute (as Datomic does with a double) and which comes back as a double.
     */
    @Property(tries = 20) void floats(@ForAll("floats") float v) {
        Keyword attr = kw(":v/float");
        TxReport r = conn.transact(vec(map(kw(":db/id"), "e", attr, v)));
        assertEquals(v, ((Double) conn.pull(r.dbAfter(), vec(attr), r.tempid("e")).get(attr)).floatValue(), "pull");
        TxReport fromEdn = conn.transact("[{:db/id \"e\" :v/float " + Edn.print((double) v) + "}]");
        assertEquals(v, ((Double) conn.pull(fromEdn.dbAfter(), vec(attr), fromEdn.tempid("e")).get(attr)).floatValue(), "pull after EDN tx");
    }

    @Property(tries = 4) void booleans(@ForAll boolean v) { roundTrip(":v/boolean", v); }

    @Property(tries = 25) void instants(@ForAll("instants") Date v) { roundTrip(":v/instant", v); }

    @Property(tries = 15) void uuids(@ForAll("uuids") UUID v) { roundTrip(":v/uuid", v); }

    @Property(tries = 25) void keywords(@ForAll("keywords") Keyword v) { roundTrip(":v/keyword", v); }

    @Property(tries = 25) void symbols(@ForAll("symbols") Symbol v) { roundTrip(":v/symbol", v); }

    @Property(tries = 25) void bigints(@ForAll("bigints") BigInteger v) { roundTrip(":v/bigint", v); }

    @Property(tries = 25) void bigdecs(@ForAll("bigdecs") BigDecimal v) { roundTrip(":v/bigdec", v); }

    @Property(tries = 20) void uris(@ForAll("uris") URI v) { roundTrip(":v/uri", v); }

    @Property(tries = 20) void bytes(@ForAll("bytes") byte[] v) { roundTrip(":v/bytes", v); }

    @Property(tries = 20) void homogeneousTuples(@ForAll("longTuples") List<Long> v) { roundTrip(":v/longs", v); }

    @Property(tries = 20) void heterogeneousTuples(@ForAll("strings") String s, @ForAll long l, @ForAll("keywords") Keyword k) {
        roundTrip(":v/mixed", List.of(s, l, k));
    }

    @Property(tries = 15) void compositeTuples(@ForAll("strings") String a, @ForAll long b) {
        TxReport r = conn.transact(vec(map(kw(":db/id"), "e", kw(":c/a"), a, kw(":c/b"), b)));
        long e = r.tempid("e");
        assertSame(List.of(a, b), conn.pull(r.dbAfter(), vec(kw(":c/ab")), e).get(kw(":c/ab")), "pull");
        assertSame(List.of(a, b), conn.qScalar("[:find ?v . :in $ ?e :where [?e :c/ab ?v]]", r.dbAfter(), e), "q");
    }

    /** Keys and values of a map given as a query input come back as they went. */
    @Property(tries = 20) void mapsAsQueryInputs(@ForAll("strings") String s, @ForAll("keywords") Keyword k) {
        Map<Object, Object> m = map(k, s, s, k, kw(":n"), List.of(s, k));
        Object back = conn.q("[:find ?m . :in $ ?m]", conn.db(), m);
        assertSame(m, back, "map input");
    }

    private static void roundTrip(String attrName, Object v) {
        Keyword attr = kw(attrName);
        TxReport r = conn.transact(vec(map(kw(":db/id"), "e", attr, v)));
        long e = r.tempid("e");
        Db db = r.dbAfter();
        Datom sent = r.txData().stream().filter(d -> d.e() == e && d.a() == attr).findFirst().orElseThrow();
        assertSame(v, sent.v(), "tx-data");
        assertSame(v, conn.pull(db, vec(attr), e).get(attr), "pull");
        assertSame(v, conn.qScalar("[:find ?v . :in $ ?e ?a :where [?e ?a ?v]]", db, e, attr), "q");
        List<Datom> eavt = new ArrayList<>();
        conn.datoms(db, kw(":eavt"), e, attr).forEach(eavt::add);
        assertEquals(1, eavt.size(), "datoms " + eavt);
        assertSame(v, eavt.get(0).v(), "datoms");
        boolean found = false;
        for (Datom d : conn.datoms(db, kw(":avet"), attr, v)) found |= d.e() == e;
        assertTrue(found, "datoms :avet with the value as a component");
        assertSame(v, conn.qScalar("[:find ?x . :in $ ?x]", db, v), "q input");

        TxReport fromEdn = conn.transact("[{:db/id \"e\" " + attrName + " " + Edn.print(v) + "}]");
        assertSame(v, conn.pull(fromEdn.dbAfter(), "[" + attrName + "]", fromEdn.tempid("e")).get(attr), "pull after EDN tx");
    }

    /** Same Java type and value, all the way down; arrays by content. */
    private static void assertSame(Object expected, Object actual, String where) {
        if (!same(expected, actual)) {
            fail(where + ": sent " + describe(expected) + ", got " + describe(actual));
        }
    }

    private static boolean same(Object a, Object b) {
        if (a == null || b == null) return a == b;
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) return false;
            for (int i = 0; i < la.size(); i++) if (!same(la.get(i), lb.get(i))) return false;
            return true;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) return false;
            for (Map.Entry<?, ?> en : ma.entrySet()) if (!mb.containsKey(en.getKey()) || !same(en.getValue(), mb.get(en.getKey()))) return false;
            return true;
        }
        if (a.getClass() != b.getClass()) return false;
        if (a instanceof byte[] ba) return Arrays.equals(ba, (byte[]) b);
        return a.equals(b);
    }

    private static String describe(Object v) {
        String shown = v instanceof byte[] b ? Arrays.toString(b) : v instanceof Date d ? d.getTime() + "ms" : String.valueOf(v);
        return (v == null ? "null" : v.getClass().getSimpleName()) + " " + shown;
    }

    // ---- generators ----------------------------------------------------------------------------

    @Provide Arbitrary<String> strings() {
        // Whole code points, so astral-plane characters arrive as valid surrogate pairs.
        Arbitrary<String> random = Arbitraries.frequencyOf(
                        Tuple.of(4, Arbitraries.integers().between(0x20, 0x7e)),
                        Tuple.of(1, Arbitraries.integers().between(0, 0xd7ff)),
                        Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)))
                .list().ofMaxSize(12)
                .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
        return Arbitraries.oneOf(random, Arbitraries.of("", "~", "^", "~~x", "^ ", "~:kw", "~#tag", "~i12", "`~",
                "\"quoted\" \\back\\slash", "line\nbreak\r\ttab", "\u0000nul", "😀𝄞", "é"));
    }

    @Provide Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(Arbitraries.doubles(),
                Arbitraries.longs().map(Double::longBitsToDouble).filter(d -> !Double.isNaN(d)),
                Arbitraries.of(-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, 1e300,
                        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }

    @Provide Arbitrary<Float> floats() {
        return Arbitraries.oneOf(Arbitraries.floats(),
                Arbitraries.integers().map(Float::intBitsToFloat).filter(f -> !Float.isNaN(f)),
                Arbitraries.of(-0.0f, Float.MIN_VALUE, Float.MAX_VALUE, 0.1f, Float.NaN, Float.POSITIVE_INFINITY));
    }

    @Provide Arbitrary<Date> instants() {
        // Roughly the years -10,700 to 14,600: before 1970, before year 1, after 9999.
        return Arbitraries.oneOf(Arbitraries.longs().between(-400_000_000_000_000L, 400_000_000_000_000L),
                        Arbitraries.of(0L, -1L, 1L, -62_135_596_800_001L, 253_402_300_800_000L))
                .map(Date::new);
    }

    @Provide Arbitrary<UUID> uuids() {
        return Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()));
    }

    private static Arbitrary<String> names() {
        return Combinators.combine(Arbitraries.strings().withChars("abcxyzABZ").ofLength(1),
                        Arbitraries.strings().withChars("abz09-_.*+!?<>=").ofMinLength(0).ofMaxLength(8))
                .as(String::concat);
    }

    @Provide Arbitrary<Keyword> keywords() {
        return Combinators.combine(names().injectNull(0.4), names()).as(Keyword::of);
    }

    @Provide Arbitrary<Symbol> symbols() {
        return Combinators.combine(names().injectNull(0.4), names()).as((ns, n) -> Symbol.of(ns == null ? n : ns + "/" + n));
    }

    @Provide Arbitrary<BigInteger> bigints() {
        return Arbitraries.oneOf(Arbitraries.bigIntegers().between(BigInteger.TWO.pow(200).negate(), BigInteger.TWO.pow(200)),
                Arbitraries.of(BigInteger.ZERO, BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE),
                        BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE), BigInteger.valueOf(42)));
    }

    @Provide Arbitrary<BigDecimal> bigdecs() {
        return Combinators.combine(bigints(), Arbitraries.integers().between(-20, 40)).as(BigDecimal::new);
    }

    @Provide Arbitrary<URI> uris() {
        Arbitrary<String> seg = Arbitraries.strings().withChars("abcXYZ019-._~").ofMaxLength(10);
        return Arbitraries.oneOf(
                Combinators.combine(seg, seg, seg).as((a, b, c) -> URI.create("https://example.com/" + a + "/" + b + "?q=" + c)),
                seg.map(s -> URI.create("urn:isbn:" + s + "0")),
                Arbitraries.of(URI.create("mailto:a@b.c"), URI.create("relative/path"), URI.create("http://h/é")));
    }

    @Provide Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(64), Arbitraries.of(new byte[0]));
    }

    @Provide Arbitrary<List<Long>> longTuples() {
        return Arbitraries.longs().list().ofMinSize(2).ofMaxSize(8);
    }
}
