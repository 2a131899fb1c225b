package io.accrete.server.config;

import io.accrete.engine.storage.Durability;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the server is told at start. Built by {@link ServeCommand} from flags, environment
 * and {@code config/accrete.properties}; tests build it directly with {@link #defaults}.
 *
 * @param syncHorizon how far past the next t a requested basis-t may be before it is refused at
 *                    once instead of waited for: t also counts new entities, so a busy writer
 *                    moves it by more than one per transaction, but never by this much while a
 *                    client waits
 */
public record ServerConfig(
        int port,
        String bind,
        Path dataDir,
        String defaultDb,
        long maxBodyBytes,
        long queryTimeoutMs,
        int resultLimit,
        int txQueue,
        long syncTimeoutMs,
        long txTimeoutMs,
        Durability durability,
        List<AccessToken> tokens,
        List<String> corsOrigins,
        long withTtlSeconds,
        int withMaxDbs,
        long syncHorizon,
        int maxSseClients,
        long shutdownGraceMs) {

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(8080, "127.0.0.1", dataDir, "accrete", 10L << 20, 30_000, 100_000, 10_000,
                10_000, 30_000, Durability.FSYNC, List.of(), List.of(), 600, 1_000, 1_000_000_000L, 256, 30_000);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(p, bind, dataDir, defaultDb, maxBodyBytes, queryTimeoutMs, resultLimit, txQueue,
                syncTimeoutMs, txTimeoutMs, durability, tokens, corsOrigins, withTtlSeconds, withMaxDbs, syncHorizon,
                maxSseClients, shutdownGraceMs);
    }

    public ServerConfig withLimits(long maxBody, int resultLim, int queue, long syncTimeout, long queryTimeout) {
        return new ServerConfig(port, bind, dataDir, defaultDb, maxBody, queryTimeout, resultLim, queue,
                syncTimeout, txTimeoutMs, durability, tokens, corsOrigins, withTtlSeconds, withMaxDbs, syncHorizon,
                maxSseClients, shutdownGraceMs);
    }

    public ServerConfig withAccess(List<AccessToken> t, List<String> cors) {
        return new ServerConfig(port, bind, dataDir, defaultDb, maxBodyBytes, queryTimeoutMs, resultLimit, txQueue,
                syncTimeoutMs, txTimeoutMs, durability, t, cors, withTtlSeconds, withMaxDbs, syncHorizon,
                maxSseClients, shutdownGraceMs);
    }

    public ServerConfig withWithStore(long ttlSeconds, int maxDbs) {
        return new ServerConfig(port, bind, dataDir, defaultDb, maxBodyBytes, queryTimeoutMs, resultLimit, txQueue,
                syncTimeoutMs, txTimeoutMs, durability, tokens, corsOrigins, ttlSeconds, maxDbs, syncHorizon,
                maxSseClients, shutdownGraceMs);
    }

    public ServerConfig withDefaultDb(String name) {
        return new ServerConfig(port, bind, dataDir, name, maxBodyBytes, queryTimeoutMs, resultLimit, txQueue,
                syncTimeoutMs, txTimeoutMs, durability, tokens, corsOrigins, withTtlSeconds, withMaxDbs, syncHorizon,
                maxSseClients, shutdownGraceMs);
    }

    public ServerConfig withShutdownGraceMs(long ms) {
        return new ServerConfig(port, bind, dataDir, defaultDb, maxBodyBytes, queryTimeoutMs, resultLimit, txQueue,
                syncTimeoutMs, txTimeoutMs, durability, tokens, corsOrigins, withTtlSeconds, withMaxDbs, syncHorizon,
                maxSseClients, ms);
    }

    public ServerConfig withDurability(Durability d) {
        return new ServerConfig(port, bind, dataDir, defaultDb, maxBodyBytes, queryTimeoutMs, resultLimit, txQueue,
                syncTimeoutMs, txTimeoutMs, d, tokens, corsOrigins, withTtlSeconds, withMaxDbs, syncHorizon,
                maxSseClients, shutdownGraceMs);
    }

    /** Never prints the tokens themselves: configuration is logged at start. */
    @Override public String toString() {
        return "port=" + port + " bind=" + bind + " data=" + dataDir + " default-db=" + defaultDb
                + " max-body-bytes=" + maxBodyBytes + " query-timeout-ms=" + queryTimeoutMs
                + " result-limit=" + resultLimit + " tx-queue=" + txQueue + " sync-timeout-ms=" + syncTimeoutMs
                + " durability=" + durability + " tokens=" + tokens.size() + " cors-origins=" + corsOrigins;
    }
}
