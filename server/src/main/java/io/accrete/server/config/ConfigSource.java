package io.accrete.server.config;

import picocli.CommandLine;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where an option's value comes from when no flag gives it: the environment variable
 * {@code ACCRETE_<OPTION>} (e.g. {@code ACCRETE_QUERY_TIMEOUT_MS}), then the properties file
 * (key = the flag without dashes, e.g. {@code query-timeout-ms}), then the built-in default.
 */
public final class ConfigSource implements CommandLine.IDefaultValueProvider {
    private final Properties file;
    private final Map<String, String> env;

    public ConfigSource(Properties file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    /** The file named by --config or ACCRETE_CONFIG, else ./config/accrete.properties when present. */
    public static ConfigSource load(String[] args, Map<String, String> env) {
        String path = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) path = args[i + 1];
            else if (args[i].startsWith("--config=")) path = args[i].substring("--config=".length());
        }
        if (path == null) path = env.get("ACCRETE_CONFIG");
        boolean explicit = path != null;
        Path p = Path.of(path == null ? "config/accrete.properties" : path);
        Properties props = new Properties();
        if (Files.isRegularFile(p)) {
            try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(new CommandLine(new ServeCommand()), "Cannot read " + p + ": " + e.getMessage());
            }
        } else if (explicit) {
            throw new IllegalArgumentException("Configuration file not found: " + p);
        }
        checkKeys(props, p);
        return new ConfigSource(props, env);
    }

    /** A misspelt key would otherwise be ignored, and its setting silently be the default. */
    private static void checkKeys(Properties props, Path file) {
        java.util.Set<String> known = new java.util.TreeSet<>();
        for (CommandLine.Model.OptionSpec o : new CommandLine(new ServeCommand()).getCommandSpec().options()) {
            known.add(o.longestName().replaceFirst("^-+", ""));
        }
        known.removeAll(java.util.Set.of("help", "version", "config"));
        for (String key : props.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("Unknown setting '" + key + "' in " + file + "; the settings are " + String.join(", ", known));
            }
        }
    }

    public static String envName(String key) {
        return "ACCRETE_" + key.toUpperCase().replace('-', '_');
    }

    @Override public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
        if (!(argSpec instanceof CommandLine.Model.OptionSpec opt)) return null;
        String key = opt.longestName().replaceFirst("^-+", "");
        String v = env.get(envName(key));
        if (v != null && !v.isEmpty()) return v;   // set but empty counts as unset
        v = file.getProperty(key);
        return v == null ? null : v.trim();
    }
}
