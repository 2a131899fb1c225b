package io.accrete.engine.data;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;

import static org.junit.jupiter.api.Assertions.*;

class InternerTest {
    @Test
    void liveValuesStayCanonical() {
        Keyword a = Keyword.of("person/name");
        for (int i = 0; i < 100_000; i++) Keyword.of("junk/k" + i);
        System.gc();
        assertSame(a, Keyword.of(":person/name"));
        assertSame(Symbol.of("?e"), Symbol.of("?e"));
        assertEquals("person", a.namespace());
        assertEquals("name", a.name());
    }

    @Test
    void unusedNamesCanBeCollected() throws InterruptedException {
        WeakReference<Keyword> ref = new WeakReference<>(Keyword.of("made-up/" + System.nanoTime()));
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(ref.get(), "an interned keyword nobody holds should be collectable");
    }
}
