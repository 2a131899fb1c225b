package io.accrete.server.db;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.storage.FolderLock;
import io.accrete.engine.storage.Durability;
import io.accrete.server.errors.ServerErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The named databases of one server: database {@code name} lives in {@code dataDir/name}. A
 * folder found there holding a store is opened on first use, so a restart serves every database
 * it had without opening them all at start. Other folders are not databases: they are neither
 * listed, opened nor deleted. The server holds the whole data folder ({@link FolderLock}) from
 * {@link #start} to {@link #close}, so that a second server on it refuses to start instead of
 * opening, or deleting, databases the first one has open.
 */
public final class DatabaseRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseRegistry.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Path dataDir;
    private final String defaultName;
    private final ConnectionOptions options;
    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    /** The hold on the data folder, from start to close. */
    private FolderLock held;

    public DatabaseRegistry(Path dataDir, String defaultName, Durability durability, int queueCapacity) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.defaultName = validName(defaultName);
        this.options = new ConnectionOptions(durability, queueCapacity, 512);
    }

    public String defaultName() { return defaultName; }

    /** Takes the data folder and opens the default database, creating it on the first start. */
    public void start() {
        synchronized (lifecycle) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw ServerErrors.error(io.accrete.engine.error.Errors.STORAGE, "Cannot create the data folder " + dataDir + ": " + e.getMessage());
            }
            held = FolderLock.acquire(dataDir, "The data folder " + dataDir + " (another Accrete server?)");
        }
        create(defaultName);
    }

    /** Whether {@code dir} holds a database's store (and is not some other folder). */
    private static boolean isDatabase(Path dir) {
        return Files.isRegularFile(dir.resolve(STORE_FILE));
    }

    /** The file every database folder has from its creation on (the H2 log). */
    private static final String STORE_FILE = "log.mv.db";

    public static String validName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ServerErrors.error(ServerErrors.INVALID_DB_NAME,
                    "A database name is 1 to 64 letters, digits, '-' or '_'", "db-name", name);
        }
        return name;
    }

    /** The open connection of an existing database; 404 :db.error/db-not-found otherwise. */
    /** The open connection of {@code name}, or null (without opening it). */
    public Connection openOrNull(String name) { return name == null ? null : open.get(name); }

    public Connection get(String name) {
        Connection c = open.get(name);
        if (c != null) return c;
        if (name == null || !NAME.matcher(name).matches() || !isDatabase(dataDir.resolve(name))) throw notFound(name);
        synchronized (lifecycle) {
            c = open.get(name);
            if (c != null) return c;
            if (!isDatabase(dataDir.resolve(name))) throw notFound(name);
            c = Connection.open(name, dataDir.resolve(name), options);
            open.put(name, c);
            return c;
        }
    }

    public boolean exists(String name) {
        return open.containsKey(name) || (name != null && NAME.matcher(name).matches() && isDatabase(dataDir.resolve(name)));
    }

    /** A database {@link #create} opened, and whether it was new. */
    public record Created(boolean isNew, Connection conn) {}

    /** Creates the database when it does not exist, and opens it. */
    public Created create(String name) {
        validName(name);
        synchronized (lifecycle) {
            Connection already = open.get(name);
            if (already != null) return new Created(false, already);
            Path dir = dataDir.resolve(name);
            boolean existed = isDatabase(dir);
            if (!existed && !isEmptyOrAbsent(dir)) {
                throw ServerErrors.error(ServerErrors.INVALID_REQUEST, "The data folder holds a folder named " + name
                        + " that is not a database; remove or rename it first", "db-name", name);
            }
            Connection c = Connection.open(name, dataDir.resolve(name), options);
            open.put(name, c);
            if (!existed) LOG.info("Created database {}", name);
            return new Created(!existed, c);
        }
    }

    /** Closes the database (finishing its queued transactions) and removes its folder. */
    public boolean delete(String name) {
        validName(name);
        if (name.equals(defaultName)) {
            throw ServerErrors.error(ServerErrors.INVALID_REQUEST, "The default database cannot be deleted", "db-name", name);
        }
        synchronized (lifecycle) {
            Connection c = open.remove(name);
            if (c != null) c.close();
            Path dir = dataDir.resolve(name);
            if (!isDatabase(dir)) {
                if (c == null) throw notFound(name);
                return true;
            }
            // Held while deleting: a folder that something else has open is refused, not pulled from under it.
            try (FolderLock ignored = FolderLock.acquire(dir)) {
                deleteTree(dir);
            }
            LOG.info("Deleted database {}", name);
            return true;
        }
    }

    /** Names of every database, open or only on disk, sorted. */
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>(open.keySet());
        if (Files.isDirectory(dataDir)) {
            try (Stream<Path> s = Files.list(dataDir)) {
                s.filter(DatabaseRegistry::isDatabase).map(p -> p.getFileName().toString())
                        .filter(n -> NAME.matcher(n).matches()).forEach(names::add);
            } catch (IOException e) {
                LOG.warn("Cannot list {}: {}", dataDir, e.getMessage());
            }
        }
        return new ArrayList<>(names);
    }

    public Collection<Connection> openConnections() { return open.values(); }

    private static RuntimeException notFound(String name) {
        return ServerErrors.error(ServerErrors.DB_NOT_FOUND, "No database named " + name, "db-name", name);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw ServerErrors.error(io.accrete.engine.error.Errors.STORAGE, "Cannot remove " + dir.getFileName() + ": " + e.getMessage());
        }
    }

    /** Closes every database; each finishes and acknowledges its queued transactions first. */
    @Override public void close() {
        synchronized (lifecycle) {
            for (Map.Entry<String, Connection> e : open.entrySet()) {
                try {
                    e.getValue().close();
                } catch (RuntimeException ex) {
                    LOG.warn("Closing {} failed: {}", e.getKey(), ex.toString());
                }
            }
            open.clear();
            if (held != null) held.close();
            held = null;
        }
    }

    /** Empty but for a lock file: what a creation that failed (or was killed) before its store existed leaves. */
    private static boolean isEmptyOrAbsent(Path dir) {
        if (!Files.exists(dir)) return true;
        try (Stream<Path> s = Files.list(dir)) {
            return s.allMatch(p -> p.getFileName().toString().equals(FolderLock.FILE));
        } catch (IOException e) {
            return false;
        }
    }
}
