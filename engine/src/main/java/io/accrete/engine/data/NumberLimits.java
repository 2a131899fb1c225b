package io.accrete.engine.data;

import io.accrete.engine.error.Errors;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The largest exact numbers Accrete reads from outside, counted in the digits they have written
 * out in full: {@code 1E+10000000M} is eleven characters but ten million digits, and turning it
 * into an integer or adding 1 to it takes seconds of CPU that no deadline can interrupt. Every
 * reader (EDN, transit, JSON) refuses more with {@code :db.error/parse}.
 */
public final class NumberLimits {
    private NumberLimits() {}

    public static final int MAX_DIGITS = 10_000;

    /** The digits {@code d} has written out without an exponent. */
    public static long digits(BigDecimal d) {
        return digits(d.precision(), d.scale());
    }

    /** The digits written out of a number of {@code precision} digits at {@code scale}. */
    public static long digits(long precision, long scale) {
        return scale < 0 ? precision - scale : Math.max(precision, scale);
    }

    public static BigDecimal checked(BigDecimal d) {
        if (digits(d) > MAX_DIGITS) throw tooLong(d.toString());
        return d;
    }

    public static BigInteger checked(BigInteger b) {
        // bitLength / log2(10) digits, give or take one
        if (b.bitLength() > MAX_DIGITS * 3.3219280948873626) throw tooLong("an integer of " + b.bitLength() + " bits");
        return b;
    }

    /** An exact number parsed from text, which is first checked for length (parsing is quadratic in it). */
    public static BigDecimal decimal(String text) {
        if (text.length() > MAX_DIGITS + 32) throw tooLong(text.substring(0, 20) + "…");
        return checked(new BigDecimal(text));
    }

    public static BigInteger integer(String text) {
        if (text.length() > MAX_DIGITS + 1) throw tooLong(text.substring(0, 20) + "…");
        return new BigInteger(text);
    }

    private static RuntimeException tooLong(String what) {
        return Errors.error(Errors.PARSE, "The number " + what + " has more than " + MAX_DIGITS + " digits written out in full");
    }
}
