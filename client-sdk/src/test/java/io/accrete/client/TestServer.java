package io.accrete.client;

import io.accrete.engine.storage.Durability;
import io.accrete.server.AccreteServer;
import io.accrete.server.config.ServerConfig;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real Accrete server in this JVM, on a free port, over a temporary data folder (durable:
 * fsync on, as a user runs it). {@link #restart()} stops it and starts it again on the same port
 * and folder, as an operator's restart would.
 */
final class TestServer implements AutoCloseable {
    static final long SYNC_TIMEOUT_MS = 1_500;

    private final Path dataDir;
    private final boolean ownsDir;
    private final long maxBodyBytes;
    private AccreteServer server;
    private int port;

    private TestServer(Path dataDir, boolean ownsDir, int port, long maxBodyBytes) {
        this.dataDir = dataDir;
        this.ownsDir = ownsDir;
        this.maxBodyBytes = maxBodyBytes;
        this.port = port;
        boot();
    }

    static TestServer start() { return start(ServerConfig.defaults(Path.of(".")).maxBodyBytes()); }

    /** A server that refuses request bodies over {@code maxBodyBytes} (413). */
    static TestServer start(long maxBodyBytes) {
        try {
            return new TestServer(Files.createTempDirectory("accrete-sdk-test"), true, 0, maxBodyBytes);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private void boot() {
        ServerConfig base = ServerConfig.defaults(dataDir);
        // A short server-side sync timeout, so that tests see the server's own 504 quickly.
        ServerConfig cfg = base.withPort(port).withDurability(Durability.FSYNC)
                .withLimits(maxBodyBytes, base.resultLimit(), base.txQueue(), SYNC_TIMEOUT_MS, base.queryTimeoutMs());
        server = AccreteServer.start(cfg);
        port = server.port();
    }

    URI uri() { return URI.create("http://127.0.0.1:" + port); }

    int port() { return port; }

    Path dataDir() { return dataDir; }

    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Stops (if running) and starts again on the same port and data folder. */
    void restart() {
        stop();
        boot();
    }

    @Override public void close() {
        stop();
        if (ownsDir) deleteTree(dataDir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp folder is harmless.
        }
    }
}
