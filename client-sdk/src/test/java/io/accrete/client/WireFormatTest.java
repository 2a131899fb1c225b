package io.accrete.client;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.accrete.client.Edn.*;
import static org.junit.jupiter.api.Assertions.*;

/** The SDK's own value types and codecs, without a server. */
class WireFormatTest {

    @Test void keywordsAreInternedAndParsed() {
        assertSame(kw(":person/name"), kw("person/name"));
        assertEquals("person", kw(":person/name").namespace());
        assertEquals("name", kw(":person/name").name());
        assertNull(kw(":find").namespace());
        assertEquals(":db/id", kw("db/id").toString());
        assertThrows(IllegalArgumentException.class, () -> kw(":"));
    }

    @Test void transitRoundTripsEveryValueType() {
        UUID uuid = UUID.randomUUID();
        Date date = new Date(1_700_000_000_123L);
        Object value = map(
                kw(":k"), kw(":a/b"),
                kw(":sym"), sym("?e"),
                kw(":list"), list(sym("pull"), sym("?e"), vec(sym("*"))),
                kw(":vec"), vec(1L, "two", null, true),
                kw(":set"), set(1L, 2L),
                kw(":big-int"), new BigInteger("123456789012345678901234567890"),
                kw(":big-dec"), new BigDecimal("3.14159265358979323846"),
                kw(":huge-long"), Long.MAX_VALUE,
                kw(":inst"), date,
                kw(":uuid"), uuid,
                kw(":uri"), URI.create("https://example.com/x"),
                kw(":double"), 2.5);
        Object back = TransitCodec.decode(TransitCodec.encode(value));
        assertEquals(value, back);
        Map<?, ?> m = (Map<?, ?>) back;
        assertInstanceOf(EdnList.class, m.get(kw(":list")));
        assertSame(kw(":a/b"), m.get(kw(":k")));
        assertInstanceOf(Set.class, m.get(kw(":set")));
    }

    @Test void dbValuesTravelAsTheirDescriptor() {
        Db db = Db.fromDescriptor(map(kw(":db-name"), "shop", kw(":basis-t"), 7L, kw(":next-t"), 8L));
        Db past = db.asOf(3).history();
        assertEquals(7, past.basisT());
        assertEquals(3L, past.asOfT());
        assertTrue(past.isHistory());
        assertNull(db.asOfT());
        assertEquals(past.descriptor(), TransitCodec.decode(TransitCodec.encode(past)));
        assertEquals("{:db-name \"shop\", :basis-t 7, :next-t 8, :as-of 3, :history true}", Edn.print(past));
    }

    @Test void ednPrinterWritesWhatAnEdnReaderExpects() {
        assertEquals("[:find ?e :where [?e :person/name \"A \\\"q\\\"\\n\"]]",
                print(vec(kw(":find"), sym("?e"), kw(":where"), vec(sym("?e"), kw(":person/name"), "A \"q\"\n"))));
        assertEquals("(pull ?e [*])", print(list(sym("pull"), sym("?e"), vec(sym("*")))));
        assertEquals("#{1}", print(set(1L)));
        assertEquals("[nil true 1.5 2N 2.50M \\a]", print(vec(null, true, 1.5, BigInteger.TWO, new BigDecimal("2.50"), 'a')));
        assertEquals("#inst \"1970-01-01T00:00:00.001Z\"", print(new Date(1)));
        assertEquals("{:tx-data [{:a/b 1}]}", print(map(kw(":tx-data"), new RawEdn("[{:a/b 1}]"))));
    }

    @Test void ednPrinterKeepsWhatTheServersReaderNeedsToRebuildTheSameValue() {
        assertEquals("0E+1M", print(new BigDecimal("0E+1")));
        assertEquals("#uri \"https://example.com/a?q=1\"", print(URI.create("https://example.com/a?q=1")));
        assertEquals("#bytes \"AP8=\"", print(new byte[]{0, -1}));
        assertEquals("#bytes \"\"", print(new byte[0]));
        assertEquals("#inst \"-0001-12-31T23:59:59.999Z\"", print(new Date(-62_167_219_200_001L)));
        assertEquals("#inst \"+10000-01-01T00:00:00.000Z\"", print(new Date(253_402_300_800_000L)));
        assertEquals("#inst \"1969-12-31T23:59:59.999Z\"", print(new Date(-1)));
    }

    @Test void serverSentEventsAreAssembledFromLines() {
        List<SseParser.Event> events = new java.util.ArrayList<>();
        SseParser p = new SseParser(events::add);
        for (String line : List.of(": keep-alive", "", "id: 5", "event: tx", "data: [1,", "data: 2]", "", "retry: 300",
                "data:x", "")) {
            p.line(line);
        }
        assertEquals(List.of(new SseParser.Event("5", "tx", "[1,\n2]"), new SseParser.Event(null, null, "x")), events);
    }

    @Test void errorBodiesBecomeExceptionsWithTheServersCategory() {
        byte[] body = TransitCodec.encode(map(kw(":category"), kw(":db.error/unique-conflict"),
                kw(":message"), "Unique conflict: :person/email", kw(":data"), map(kw(":form"), "x")));
        AccreteException e = Responses.error(409, "application/transit+json", body,
                Request.get("/x", "db", null, null));
        assertSame(kw(":db.error/unique-conflict"), e.category());
        assertTrue(e.isConflict());
        assertFalse(e.isNotFound());
        assertEquals("x", e.data().get(kw(":form")));

        AccreteException plain = Responses.error(503, "text/plain", "busy".getBytes(StandardCharsets.UTF_8),
                Request.get("/x", "db", null, null));
        assertTrue(plain.isUnavailable());

        AccreteException late = Responses.error(504, "application/transit+json",
                TransitCodec.encode(map(kw(":category"), kw(":db.error/timeout"), kw(":message"), "slow")),
                Request.post("/transact", map(), "db", null, null, true));
        assertTrue(late.isOutcomeUnknown());
        assertTrue(late.isTimeout());
    }

    @Test void aServerFaultOnAWriteLeavesItsOutcomeUnknownButABusyServerDidNotTakeIt() {
        byte[] internal = TransitCodec.encode(map(kw(":category"), kw(":db.error/internal"), kw(":message"), "Internal server error"));
        Request write = Request.post("/transact", map(), "db", null, null, true);
        AccreteException fault = Responses.error(500, "application/transit+json", internal, write);
        assertTrue(fault.isOutcomeUnknown(), fault.toString());
        assertSame(kw(":db.error/internal"), fault.data().get(kw(":server-category")));
        assertTrue(fault.getMessage().startsWith("Internal server error"), fault.getMessage());
        assertTrue(Responses.error(502, "text/html", "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8), write).isOutcomeUnknown());

        AccreteException busy = Responses.error(503, "application/transit+json", TransitCodec.encode(
                map(kw(":category"), kw(":db.error/transactor-busy"), kw(":message"), "busy")), write);
        assertFalse(busy.isOutcomeUnknown());
        assertTrue(busy.isUnavailable());

        AccreteException readFault = Responses.error(500, "application/transit+json", internal, Request.get("/q", "db", null, null));
        assertSame(kw(":db.error/internal"), readFault.category());
    }
}
