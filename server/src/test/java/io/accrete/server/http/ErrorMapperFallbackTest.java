package io.accrete.server.http;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one path no request can reach on purpose: writing the error itself fails. Javalin would hand
 * an exception thrown here back to its exception handler, this same method, for ever; so it must
 * end in a bare 500 instead. A context whose every call fails stands in for whatever broke.
 */
class ErrorMapperFallbackTest {
    @Test void aFailureWhileWritingAnErrorLeavesABare500AndThrowsNothing() {
        List<String> calls = new ArrayList<>();
        HttpServletResponse res = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{HttpServletResponse.class}, (p, m, args) -> {
                    calls.add(m.getName() + (args == null || args.length == 0 ? "" : "(" + args[0] + ")"));
                    return m.getReturnType() == boolean.class ? false : null;
                });
        Context ctx = (Context) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Context.class}, (p, m, args) -> {
            if (m.getName().equals("res")) return res;
            if (m.getName().equals("result")) {
                calls.add("ctx.result(" + ((byte[]) args[0]).length + " bytes)");
                return p;
            }
            throw new IllegalStateException("simulated: the context is broken (" + m.getName() + ")");
        });
        assertDoesNotThrow(() -> ErrorMapper.write(ctx, new RuntimeException("the original failure")));
        assertEquals(List.of("isCommitted", "reset", "ctx.result(0 bytes)", "setStatus(500)"), calls);
    }
}
