package io.accrete.server.db;

import io.accrete.engine.error.AccreteException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** The /with values kept: by time, by count and by weight, least recently used going first. */
class WithStoreTest {
    final AtomicLong now = new AtomicLong();

    @Test void theByteBudgetDropsTheLeastRecentlyUsedFirst() {
        WithStore s = new WithStore(60_000, 100, 1_000, now::get);
        String a = s.put("db", null, 400), b = s.put("db", null, 400);
        s.get(a, "db");                         // a is now the more recently used
        String c = s.put("db", null, 400);      // 1,200 > 1,000: b goes
        assertThrows(AccreteException.class, () -> s.get(b, "db"));
        assertNotNull(s.get(a, "db"));
        assertNotNull(s.get(c, "db"));
        assertEquals(800, s.weight());
        // the newest value is kept even alone over the budget
        String huge = s.put("db", null, 5_000);
        assertNotNull(s.get(huge, "db"));
        assertEquals(1, s.size());
        assertEquals(5_000, s.weight());
    }

    @Test void expiryAndDeletionGiveTheirWeightBack() {
        WithStore s = new WithStore(1_000, 100, 10_000, now::get);
        s.put("one", null, 300);
        String kept = s.put("two", null, 200);
        s.dropDb("one");
        assertEquals(200, s.weight());
        now.addAndGet(2_000);
        assertEquals(0, s.weight());
        assertThrows(AccreteException.class, () -> s.get(kept, "two"));
    }
}
