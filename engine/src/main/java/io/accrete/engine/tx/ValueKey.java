package io.accrete.engine.tx;

import io.accrete.engine.index.DatomOrder;

import java.math.BigDecimal;
import java.util.Arrays;

/** Wraps a value so that hashing and equality agree with the index order (byte arrays by content). */
record ValueKey(Object v) {
    @Override public boolean equals(Object o) {
        return o instanceof ValueKey k && DatomOrder.sameValue(v, k.v);
    }

    @Override public int hashCode() {
        if (v instanceof byte[] b) return Arrays.hashCode(b);
        if (v instanceof BigDecimal d) return d.stripTrailingZeros().hashCode();
        if (v instanceof Double d && d == 0 || v instanceof Float f && f == 0) return 0;   // -0.0 is 0.0
        return v == null ? 0 : v.hashCode();
    }
}
