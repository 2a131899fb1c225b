package io.accrete.server.wire;

import com.cognitect.transit.impl.AbstractParser;
import com.cognitect.transit.impl.ReadCache;
import com.cognitect.transit.impl.WriteCache;
import io.accrete.engine.error.Errors;

/**
 * transit's read cache, refusing a cache code ({@code ^0}, {@code ^1A}…) that the message has not
 * defined yet. transit-java answers one with whatever its table holds there, null in a fresh
 * cache, so a malformed body read as a map with a null key instead of failing. The index is kept
 * here exactly as transit-java keeps its own: one step per cacheable string, back to zero when full.
 */
final class CheckedReadCache extends ReadCache {
    private int defined;

    @Override public Object cacheRead(String s, boolean asMapKey, AbstractParser p) {
        if (s.length() > 1 && s.charAt(0) == '^' && !s.equals("^ ")) {
            int i = s.length() == 2 ? digit(s.charAt(1))
                    : s.length() == 3 ? digit(s.charAt(1)) * WriteCache.CACHE_CODE_DIGITS + digit(s.charAt(2)) : -1;
            if (i < 0 || i >= defined) {
                throw Errors.error(Errors.PARSE, "Malformed transit+json: cache code " + (s.length() > 4 ? s.substring(0, 4) + "…" : s)
                        + " is not defined at that point of the message");
            }
        } else if (s.length() != 0 && WriteCache.isCacheable(s, asMapKey)) {
            if (defined == WriteCache.MAX_CACHE_ENTRIES) defined = 0;
            defined++;
        }
        return super.cacheRead(s, asMapKey, p);
    }

    private static int digit(char c) {
        int d = c - WriteCache.BASE_CHAR_IDX;
        return d >= 0 && d < WriteCache.CACHE_CODE_DIGITS ? d : -1;
    }
}
