package io.accrete.engine.testing;

import io.accrete.engine.Connection;
import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Edn;
import io.accrete.engine.tx.TxReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A real database on a temporary data folder, removed on close. For tests in every module. */
public final class TempDb implements AutoCloseable {
    public final Path dir;
    public final Connection conn;

    private TempDb(Path dir, Connection conn) {
        this.dir = dir;
        this.conn = conn;
    }

    public static TempDb open() {
        return open(ConnectionOptions.defaults());
    }

    public static TempDb open(ConnectionOptions options) {
        try {
            Path dir = Files.createTempDirectory("accrete-test");
            return new TempDb(dir, Connection.open("test", dir, options));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Transacts EDN tx-data text. */
    public TxReport tx(String edn) {
        return conn.transact((List<?>) Edn.read(edn));
    }

    @Override public void close() {
        conn.close();
        deleteTree(dir);
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
