package io.accrete.engine.data;

import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** print/read are inverses on generated values, and no input makes the reader throw anything but a parse error. */
class EdnRoundTripProperties {

    @Property(tries = 1000)
    void printedValuesReadBackEqual(@ForAll("values") Object value) {
        String text = Edn.print(value);
        Object back = Edn.read(text);
        assertEquals(normalize(value), normalize(back), text);
        assertEquals(text, Edn.print(back));
    }

    @Property(tries = 200)
    void printedSequencesReadBackWithReadAll(@ForAll("values") Object a, @ForAll("values") Object b) {
        List<Object> back = Edn.readAll(Edn.print(a) + "\n" + Edn.print(b));
        assertEquals(2, back.size());
        assertEquals(normalize(a), normalize(back.get(0)));
        assertEquals(normalize(b), normalize(back.get(1)));
    }

    @Property(tries = 2000)
    void garbageOnlyEverRaisesParseErrors(@ForAll("garbage") String text) {
        readingFailsOnlyWithParseErrors(text);
    }

    @Property(tries = 1000)
    void truncatedTextOnlyEverRaisesParseErrors(@ForAll("values") Object value,
                                                @ForAll @IntRange(min = 0, max = 100_000) int cut) {
        String text = Edn.print(value);
        readingFailsOnlyWithParseErrors(text.substring(0, cut % (text.length() + 1)));
    }

    @Property(tries = 1000)
    void mutatedTextOnlyEverRaisesParseErrors(@ForAll("values") Object value,
                                              @ForAll @IntRange(min = 0, max = 100_000) int at,
                                              @ForAll("ednChars") char c,
                                              @ForAll @IntRange(min = 0, max = 2) int how) {
        StringBuilder text = new StringBuilder(Edn.print(value));
        int i = at % (text.length() + 1);
        if (how == 0) text.insert(i, c);
        else if (i < text.length() && how == 1) text.setCharAt(i, c);
        else if (i < text.length()) text.deleteCharAt(i);
        readingFailsOnlyWithParseErrors(text.toString());
    }

    @Property(tries = 300)
    void printShortIsAPrefixOfPrintWithinTheLimit(@ForAll("values") Object value) {
        String full = Edn.print(value);
        String text = Edn.printShort(value);
        if (full.length() <= Edn.SHORT_LENGTH) {
            assertEquals(full, text);
        } else {
            assertTrue(text.length() >= Edn.SHORT_LENGTH - 1 && text.length() <= Edn.SHORT_LENGTH, text);
            assertTrue(text.endsWith("…") && full.startsWith(text.substring(0, text.length() - 1)), text);
        }
    }

    private static void readingFailsOnlyWithParseErrors(String text) {
        for (int mode = 0; mode < 2; mode++) {
            try {
                List<Object> forms = mode == 0 ? Collections.singletonList(Edn.read(text)) : Edn.readAll(text);
                for (Object form : forms) {
                    // Whatever was accepted must print as EDN that reads back the same.
                    assertEquals(normalize(form), normalize(Edn.read(Edn.print(form))), text);
                }
            } catch (AccreteException e) {
                assertEquals(Errors.PARSE, e.category(), e.getMessage());
                assertTrue(e.getMessage().contains(" at line "), e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                fail("reading " + text + " threw " + e, e);
            }
        }
    }

    // ---- generators ---------------------------------------------------------------------------

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.recursive(this::scalars, this::compounds, 0, 4);
    }

    private Arbitrary<Object> scalars() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.of(true, false),
                Arbitraries.longs(),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)),
                Arbitraries.doubles(),
                Arbitraries.longs().map(Double::longBitsToDouble),
                Arbitraries.floats().map(Float::doubleValue),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE,
                        Double.MAX_VALUE, 1e21, 1e-7),
                Combinators.combine(
                        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)),
                        Arbitraries.integers().between(-50, 50)).as(BigDecimal::new),
                Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.strings().withChars("\"\\\n\t\r\b\f ;#{}[]()é😀\u0000\u007f").ofMaxLength(8),
                Arbitraries.chars().all(),
                names(true).map(Keyword::of),
                names(false).map(Symbol::of),
                Arbitraries.longs().between(Instant.parse("0001-01-01T00:00:00Z").toEpochMilli(),
                        Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli()).map(Date::new),
                Arbitraries.longs().map(Date::new),
                Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(10)
                        .map(s -> URI.create("https://example.com/" + s + "?q=" + s + "#f")),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20),
                Combinators.combine(names(true).map(Keyword::of), Arbitraries.longs()).as(TempId::of))
        ).injectNull(0.05);
    }

    private Arbitrary<Object> compounds(Arbitrary<Object> inner) {
        return Arbitraries.oneOf(List.of(
                inner.list().ofMaxSize(4).map(l -> (Object) Collections.unmodifiableList(new ArrayList<>(l))),
                inner.list().ofMaxSize(4).map(l -> (Object) EdnList.copyOf(l)),
                inner.set().ofMaxSize(4).map(s -> (Object) new LinkedHashSet<>(s)),
                Arbitraries.maps(inner, inner).ofMaxSize(4).map(m -> (Object) m),
                Combinators.combine(names(false).filter(n -> n.indexOf('/') > 0 && Character.isLetter(n.charAt(0)))
                                .map(Symbol::of), inner)
                        .as(TaggedValue::new)));
    }

    /** Valid EDN names: a start character that is not a digit, optionally a namespace. */
    private static Arbitrary<String> names(boolean keyword) {
        Arbitrary<String> part = Combinators.combine(
                Arbitraries.of('a', 'z', 'Q', '*', '!', '_', '?', '$', '%', '&', '=', '<', '>', 'é', 'λ', '日'),
                Arbitraries.strings().withChars("abcXYZ0129.*+!-_?$%&=<>#'é").ofMaxLength(6))
                .as((first, rest) -> first + rest);
        Arbitrary<String> name = Arbitraries.oneOf(
                part,
                Combinators.combine(part, part).as((ns, n) -> ns + "/" + n),
                Arbitraries.of("...", "+", "-", "/", ".startsWith", "clojure.string/includes?"));
        return keyword
                ? name.filter(n -> !n.equals("/"))
                : name.filter(n -> !n.equals("nil") && !n.equals("true") && !n.equals("false"));
    }

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("()[]{}#_\"\\:;,. \n0123456789+-eENMu/abnilrtf^@'~`").ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.of("#inst", "#uuid", "#db/id", "#bytes", "#uri", "##", "#_", "\\u", "\"\\u", ":", "::")
                        .list().ofMaxSize(6).map(l -> String.join(" ", l) + " \"2020-\" [1 ]"));
    }

    @Provide
    Arbitrary<Character> ednChars() {
        return Arbitraries.chars().with("()[]{}#_\"\\:;, \n0.-+eNM/u'@".toCharArray());
    }

    // ---- comparison ---------------------------------------------------------------------------

    private record Bytes(List<Byte> content) {}

    private record Vector(List<Object> items) {}

    private record Lst(List<Object> items) {}

    private record SetOf(List<Object> items) {}

    private record MapOf(List<List<Object>> entries) {}

    private record TempIdOf(Keyword partition, Long index) {}

    /**
     * Makes structural equality strict: byte arrays compare by content, lists and vectors stay
     * distinct, and sets and maps must keep their iteration order through a round trip.
     */
    private static Object normalize(Object v) {
        if (v instanceof byte[]) {
            List<Byte> content = new ArrayList<>();
            for (byte b : (byte[]) v) content.add(b);
            return new Bytes(content);
        }
        if (v instanceof EdnList) return new Lst(normalizeAll((List<?>) v));
        if (v instanceof List) return new Vector(normalizeAll((List<?>) v));
        if (v instanceof Set) return new SetOf(normalizeAll((Set<?>) v));
        if (v instanceof Map) {
            List<List<Object>> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                entries.add(Arrays.asList(normalize(e.getKey()), normalize(e.getValue())));
            }
            return new MapOf(entries);
        }
        if (v instanceof TempId) return new TempIdOf(((TempId) v).partition(), ((TempId) v).index());
        if (v instanceof TaggedValue) {
            TaggedValue tagged = (TaggedValue) v;
            return new TaggedValue(tagged.tag(), normalize(tagged.value()));
        }
        return v;
    }

    private static List<Object> normalizeAll(Iterable<?> items) {
        List<Object> out = new ArrayList<>();
        for (Object item : items) out.add(normalize(item));
        return out;
    }
}
