package io.accrete.server.http;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.error.Errors;
import io.accrete.server.config.ServerConfig;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Exchange#when} answers whatever moment its future completes (or fails): before the
 * handler looks, while it looks, or later. The middle case is the one a real server hits about once in a million
 * sequential transactions, so a future here makes it happen every time.
 */
class ExchangeWhenTest {
    /** Not done when first asked, and done from that moment on: a commit landing mid-check. */
    static final class CompletesWhileAsked extends CompletableFuture<String> {
        private final RuntimeException failure;
        private boolean asked;

        CompletesWhileAsked(RuntimeException failure) {
            this.failure = failure;
        }

        @Override public synchronized boolean isDone() {
            if (asked) return super.isDone();
            asked = true;
            if (failure == null) complete("landed");
            else completeExceptionally(failure);
            return false;
        }
    }

    @Test void answersWhetherTheFutureCompletedBeforeDuringOrAfterTheCheck(@TempDir Path dir) throws Exception {
        try (Services services = new Services(ServerConfig.defaults(dir))) {
            Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
            Map<String, Supplier<CompletableFuture<String>>> futures = Map.of(
                    "/before", () -> CompletableFuture.completedFuture("landed"),
                    "/during", () -> new CompletesWhileAsked(null),
                    "/fails-during", () -> new CompletesWhileAsked(Errors.error(Errors.TRANSACTOR_BUSY, "busy")),
                    "/after", () -> CompletableFuture.supplyAsync(() -> {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return "landed";
                    }));
            futures.forEach((path, future) -> app.post(path, Dispatcher.wrap(services,
                    Route.server(io.javalin.http.HandlerType.POST, path, Access.READ, ex ->
                            ex.when(future.get(), v -> ex.respond(200, Map.of(Keyword.of("v"), v)))), path)));
            app.start("127.0.0.1", 0);
            try {
                HttpClient http = HttpClient.newHttpClient();
                for (String path : futures.keySet()) {
                    for (int i = 0; i < 20; i++) {
                        // A regression would leave the request unanswered: Javalin has no async timeout.
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                                .timeout(Duration.ofSeconds(10))
                                .header("Accept", "application/edn").POST(HttpRequest.BodyPublishers.noBody()).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/edn"), path + ": " + r.headers());
                        if (path.equals("/fails-during")) {
                            assertEquals(503, r.statusCode(), r.body());
                            assertTrue(r.body().contains(":db.error/transactor-busy"), r.body());
                        } else {
                            assertEquals(200, r.statusCode(), path);
                            assertEquals("{:v \"landed\"}", r.body(), path);
                        }
                    }
                }
            } finally {
                app.stop();
            }
        }
    }
}
