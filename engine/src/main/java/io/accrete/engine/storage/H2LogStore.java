package io.accrete.engine.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The log in an embedded H2 database file ({@code DIR/log.mv.db}), reached through HikariCP.
 * Table layout (see the engine README):
 * <pre>
 * accrete_log(t BIGINT, part INT, datoms CHARACTER VARYING)  -- primary key (t, part)
 * </pre>
 * A transaction's datoms are EDN text split over as many {@code part} rows as their size needs.
 * Durability: with {@code WRITE_DELAY=0} H2 writes a commit's chunk to its file before the
 * commit returns, so a process crash loses nothing committed. In {@link Durability#FSYNC} mode we
 * then force the file to the device ourselves (one fdatasync per batch; H2's own
 * {@code CHECKPOINT SYNC} costs more syscalls for the same guarantee), so a machine crash loses
 * nothing acknowledged either.
 */
public final class H2LogStore implements LogStore {
    /** Characters per row: below H2's limit for CHARACTER VARYING. */
    static final int PART_CHARS = 500_000;

    static {
        // H2 interns every string it reads through a cache keyed by the string's hash: for rows
        // of hundreds of kilobytes of EDN that is read once, hashing costs a tenth of a reopen and
        // the cache can never hit. Set before H2 loads; a user's own setting wins.
        if (System.getProperty("h2.objectCache") == null) System.setProperty("h2.objectCache", "false");
    }

    private final HikariDataSource pool;
    private final Durability durability;
    private final FileChannel file;

    public H2LogStore(Path dir, Durability durability) {
        this.durability = durability;
        HikariConfig cfg = new HikariConfig();
        // FILE_LOCK=FS keeps a second process from opening the same folder.
        cfg.setJdbcUrl("jdbc:h2:file:" + dir.toAbsolutePath().resolve("log") + ";FILE_LOCK=FS;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        cfg.setUsername("sa");
        cfg.setPassword("");
        cfg.setMaximumPoolSize(2);
        cfg.setMinimumIdle(1);
        cfg.setAutoCommit(false);
        cfg.setPoolName("accrete-h2-" + dir.getFileName());
        try {
            this.pool = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw Errors.error(Errors.STORAGE, "Cannot open the log in " + dir + ": " + rootMessage(e));
        }
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS accrete_log (t BIGINT NOT NULL, part INT NOT NULL, "
                    + "datoms CHARACTER VARYING NOT NULL, PRIMARY KEY (t, part))");
            c.commit();
        } catch (SQLException e) {
            pool.close();
            throw storage("create the log table", e);
        }
        try {
            this.file = FileChannel.open(dir.toAbsolutePath().resolve("log.mv.db"), StandardOpenOption.WRITE);
        } catch (IOException e) {
            pool.close();
            throw Errors.error(Errors.STORAGE, "Cannot open the log file in " + dir + ": " + e.getMessage());
        }
    }

    @Override public void append(List<Entry> entries) {
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO accrete_log (t, part, datoms) VALUES (?, ?, ?)")) {
                for (Entry e : entries) {
                    String text = e.datoms();
                    int part = 0;
                    for (int from = 0; from < text.length() || from == 0; from += PART_CHARS) {
                        ps.setLong(1, e.t());
                        ps.setInt(2, part++);
                        ps.setString(3, text.substring(from, Math.min(text.length(), from + PART_CHARS)));
                        ps.addBatch();
                        if (text.isEmpty()) break;
                    }
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw storage("append to the log", e);
        }
        if (durability == Durability.FSYNC) sync();
    }

    @Override public void sync() {
        try {
            file.force(false);
        } catch (IOException e) {
            throw Errors.error(Errors.STORAGE, "Could not force the log to disk: " + e.getMessage());
        }
    }

    @Override public void replay(long afterT, Sink sink) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT t, part, datoms FROM accrete_log WHERE t > ? ORDER BY t, part")) {
            ps.setLong(1, afterT);
            ps.setFetchSize(256);
            try (ResultSet rs = ps.executeQuery()) {
                long t = -1;
                StringBuilder text = new StringBuilder();
                while (rs.next()) {
                    long rt = rs.getLong(1);
                    if (rt != t && t >= 0) {
                        sink.accept(new Entry(t, text.toString()));
                        text.setLength(0);
                    }
                    t = rt;
                    text.append(rs.getString(3));
                }
                if (t >= 0) sink.accept(new Entry(t, text.toString()));
            }
            c.commit();
        } catch (SQLException e) {
            throw storage("read the log", e);
        }
    }

    @Override public long latestT() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(t) FROM accrete_log")) {
            rs.next();
            long t = rs.getLong(1);
            boolean none = rs.wasNull();
            c.commit();
            return none ? -1 : t;
        } catch (SQLException e) {
            throw storage("read the log", e);
        }
    }

    @Override public void close() {
        try {
            file.close();
        } catch (IOException ignored) {
            // closing a channel we only forced through cannot lose data
        }
        pool.close();
    }

    private AccreteException storage(String what, SQLException e) {
        // H2 closes a database whose file it could not write (a full disk); the pool would go on
        // handing out the dead sessions. Dropping them makes the next attempt open the file again,
        // so the copier recovers once there is room, without a restart.
        int code = e.getErrorCode();
        if ((code == org.h2.api.ErrorCode.DATABASE_IS_CLOSED || code == org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN)
                && !pool.isClosed() && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
        String root = rootMessage(e);
        return Errors.error(Errors.STORAGE, "Could not " + what + ": " + e.getMessage()
                + (root != null && !root.equals(e.getMessage()) ? " (cause: " + root + ")" : ""));
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e.getMessage();
    }
}
