package io.accrete.engine.storage;

import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class WriteAheadLogTest {

    private static List<LogStore.Entry> entries(long from, int n) {
        List<LogStore.Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new LogStore.Entry(from + i, "[[1 10 \"v" + (from + i) + "\" 2 true]]"));
        return out;
    }

    private static Path onlySegment(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wal")).findFirst().orElseThrow();
        }
    }

    @Test
    void recoversEveryRecordUpToATornTail() throws Exception {
        Path dir = Files.createTempDirectory("wal");
        try {
            WriteAheadLog wal = new WriteAheadLog(dir);
            wal.append(entries(1000, 3), true);
            wal.append(entries(1003, 2), true);
            Path seg = onlySegment(dir);
            // A crash mid-write: a length and checksum with only half a payload behind them.
            long end = 0;
            for (LogStore.Entry e : WriteAheadLog.recover(dir)) end += 8 + 8 + e.datoms().length();
            try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.allocate(12).putInt(100).putInt(12345).putInt(7).flip(), end);
            }
            List<LogStore.Entry> got = WriteAheadLog.recover(dir);
            assertEquals(entries(1000, 5), got);
        } finally {
            TempDb.deleteTree(dir);
        }
    }

    @Test
    void openingCopiesWhatOnlyTheWriteAheadLogHasIntoTheStore() throws Exception {
        Path dir = Files.createTempDirectory("walstore");
        try {
            try (H2LogStore h2 = new H2LogStore(dir, Durability.NO_FSYNC)) {
                h2.append(entries(1000, 2));
            }
            // The write-ahead log holds those two and three more the store never received.
            new WriteAheadLog(dir.resolve("wal")).append(entries(1000, 5), true);
            try (WriteAheadLogStore store = new WriteAheadLogStore(new H2LogStore(dir, Durability.NO_FSYNC), dir.resolve("wal"), Durability.FSYNC)) {
                assertEquals(1004, store.latestT());
                List<LogStore.Entry> seen = new ArrayList<>();
                store.replay(-1, seen::add);
                assertEquals(entries(1000, 5), seen);
                store.append(entries(1005, 1));
                seen.clear();
                store.replay(1003, seen::add);
                assertEquals(entries(1004, 2), seen, "reads see entries not yet copied into the store");
            }
            try (H2LogStore h2 = new H2LogStore(dir, Durability.NO_FSYNC)) {
                assertEquals(1005, h2.latestT(), "a clean close leaves everything in the store");
            }
        } finally {
            TempDb.deleteTree(dir);
        }
    }
}
