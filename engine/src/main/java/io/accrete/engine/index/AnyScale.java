package io.accrete.engine.index;

import java.math.BigDecimal;

/**
 * A decimal to look up by value: it compares equal to that number at every scale (1.5M finds
 * 1.50M), as the peer's index lookups and unique checks do. Only ever a probe, never stored: the
 * indexes keep 1.5M and 1.50M as two values, the one after the other, so all scales of one number
 * are contiguous and a probe bounds them.
 */
public record AnyScale(BigDecimal value) {}
