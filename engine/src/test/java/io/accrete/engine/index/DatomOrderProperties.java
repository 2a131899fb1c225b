package io.accrete.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Date;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The index comparators against the values' own order: the primitive keys a datom keeps (long,
 * instant, string prefix) must never order two values differently from {@link DatomOrder#compareValues}.
 */
class DatomOrderProperties {

    /** Strings that share prefixes, end inside the first eight characters, hold NULs and non-Latin-1 characters. */
    @Provide Arbitrary<String> strings() {
        Arbitrary<String> near = Arbitraries.strings().withChars('\u0000', 'a', 'b', '\u00ff', '\u0100', '\uffff').ofMaxLength(11);
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(12);
        Arbitrary<String> prefixed = Arbitraries.integers().between(0, 2_000).map(i -> "person-" + i);
        return Arbitraries.oneOf(near, any, prefixed);
    }

    @Provide Arbitrary<Object> values() {
        return Arbitraries.oneOf(strings().map(s -> (Object) s), Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.longs().between(-1L << 50, 1L << 50).map(ms -> (Object) new Date(ms)));
    }

    @Property(tries = 3000)
    void stringsOrderAsStringCompareTo(@ForAll("strings") String x, @ForAll("strings") String y) {
        assertEquals(Integer.signum(x.compareTo(y)), Integer.signum(DatomOrder.AVET.compare(datom(x), datom(y))), () -> show(x) + " vs " + show(y));
        assertEquals(Integer.signum(x.compareTo(y)), Integer.signum(DatomOrder.VAET.compare(datom(x), datom(y))));
    }

    @Property(tries = 3000)
    void everyIndexAgreesWithCompareValues(@ForAll("values") Object x, @ForAll("values") Object y) {
        int expected = Integer.signum(DatomOrder.compareValues(x, y));
        for (Index index : Index.values()) {
            assertEquals(expected, Integer.signum(DatomOrder.of(index).compare(datom(x), datom(y))), () -> index + " " + x + " vs " + y);
        }
    }

    private static Datom datom(Object v) {
        return new Datom(17, 42, v, 3, true);
    }

    private static String show(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        return b.append('"').toString();
    }
}
