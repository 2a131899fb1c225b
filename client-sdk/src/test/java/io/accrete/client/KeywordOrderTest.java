package io.accrete.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keywords and symbols order as the server's indexes do (namespace first, none first), so indexRange bounds agree with it. */
class KeywordOrderTest {
    @Test void namespaceFirstAndNoNamespaceFirstOfAll() {
        List<Keyword> ks = new ArrayList<>(List.of(Keyword.of(":a/z"), Keyword.of(":b"), Keyword.of(":a.b/c"), Keyword.of(":a")));
        ks.sort(null);
        assertEquals(List.of(Keyword.of(":a"), Keyword.of(":b"), Keyword.of(":a/z"), Keyword.of(":a.b/c")), ks);
        List<Symbol> ss = new ArrayList<>(List.of(Symbol.of("a/z"), Symbol.of("b"), Symbol.of("a.b/c")));
        ss.sort(null);
        assertEquals(List.of(Symbol.of("b"), Symbol.of("a/z"), Symbol.of("a.b/c")), ss);
    }
}
