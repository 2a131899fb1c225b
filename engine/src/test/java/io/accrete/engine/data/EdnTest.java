package io.accrete.engine.data;

import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EdnTest {

    private static AccreteException parseError(String text) {
        AccreteException e = assertThrows(AccreteException.class, () -> Edn.read(text), text);
        assertEquals(Errors.PARSE, e.category(), e.getMessage());
        return e;
    }

    private static Keyword kw(String name) {
        return Keyword.of(name);
    }

    private static Symbol sym(String name) {
        return Symbol.of(name);
    }

    // ---- scalars ------------------------------------------------------------------------------

    @Test
    void readsNilBooleansAndIntegers() {
        assertNull(Edn.read("nil"));
        assertEquals(Boolean.TRUE, Edn.read("true"));
        assertEquals(Boolean.FALSE, Edn.read("false"));
        assertEquals(42L, Edn.read("42"));
        assertEquals(-7L, Edn.read("-7"));
        assertEquals(7L, Edn.read("+7"));
        assertEquals(0L, Edn.read("-0"));
        assertEquals(Long.MAX_VALUE, Edn.read("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Edn.read("-9223372036854775808"));
    }

    @Test
    void readsBigIntegersBeyondLongRangeOrWithN() {
        assertEquals(new BigInteger("9223372036854775808"), Edn.read("9223372036854775808"));
        assertEquals(new BigInteger("-9223372036854775809"), Edn.read("-9223372036854775809"));
        assertEquals(BigInteger.ONE, Edn.read("1N"));
        assertEquals(BigInteger.valueOf(-5), Edn.read("-5N"));
        String huge = "1" + "0".repeat(5000);
        assertEquals(new BigInteger(huge), Edn.read(huge));
        assertEquals(new BigInteger(huge), Edn.read(huge + "N"));
    }

    @Test
    void readsFloats() {
        assertEquals(1.5, Edn.read("1.5"));
        assertEquals(-0.25, Edn.read("-0.25"));
        assertEquals(1.0, Edn.read("1."));
        assertEquals(1e10, Edn.read("1e10"));
        assertEquals(1.5e-7, Edn.read("1.5E-7"));
        assertEquals(2e3, Edn.read("+2e+3"));
        assertEquals(-0.0, Edn.read("-0.0"));
        assertEquals(Double.POSITIVE_INFINITY, Edn.read("1e400"));
        assertEquals(new BigDecimal("1.50"), Edn.read("1.50M"));
        assertEquals(new BigDecimal("3"), Edn.read("3M"));
        assertEquals(new BigDecimal("-1E+5"), Edn.read("-1e5M"));
    }

    @Test
    void readsSymbolicDoubles() {
        assertEquals(Double.POSITIVE_INFINITY, Edn.read("##Inf"));
        assertEquals(Double.NEGATIVE_INFINITY, Edn.read("##-Inf"));
        assertTrue(Double.isNaN((Double) Edn.read("##NaN")));
        assertEquals(Arrays.asList(Double.POSITIVE_INFINITY, 1L), Edn.read("[##Inf 1]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"007", "01", "-01.5", "1.2.3", "0x10", "1/2", "1e", "1e+", "12abc", "1NN", "1.5N", "1M5",
            "2r101", "1_000", "1e5.5", "-1a"})
    void rejectsMalformedNumbers(String text) {
        assertTrue(parseError(text).getMessage().startsWith("Invalid number " + text + " at line 1, column 1"));
    }

    @Test
    void rejectsNumbersTooLongOrOutOfRange() {
        assertTrue(parseError("1".repeat(20_000)).getMessage().startsWith("Number literal longer than 10000 characters"));
        assertTrue(parseError("1e99999999999M").getMessage().startsWith("Invalid number 1e99999999999M"));
    }

    @Test
    void readsStringsWithEveryEscape() {
        assertEquals("", Edn.read("\"\""));
        assertEquals("plain", Edn.read("\"plain\""));
        assertEquals("a\"b\\c\nd\te\rf\bg\fh", Edn.read("\"a\\\"b\\\\c\\nd\\te\\rf\\bg\\fh\""));
        assertEquals("é€😀", Edn.read("\"\\u00e9\\u20AC\\uD83D\\uDE00\""));
        assertEquals("multi\nline", Edn.read("\"multi\nline\""));
        assertEquals("日本語 😀 ñ", Edn.read("\"日本語 😀 ñ\""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"a\\qb\"  | Invalid escape \\q in string at line 1, column 3",
            "\"a\\/b\"  | Invalid escape \\/ in string at line 1, column 3",
            "\"\\u12\"  | Invalid unicode escape",
            "\"\\uZZZZ\" | Invalid unicode escape \\uZZZZ at line 1, column 2: expected four hex digits",
            "\"abc      | Unexpected end of input at line 1, column 5 while reading a string",
            "\"abc\\    | Unexpected end of input at line 1, column 6 while reading a string",
    })
    void rejectsBadStrings(String text, String message) {
        assertTrue(parseError(text.strip()).getMessage().startsWith(message.strip()),
                () -> parseError(text.strip()).getMessage());
    }

    @Test
    void readsCharacters() {
        assertEquals('a', Edn.read("\\a"));
        assertEquals('\n', Edn.read("\\newline"));
        assertEquals(' ', Edn.read("\\space"));
        assertEquals('\t', Edn.read("\\tab"));
        assertEquals('\r', Edn.read("\\return"));
        assertEquals('\b', Edn.read("\\backspace"));
        assertEquals('\f', Edn.read("\\formfeed"));
        assertEquals('A', Edn.read("\\u0041"));
        assertEquals('A', Edn.read("\\o101"));
        assertEquals('(', Edn.read("\\("));
        assertEquals('\\', Edn.read("\\\\"));
        assertEquals('"', Edn.read("\\\""));
        assertEquals('é', Edn.read("\\é"));
        assertEquals(List.of('a', 'b', ','), Edn.read("[\\a\\b \\,]"));
        assertEquals(List.of('u', 'n'), Edn.read("[\\u \\n]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\abc", "\\u12", "\\u00GG", "\\o400", "\\newlin", "\\😀", "\\ ", "\\"})
    void rejectsBadCharacters(String text) {
        String message = parseError(text).getMessage();
        assertTrue(message.startsWith("Invalid character literal") || message.startsWith("Unexpected end of input"),
                message);
    }

    // ---- keywords and symbols -----------------------------------------------------------------

    @Test
    void readsKeywords() {
        assertSame(kw("a"), Edn.read(":a"));
        assertSame(kw("db/ident"), Edn.read(":db/ident"));
        assertSame(kw("db.part/user"), Edn.read(":db.part/user"));
        assertSame(kw("person/first-name?"), Edn.read(":person/first-name?"));
        assertSame(kw("1"), Edn.read(":1"));
        assertEquals("db", ((Keyword) Edn.read(":db/ident")).namespace());
    }

    @ParameterizedTest
    @ValueSource(strings = {"::a", ":", ":/", ":a/", ":/a", ":a/b/c", ":a::b", ":a:", ":a@b", ":#a"})
    void rejectsBadKeywords(String text) {
        assertTrue(parseError(text).getMessage().startsWith("Invalid keyword"));
    }

    @Test
    void autoResolvedKeywordsAreExplained() {
        assertEquals("Invalid keyword ::a at line 1, column 1: auto-resolved keywords are not EDN",
                parseError("::a").getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"...", "_", "?x", "?e-1", "clojure.string/includes?", ".startsWith", "+", "-", "/",
            "a.b/c", "*", "!=", "<=", "$", "%", "&", "λ", "héllo/wörld", "a#b", "a'", "-a", "+a", ".a", "nil?", "trueish"})
    void readsSymbols(String text) {
        assertSame(sym(text), Edn.read(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b/c", "/a", "a/", "a/1", ".5", "a@b", "a^b", "a~b", "a`b", "a|b", "a/-1", "a:"})
    void rejectsBadSymbols(String text) {
        String message = parseError(text).getMessage();
        assertTrue(message.startsWith("Invalid symbol") || message.startsWith("Invalid number"), message);
    }

    // ---- collections --------------------------------------------------------------------------

    @Test
    void readsListsAsEdnListAndVectorsAsPlainLists() {
        Object list = Edn.read("(a 1 nil)");
        assertInstanceOf(EdnList.class, list);
        assertEquals(Arrays.asList(sym("a"), 1L, null), list);
        Object vector = Edn.read("[a 1 nil]");
        assertFalse(vector instanceof EdnList);
        assertEquals(Arrays.asList(sym("a"), 1L, null), vector);
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) vector).clear());
        assertEquals(EdnList.of(), Edn.read("()"));
        assertEquals(List.of(), Edn.read("[]"));
    }

    @Test
    void readsSetsInOrderAndRejectsDuplicates() {
        Set<?> set = (Set<?>) Edn.read("#{3 1 2 nil}");
        assertEquals(Arrays.asList(3L, 1L, 2L, null), new ArrayList<>(set));
        assertThrows(UnsupportedOperationException.class, () -> set.remove(1L));
        assertEquals("Duplicate set element :a at line 1, column 7", parseError("#{:a, :a}").getMessage());
        assertEquals("Duplicate set element (1) at line 1, column 7", parseError("#{[1] (1)}").getMessage());
    }

    @Test
    void readsMapsInInsertionOrderAndRejectsDuplicateKeys() {
        Map<?, ?> map = (Map<?, ?>) Edn.read("{:z 1, :a 2, nil 3, [1 2] {:x nil}}");
        assertEquals(Arrays.asList(kw("z"), kw("a"), null, List.of(1L, 2L)), new ArrayList<>(map.keySet()));
        assertEquals(3L, map.get(null));
        assertTrue(((Map<?, ?>) map.get(List.of(1L, 2L))).containsKey(kw("x")));
        assertThrows(UnsupportedOperationException.class, map::clear);
        assertEquals("Duplicate map key :a at line 2, column 2", parseError("{:a 1\n :a 2}").getMessage());
        assertEquals("Map literal has a key without a value at line 1, column 7: :b", parseError("{:a 1 :b}").getMessage());
    }

    @Test
    void commasCommentsAndDiscardsAreWhitespace() {
        assertEquals(List.of(1L, 2L, 3L), Edn.read(",,[1,2 ; two\n 3],, ; done"));
        assertEquals(List.of(1L, 3L), Edn.read("[1 #_ 2 3]"));
        assertEquals(List.of(4L), Edn.read("[#_ #_ 1 2 #_[3 [4]] 4 #_ 5]"));
        assertEquals(Map.of(kw("a"), 1L), Edn.read("{:a #_ :ignored 1 #_ :b #_ 2}"));
        assertEquals(7L, Edn.read("#_ {:x 1} 7 #_ 8"));
        assertEquals(7L, Edn.read("; leading comment\n7 ; trailing comment"));
        assertEquals(List.of(1L, 2L), Edn.read("[1\u20032]"));
        assertEquals(List.of(1L, 2L), Edn.read("\uFEFF[1\u00a02]"));
        assertEquals(5L, Edn.read("; a comment ended by a lone carriage return\r5"));
    }

    @Test
    void readAllReadsEveryForm() {
        assertEquals(Arrays.asList(1L, kw("a"), null, List.of()), Edn.readAll(" 1 :a nil [] ; end"));
        assertEquals(List.of(), Edn.readAll(""));
        assertEquals(List.of(), Edn.readAll("  ; only a comment\n #_ discarded"));
        assertEquals("Unmatched delimiter ) at line 1, column 5", assertThrows(AccreteException.class,
                () -> Edn.readAll("1 2 )")).getMessage());
    }

    // ---- tagged literals ----------------------------------------------------------------------

    @Test
    void readsInstants() {
        assertEquals(Date.from(Instant.parse("1985-04-12T23:20:50.520Z")), Edn.read("#inst \"1985-04-12T23:20:50.52Z\""));
        assertEquals(Date.from(Instant.parse("2020-01-01T00:00:00Z")), Edn.read("#inst \"2020-01-01\""));
        assertEquals(Date.from(Instant.parse("2020-03-01T00:00:00Z")), Edn.read("#inst \"2020-03\""));
        assertEquals(Date.from(Instant.parse("2020-01-01T00:00:00Z")), Edn.read("#inst \"2020\""));
        assertEquals(Date.from(Instant.parse("1996-12-20T00:39:57Z")), Edn.read("#inst \"1996-12-19T16:39:57-08:00\""));
        assertEquals(Date.from(Instant.parse("1990-12-31T15:59:59.123Z")),
                Edn.read("#inst \"1990-12-31T23:59:59.123456+08:00\""));
        assertEquals(Date.from(Instant.parse("2020-01-01T10:00:00Z")), Edn.read("#inst \"2020-01-01T10:00:00.000-00:00\""));
        assertEquals(Date.from(Instant.parse("2024-02-29T00:00:00Z")), Edn.read("#inst\"2024-02-29t00:00:00z\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2020-13-01", "2021-02-29", "2020-01-32", "2020-01-01T24:00:00Z", "2020-01-01T10:60",
            "2020-01-01T10:00:00.Z", "20-01-01", "2020-1-1", "2020-01-01T10:00:00+0100", "2020-01-01 10:00:00",
            "2020-01-01T10:00:00+24:00", "yesterday", "", "2020-01-01T10:00:00Zjunk"})
    void rejectsBadInstants(String text) {
        String message = parseError("#inst \"" + text + "\"").getMessage();
        assertTrue(message.startsWith("Invalid #inst value \"" + text + "\" at line 1, column 1: "), message);
    }

    @Test
    void everyDateRoundTripsEvenOutsideRfc3339Years() {
        for (long ms : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, -62_167_219_200_001L, 253_402_300_800_000L, 0L}) {
            Date date = new Date(ms);
            assertEquals(date, Edn.read(Edn.print(date)), Edn.print(date));
        }
        assertEquals("#inst \"+10000-01-01T00:00:00.000-00:00\"", Edn.print(new Date(253_402_300_800_000L)));
        assertEquals("#inst \"-0001-12-31T23:59:59.999-00:00\"", Edn.print(new Date(-62_167_219_200_001L)));
        assertTrue(parseError("#inst \"20200101\"").getMessage().endsWith("not an RFC 3339 timestamp"));
        assertTrue(parseError("#inst \"+999999999-12-31\"").getMessage().endsWith("beyond the range of a java.util.Date"));
    }

    @Test
    void instNeedsAString() {
        assertEquals("Invalid #inst value 20200101 at line 1, column 1: expected a string",
                parseError("#inst 20200101").getMessage());
    }

    @Test
    void readsUuidsStrictly() {
        UUID u = UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
        assertEquals(u, Edn.read("#uuid \"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\""));
        assertEquals(u, Edn.read("#uuid \"F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6\""));
        parseError("#uuid \"1-1-1-1-1\"");
        parseError("#uuid \"f81d4fae-7dec-11d0-a765-00a0c91e6bfg\"");
        parseError("#uuid \"f81d4fae7dec-11d0-a765-00a0c91e6bf6-\"");
        parseError("#uuid :not-a-string");
    }

    @Test
    void readsTempIds() {
        TempId withIndex = (TempId) Edn.read("#db/id [:db.part/user -1]");
        assertSame(kw("db.part/user"), withIndex.partition());
        assertEquals(-1L, withIndex.index());
        assertEquals(withIndex, Edn.read("#db/id[:db.part/user -1]"));
        TempId fresh = (TempId) Edn.read("#db/id [:db.part/user]");
        assertNull(fresh.index());
        assertSame(kw("db.part/user"), fresh.partition());
        assertNull(((TempId) Edn.read("#db/id[:db.part/tx]")).index());
        for (String bad : List.of("#db/id []", "#db/id [1]", "#db/id [:p :q]", "#db/id [:p 1 2]", "#db/id (:p 1)",
                "#db/id :p", "#db/id [:p 1.5]", "#db/id [:p 99999999999999999999]")) {
            assertTrue(parseError(bad).getMessage().endsWith("expected [partition] or [partition index]"), bad);
        }
    }

    @Test
    void readsUrisAndBytes() {
        assertEquals(URI.create("http://example.com/a?b=c#d"), Edn.read("#uri \"http://example.com/a?b=c#d\""));
        assertTrue(parseError("#uri \"http://bad host/\"").getMessage().startsWith("Invalid #uri value"));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) Edn.read("#bytes \"AQID\""));
        assertArrayEquals(new byte[0], (byte[]) Edn.read("#bytes \"\""));
        assertTrue(parseError("#bytes \"!!!\"").getMessage().endsWith("not valid base64"));
        parseError("#bytes 12");
    }

    @Test
    void readsUnknownNamespacedTagsAsTaggedValues() {
        assertEquals(new TaggedValue(sym("my/tag"), List.of(1L, 2L)), Edn.read("#my/tag [1 2]"));
        assertEquals(new TaggedValue(sym("a/b"), new TaggedValue(sym("c/d"), 1L)), Edn.read("#a/b #c/d 1"));
        assertEquals(new TaggedValue(sym("db/fn"), Map.of(kw("lang"), "java")), Edn.read("#db/fn {:lang \"java\"}"));
        assertEquals("Unknown tag #foo at line 1, column 1: tags without a namespace are reserved for EDN",
                parseError("#foo 1").getMessage());
        assertTrue(parseError("[#my/tag]").getMessage().startsWith("Expected a value after tag #my/tag but found ]"));
        assertTrue(parseError("#my/tag").getMessage().startsWith("Unexpected end of input at line 1, column 8"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"#(", "#\"re\"", "#:ns{:a 1}", "#?(:clj 1)", "#1", "#", "##foo", "##"})
    void rejectsOtherDispatches(String text) {
        parseError(text);
    }

    // ---- errors and hostile input -------------------------------------------------------------

    @Test
    void reportsPreciseLocations() {
        AccreteException eof = parseError("{:a 1\n :b [1 2]\n :c 3");
        assertEquals("Unexpected end of input at line 3, column 6 while reading a map started at line 1, column 1",
                eof.getMessage());
        assertEquals(3L, eof.data().get(kw("line")));
        assertEquals(6L, eof.data().get(kw("column")));
        assertEquals("Unmatched delimiter ] at line 1, column 5", parseError("[1 ]]").getMessage());
        assertEquals("Unmatched delimiter ] at line 1, column 1", parseError("]").getMessage());
        assertEquals("Unmatched delimiter ) at line 2, column 3 while reading a vector (expected ])",
                parseError("[1\n 2)").getMessage());
        assertEquals("Unexpected end of input at line 1, column 1: expected a form", parseError("").getMessage());
        assertEquals("Unexpected end of input at line 2, column 6: expected a form", parseError("  \n  ; c").getMessage());
        assertEquals("Unexpected character 2 at line 1, column 3 after the form: expected exactly one form",
                parseError("1 2").getMessage());
        assertEquals("Unexpected character @ at line 1, column 4", parseError("[1 @a]").getMessage());
        assertEquals("Unexpected character U+0000 at line 1, column 1", parseError("\0").getMessage());
        assertEquals("Unexpected character 2 at line 1, column 5 after the form: expected exactly one form",
                parseError("\"😀\" 2").getMessage());
        assertEquals("Unexpected character 2 at line 3, column 1 after the form: expected exactly one form",
                parseError("1\r\n\r\n2").getMessage());
        assertEquals(Errors.PARSE, assertThrows(AccreteException.class, () -> Edn.read(null)).category());
    }

    @Test
    void rejectsDeepNestingWithoutOverflowingTheStack() {
        for (String open : List.of("[", "(", "{", "#{", "#_", "#my/tag ", "#_[")) {
            AccreteException e = parseError(open.repeat(100_000));
            assertTrue(e.getMessage().startsWith("Input nested deeper than 256 levels"), e.getMessage());
        }
        assertEquals("Input nested deeper than 256 levels at line 1, column 257",
                parseError("[".repeat(257) + "]".repeat(257)).getMessage());
        assertThrows(AccreteException.class, () -> Edn.readAll("[".repeat(100_000)));
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        Object deep = Edn.read("[".repeat(256) + "]".repeat(256));
        assertEquals("[".repeat(256) + "]".repeat(256), Edn.print(deep));
        assertEquals(256, Edn.MAX_DEPTH);
    }

    @Test
    void reportsUnexpectedEndInsideEveryConstruct() {
        for (String text : List.of("(", "[1", "{:a", "#{1", "\"abc", "\\", "#", "#inst", "#_", "[#_ ")) {
            assertTrue(parseError(text).getMessage().startsWith("Unexpected end of input at line 1, column "), text);
        }
    }

    // ---- printing -----------------------------------------------------------------------------

    @Test
    void printsScalars() {
        assertEquals("nil", Edn.print(null));
        assertEquals("true", Edn.print(true));
        assertEquals("42", Edn.print(42L));
        assertEquals("42", Edn.print(42));
        assertEquals("-3", Edn.print((short) -3));
        assertEquals("7", Edn.print((byte) 7));
        assertEquals("1.0", Edn.print(1.0));
        assertEquals("-0.0", Edn.print(-0.0));
        assertEquals("1.0E21", Edn.print(1e21));
        assertEquals("1.5", Edn.print(1.5f));
        assertEquals("##NaN", Edn.print(Double.NaN));
        assertEquals("##Inf", Edn.print(Double.POSITIVE_INFINITY));
        assertEquals("##-Inf", Edn.print(Float.NEGATIVE_INFINITY));
        assertEquals("12N", Edn.print(BigInteger.valueOf(12)));
        assertEquals("1.50M", Edn.print(new BigDecimal("1.50")));
        assertEquals(":db/ident", Edn.print(kw("db/ident")));
        assertEquals("?e", Edn.print(sym("?e")));
    }

    @Test
    void printsStringsAndCharactersReadably() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\rf\\bg\\fh\"", Edn.print("a\"b\\c\nd\te\rf\bg\fh"));
        assertEquals("\"\\u0000\\u001f\\u007f\"", Edn.print("\u0000\u001f\u007f"));
        assertEquals("\"é😀\"", Edn.print("é😀"));
        assertEquals("\"\\ud83d!\"", Edn.print("\ud83d!"));
        assertEquals("\\a", Edn.print('a'));
        assertEquals("\\newline", Edn.print('\n'));
        assertEquals("\\space", Edn.print(' '));
        assertEquals("\\tab", Edn.print('\t'));
        assertEquals("\\(", Edn.print('('));
        assertEquals("\\u0000", Edn.print('\0'));
        assertEquals("\\u2003", Edn.print('\u2003'));
        assertEquals("\\u00a0", Edn.print('\u00a0'));
        assertEquals('\u00a0', Edn.read("\\u00a0"));
        assertEquals("\\ud83d", Edn.print('\ud83d'));
    }

    @Test
    void printsTaggedValues() {
        assertEquals("#inst \"2020-01-01T00:00:00.000-00:00\"", Edn.print(Date.from(Instant.parse("2020-01-01T00:00:00Z"))));
        assertEquals("#inst \"1969-12-31T23:59:59.999-00:00\"", Edn.print(new Date(-1)));
        assertEquals("#inst \"2021-06-05T04:03:02.123-00:00\"", Edn.print(Instant.parse("2021-06-05T04:03:02.123987Z")));
        assertEquals("#uuid \"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\"",
                Edn.print(UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")));
        assertEquals("#uri \"http://example.com/\"", Edn.print(URI.create("http://example.com/")));
        assertEquals("#bytes \"AQID\"", Edn.print(new byte[] {1, 2, 3}));
        assertEquals("#db/id[:db.part/user -1]", Edn.print(TempId.of(kw("db.part/user"), -1L)));
        assertEquals("#db/id[:db.part/user]", Edn.print(TempId.of(kw("db.part/user"), null)));
        assertEquals("#my/tag [1 \"x\"]", Edn.print(new TaggedValue(sym("my/tag"), List.of(1L, "x"))));
    }

    @Test
    void printsCollections() {
        assertEquals("(a 1 nil)", Edn.print(EdnList.of(sym("a"), 1L, null)));
        assertEquals("[a 1 nil]", Edn.print(Arrays.asList(sym("a"), 1L, null)));
        assertEquals("[]", Edn.print(List.of()));
        assertEquals("()", Edn.print(EdnList.of()));
        assertEquals("[1 :a]", Edn.print(new Object[] {1L, kw("a")}));
        assertEquals("[1 2 3]", Edn.print(new int[] {1, 2, 3}));
        assertEquals("#{3 1}", Edn.print(new LinkedHashSet<>(List.of(3L, 1L))));
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(kw("b"), 1L);
        map.put(kw("a"), List.of("x"));
        map.put(null, Map.of());
        assertEquals("{:b 1, :a [\"x\"], nil {}}", Edn.print(map));
        Iterable<Object> iterable = () -> List.<Object>of(1L, 2L).iterator();
        assertEquals("[1 2]", Edn.print(iterable));
        assertEquals("[:k 1]", Edn.print(Map.entry(kw("k"), 1L)));
    }

    @Test
    void printsEdnPrintablesAndUnknownObjects() {
        EdnPrintable datomLike = out -> {
            out.append('[');
            Edn.print(1L, out);
            out.append(' ');
            Edn.print(kw("db/ident"), out);
            out.append(']');
        };
        assertEquals("{:d [1 :db/ident]}", Edn.print(Map.of(kw("d"), datomLike)));
        Object unknown = new Object() {
            @Override public String toString() { return "thing \"quoted\""; }
        };
        assertEquals("\"thing \\\"quoted\\\"\"", Edn.print(unknown));
        StringBuilder out = new StringBuilder("prefix ");
        Edn.print(List.of(1L), out);
        assertEquals("prefix [1]", out.toString());
    }

    @Test
    void refusesToPrintWhatCannotBeReadBack() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        AccreteException e = assertThrows(AccreteException.class, () -> Edn.print(cyclic));
        assertEquals(Errors.INVALID_ARGUMENT, e.category());
        Object deep = 1L;
        for (int i = 0; i < 257; i++) deep = List.of(deep);
        Object tooDeep = deep;
        assertThrows(AccreteException.class, () -> Edn.print(tooDeep));
        Object tempIdAtLimit = TempId.of(kw("p"), 1L);
        for (int i = 0; i < 254; i++) tempIdAtLimit = List.of(tempIdAtLimit);
        assertEquals(tempIdAtLimit, Edn.read(Edn.print(tempIdAtLimit)));
        Object tempIdTooDeep = List.of(tempIdAtLimit);
        assertThrows(AccreteException.class, () -> Edn.print(tempIdTooDeep));
    }

    @Test
    void printShortCutsLongValuesCheaply() {
        assertEquals("[1 2]", Edn.printShort(List.of(1L, 2L)));
        String cut = Edn.printShort("x".repeat(10_000));
        assertEquals(200, cut.length());
        assertTrue(cut.startsWith("\"xxx") && cut.endsWith("…"));
        int[] drawn = {0};
        Iterable<Object> endless = () -> new Iterator<>() {
            @Override public boolean hasNext() { return true; }
            @Override public Object next() { return (long) drawn[0]++; }
        };
        String endlessShort = Edn.printShort(endless);
        assertEquals(200, endlessShort.length());
        assertTrue(drawn[0] < 200, "printed " + drawn[0] + " items");
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertTrue(Edn.printShort(cyclic).endsWith("…"));
        Object failing = new Object() {
            @Override public String toString() { throw new IllegalStateException("boom"); }
        };
        assertEquals("[1 …", Edn.printShort(Arrays.asList(1L, failing)));
        for (String text : List.of("😀".repeat(500), "a" + "😀".repeat(500))) {
            String shortText = Edn.printShort(text);
            assertTrue(shortText.length() <= 200 && shortText.endsWith("…"));
            assertFalse(Character.isHighSurrogate(shortText.charAt(shortText.length() - 2)), shortText);
        }
    }

    @Test
    void roundTripsEveryReadableType() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(kw("a/b"), Arrays.asList(null, true, 1L, -2.5, "s", 'c', sym("?x")));
        map.put(List.of(1L), EdnList.of(sym("f"), BigInteger.TEN, new BigDecimal("1.25"), Double.NaN));
        map.put("set", new LinkedHashSet<>(List.of(kw("x"), Date.from(Instant.parse("2020-02-02T02:02:02.002Z")))));
        map.put(UUID.randomUUID(), URI.create("urn:isbn:0451450523"));
        map.put(TempId.of(kw("db.part/user"), -5L), new TaggedValue(sym("x/y"), Map.of()));
        Object back = Edn.read(Edn.print(map));
        assertEquals(map, back);
        assertEquals(new ArrayList<>(map.keySet()), new ArrayList<>(((Map<?, ?>) back).keySet()));
        assertInstanceOf(EdnList.class, ((Map<?, ?>) back).get(List.of(1L)));
    }

    @Test
    void ednListIsAnImmutableList() {
        EdnList list = EdnList.of(1L, null, "x");
        assertEquals(3, list.size());
        assertNull(list.get(1));
        assertEquals(Arrays.asList(1L, null, "x"), list);
        assertEquals(Arrays.asList(1L, null, "x").hashCode(), list.hashCode());
        assertThrows(UnsupportedOperationException.class, () -> list.add(2L));
        assertThrows(UnsupportedOperationException.class, () -> list.set(0, 2L));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(3));
        Object[] source = {1L, 2L};
        EdnList copy = EdnList.of(source);
        source[0] = 9L;
        assertEquals(1L, copy.get(0));
        assertEquals("(1 nil \"x\")", list.toString());
        assertEquals(EdnList.of(1L), EdnList.copyOf(List.of(1L)));
    }
}
