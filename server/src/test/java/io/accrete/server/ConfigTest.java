package io.accrete.server;

import io.accrete.engine.storage.Durability;
import io.accrete.server.config.ConfigSource;
import io.accrete.server.config.ServeCommand;
import io.accrete.server.config.ServerConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flags win over ACCRETE_* variables, which win over the properties file, which wins over defaults. */
class ConfigTest {
    static ServerConfig parse(Properties file, Map<String, String> env, String... args) {
        AtomicReference<ServerConfig> got = new AtomicReference<>();
        CommandLine cl = new CommandLine(new ServeCommand(c -> { got.set(c); return 0; }));
        cl.setDefaultValueProvider(new ConfigSource(file, env));
        assertEquals(0, cl.execute(args));
        return got.get();
    }

    @Test void defaultsMatchTheContract() {
        ServerConfig c = parse(new Properties(), Map.of());
        assertEquals(8080, c.port());
        assertEquals("127.0.0.1", c.bind());
        assertEquals(Path.of("./data"), c.dataDir());
        assertEquals("accrete", c.defaultDb());
        assertEquals(Durability.FSYNC, c.durability());
        assertTrue(c.tokens().isEmpty());
        assertTrue(c.corsOrigins().isEmpty());
    }

    @Test void precedence() {
        Properties file = new Properties();
        file.setProperty("port", "9000");
        file.setProperty("query-timeout-ms", "5");
        file.setProperty("default-db", "fromfile");
        Map<String, String> env = Map.of("ACCRETE_QUERY_TIMEOUT_MS", "7", "ACCRETE_TOKENS", "s:read:x", "ACCRETE_DEFAULT_DB", "fromenv");
        ServerConfig c = parse(file, env, "--default-db", "fromflag", "--data", "/tmp/d");
        assertEquals(9000, c.port());
        assertEquals(7, c.queryTimeoutMs());
        assertEquals("fromflag", c.defaultDb());
        assertEquals(Path.of("/tmp/d"), c.dataDir());
        assertEquals(1, c.tokens().size());
        assertTrue(!c.toString().contains("s:read"), "tokens must not be printed");
    }

    /** The exit code and what the command printed to stderr. */
    static Map.Entry<Integer, String> refused(Properties file, Map<String, String> env, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ServeCommand(c -> 0));
        cl.setErr(new PrintWriter(err));
        cl.setDefaultValueProvider(new ConfigSource(file, env));
        return Map.entry(cl.execute(args), err.toString());
    }

    @Test void everyMistakenValueIsOneLineNamingItsOptionAndExitCode2() {
        String[][] cases = {
                {"--port", "99999", "--port must be 0 to 65535"},
                {"--max-body-bytes", "-5", "--max-body-bytes must be at least 1"},
                {"--tx-timeout-ms", "0", "--tx-timeout-ms must be at least 1"},
                {"--query-timeout-ms", "0", "--query-timeout-ms must be at least 1"},
                {"--shutdown-grace-ms", "-1", "--shutdown-grace-ms must be at least 0"},
                {"--max-sse-clients", "-1", "--max-sse-clients must be at least 0"},
                {"--bind", "notahost.invalid", "is not a known address"},
                {"--tokens", "x:admin:bad/db", "A token's database is a database name"},
        };
        for (String[] c : cases) {
            Map.Entry<Integer, String> r = refused(new Properties(), Map.of(), c[0], c[1]);
            assertEquals(2, r.getKey(), c[0] + " " + c[1]);
            assertTrue(r.getValue().contains(c[2]), r.getValue());
            assertTrue(!r.getValue().contains("\tat "), "no stack trace: " + r.getValue());
        }
    }

    @Test void anUnknownSettingInTheFileIsRefusedAndAnEmptyVariableIsUnset() throws Exception {
        Path file = java.nio.file.Files.createTempFile("accrete", ".properties");
        try {
            java.nio.file.Files.writeString(file, "prot=18701\n");
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> ConfigSource.load(new String[]{"serve", "--config", file.toString()}, Map.of()));
            assertTrue(e.getMessage().contains("Unknown setting 'prot'") && e.getMessage().contains("port"), e.getMessage());
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
        Properties props = new Properties();
        props.setProperty("port", "9001");
        assertEquals(9001, parse(props, Map.of("ACCRETE_PORT", "")).port(), "ACCRETE_PORT= is unset, so the file decides");
    }

    @Test void helpListsEveryOption() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new ServeCommand());
        cl.setOut(new PrintWriter(out));
        cl.execute("--help");
        for (String o : new String[]{"--port", "--bind", "--data", "--default-db", "--max-body-bytes", "--query-timeout-ms",
                "--result-limit", "--tx-queue", "--sync-timeout-ms", "--durability", "--tokens", "--cors-origins",
                "--with-ttl-seconds", "ACCRETE_"}) {
            assertTrue(out.toString().contains(o), o + " missing from --help");
        }
    }
}
