package io.accrete.server.config;

import io.accrete.engine.storage.Durability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code accrete serve}: every option can also come from {@code ACCRETE_<OPTION>} or the
 * properties file (see {@link ConfigSource}); flags win over both.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Starts the Accrete HTTP server.%nEach option may also be set by the environment variable "
                + "ACCRETE_<OPTION> (e.g. ACCRETE_PORT, ACCRETE_QUERY_TIMEOUT_MS) or in the properties file "
                + "(key = option name, e.g. query-timeout-ms); flags win, then the environment, then the file.",
        sortOptions = false)
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (default: config/accrete.properties when present; env ACCRETE_CONFIG).")
    String config;
    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}).")
    int port;
    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to bind; loopback by default (default: ${DEFAULT-VALUE}).")
    String bind;
    @Option(names = "--data", defaultValue = "./data", paramLabel = "DIR", description = "Data folder; each database lives in DIR/<name> (default: ${DEFAULT-VALUE}).")
    Path data;
    @Option(names = "--default-db", defaultValue = "accrete", description = "Database served at the root paths; created at first start (default: ${DEFAULT-VALUE}).")
    String defaultDb;
    @Option(names = "--max-body-bytes", defaultValue = "10485760", description = "Largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;
    @Option(names = "--query-timeout-ms", defaultValue = "30000", description = "Longest a query may run before 504 :db.error/timeout (default: ${DEFAULT-VALUE}).")
    long queryTimeoutMs;
    @Option(names = "--result-limit", defaultValue = "100000", description = "Most results a query, datoms or tx-range answer holds (default: ${DEFAULT-VALUE}).")
    int resultLimit;
    @Option(names = "--tx-queue", defaultValue = "10000", description = "Transactions that may wait for the writer per database before 503 :db.error/transactor-busy (default: ${DEFAULT-VALUE}).")
    int txQueue;
    @Option(names = "--sync-timeout-ms", defaultValue = "10000", description = "Longest a read waits for a basis-t before 504 :db.error/sync-timeout (default: ${DEFAULT-VALUE}).")
    long syncTimeoutMs;
    @Option(names = "--tx-timeout-ms", defaultValue = "30000", description = "Default :timeout-ms of /transact (default: ${DEFAULT-VALUE}).")
    long txTimeoutMs;
    @Option(names = "--durability", defaultValue = "FSYNC", description = "FSYNC (acknowledged = on the device) or NO_FSYNC (default: ${DEFAULT-VALUE}).")
    Durability durability;
    @Option(names = "--tokens", defaultValue = "", description = "Bearer tokens, comma-separated secret:role[:db] with role read, write (transactions) or admin (creating and deleting databases); none = open access. Prefer ACCRETE_TOKENS: flags show in process lists.")
    String tokens;
    @Option(names = "--cors-origins", defaultValue = "", description = "Comma-separated origins allowed by CORS, or *; empty = CORS off (default).")
    String corsOrigins;
    @Option(names = "--with-ttl-seconds", defaultValue = "600", description = "How long a /with database stays readable after its last use; then 410 (default: ${DEFAULT-VALUE}).")
    long withTtlSeconds;
    @Option(names = "--with-max-dbs", defaultValue = "1000", description = "Most /with databases kept; the least recently used go first (default: ${DEFAULT-VALUE}).")
    int withMaxDbs;
    @Option(names = "--sync-horizon", defaultValue = "1000000000", description = "A basis-t more than this past the next t is refused at once (default: ${DEFAULT-VALUE}).")
    long syncHorizon;
    @Option(names = "--max-sse-clients", defaultValue = "256", description = "Most concurrent /events streams; 0 turns them off (default: ${DEFAULT-VALUE}).")
    int maxSseClients;
    @Option(names = "--shutdown-grace-ms", defaultValue = "30000", description = "On SIGTERM, how long accepted requests may take to finish (default: ${DEFAULT-VALUE}).")
    long shutdownGraceMs;

    private final Function<ServerConfig, Integer> runner;

    public ServeCommand() { this(c -> 0); }

    public ServeCommand(Function<ServerConfig, Integer> runner) { this.runner = runner; }

    @Spec CommandSpec spec;

    /** The configuration, every value checked; a mistake is an {@link IllegalArgumentException} naming its option. */
    public ServerConfig toConfig() {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0 to 65535, not " + port);
        checkBind(bind);
        atLeast("--max-body-bytes", maxBodyBytes, 1);
        atLeast("--query-timeout-ms", queryTimeoutMs, 1);
        atLeast("--result-limit", resultLimit, 1);
        atLeast("--tx-queue", txQueue, 1);
        atLeast("--sync-timeout-ms", syncTimeoutMs, 1);
        atLeast("--tx-timeout-ms", txTimeoutMs, 1);
        atLeast("--with-ttl-seconds", withTtlSeconds, 1);
        atLeast("--with-max-dbs", withMaxDbs, 1);
        atLeast("--sync-horizon", syncHorizon, 1);
        atLeast("--max-sse-clients", maxSseClients, 0);   // 0: no event streams
        atLeast("--shutdown-grace-ms", shutdownGraceMs, 0);
        List<String> cors = Arrays.stream(corsOrigins.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new ServerConfig(port, bind, data, defaultDb, maxBodyBytes, queryTimeoutMs, resultLimit, txQueue,
                syncTimeoutMs, txTimeoutMs, durability, AccessToken.parseList(tokens), cors, withTtlSeconds, withMaxDbs,
                syncHorizon, maxSseClients, shutdownGraceMs);
    }

    private static void atLeast(String option, long value, long min) {
        if (value < min) throw new IllegalArgumentException(option + " must be at least " + min + ", not " + value);
    }

    /** An address this machine has (or the wildcard): otherwise Jetty's bind fails as "Port already in use". */
    private static void checkBind(String bind) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind " + bind + " is not a known address or host name");
        }
        try {
            if (!address.isAnyLocalAddress() && !address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw new IllegalArgumentException("--bind " + bind + " is not an address of this machine");
            }
        } catch (SocketException e) {
            // cannot list the interfaces: let the bind itself decide
        }
    }

    @Override public Integer call() {
        ServerConfig cfg;
        try {
            cfg = toConfig();
        } catch (IllegalArgumentException e) {
            // Reported like any other option mistake: one line and exit code 2, no stack trace.
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return runner.apply(cfg);
    }
}
