package io.accrete.engine.storage;

import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.testing.MemoryLogStore;
import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.nio.charset.StandardCharsets;
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
            long end = recordsEnd(dir);
            try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.allocate(12).putInt(100).putInt(12345).putInt(7).flip(), end);
            }
            List<LogStore.Entry> got = WriteAheadLog.recover(dir);
            assertEquals(entries(1000, 5), got);
        } finally {
            TempDb.deleteTree(dir);
        }
    }

    /** Where the records of a one-segment log end (ASCII texts): header, t and text each. */
    private static long recordsEnd(Path dir) {
        long end = 0;
        for (LogStore.Entry e : WriteAheadLog.recover(dir)) end += 8 + 8 + e.datoms().length();
        return end;
    }

    private static List<Long> recoveredTs(Path dir) {
        List<Long> ts = new ArrayList<>();
        for (LogStore.Entry e : WriteAheadLog.recover(dir)) ts.add(e.t());
        return ts;
    }

    @Test
    void appendsRollOverIntoTheSegmentPreparedAheadAndReleasedSegmentsGo(@TempDir Path dir) throws Exception {
        WriteAheadLog wal = new WriteAheadLog(dir);
        String mb = "y".repeat(1 << 20);
        int n = WriteAheadLog.SEGMENT_BYTES / (1 << 20) + 8;   // enough to fill one segment and start the next
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            wal.append(List.of(new LogStore.Entry(1000 + i, mb)), true);
            expected.add(1000L + i);
            if (wal.wantsNextSegment()) wal.prepareNext();   // as the copier does
        }
        assertEquals(expected, recoveredTs(dir));
        List<Path> segments;
        try (Stream<Path> s = Files.list(dir)) {
            segments = s.filter(p -> p.toString().endsWith(".wal")).toList();
        }
        assertEquals(2, segments.size(), "one full segment and the one prepared ahead: " + segments);
        for (Path p : segments) assertEquals(WriteAheadLog.SEGMENT_BYTES, Files.size(p), "no write went past the end of " + p);
        wal.releaseThrough(1000L + n - 1 - 8);
        List<Long> after = recoveredTs(dir);
        assertEquals(expected.subList(expected.size() - after.size(), expected.size()), after,
                "releasing drops whole segments from the front only");
        assertTrue(after.size() < n, "the first segment was released");
    }

    @Test
    void aBatchLargerThanASegmentKeepsItsPlaceAfterASegmentWasPreparedAhead(@TempDir Path dir) {
        WriteAheadLog wal = new WriteAheadLog(dir);
        wal.append(entries(1000, 1), true);
        wal.prepareNext();
        wal.append(List.of(new LogStore.Entry(1001, "x".repeat(WriteAheadLog.SEGMENT_BYTES + 1))), true);
        wal.append(entries(1002, 1), true);
        assertEquals(List.of(1000L, 1001L, 1002L), recoveredTs(dir));
    }

    @Test
    void segmentsMadeAheadWhileTheLogRollsOnItsOwnNeverComeOutOfOrder(@TempDir Path dir) throws Exception {
        WriteAheadLog wal = new WriteAheadLog(dir, 4096);
        AtomicBoolean done = new AtomicBoolean();
        Thread preparer = new Thread(() -> {
            while (!done.get()) wal.prepareNext();   // as eager as a copier can be
        });
        preparer.start();
        List<Long> expected = new ArrayList<>();
        try {
            for (int i = 0; i < 3000; i++) {
                wal.append(List.of(new LogStore.Entry(i, "z".repeat(900))), false);
                expected.add((long) i);
            }
        } finally {
            done.set(true);
            preparer.join();
        }
        assertEquals(expected, recoveredTs(dir));
    }

    @Test
    void recordsLeftBehindByARefusedBatchDoNotComeBackAfterAShorterOne(@TempDir Path dir) throws Exception {
        WriteAheadLog wal = new WriteAheadLog(dir);
        wal.append(entries(1000, 1), true);
        long end = recordsEnd(dir);
        // What a refused batch of two records can leave on disk: the log then writes its next
        // batch over the same place, and that batch is as long as the first refused record.
        byte[] r1 = record(1001, "refused-1"), r2 = record(1002, "refused-2");
        try (FileChannel ch = FileChannel.open(onlySegment(dir), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(r1), end);
            ch.write(ByteBuffer.wrap(r2), end + r1.length);
        }
        wal.append(List.of(new LogStore.Entry(1001, "accepted1")), true);
        assertEquals(List.of(1000L, 1001L), recoveredTs(dir));
        assertEquals("accepted1", WriteAheadLog.recover(dir).get(1).datoms());
    }

    @Test
    void aTThatDoesNotIncreaseRefusesRecoveryInsteadOfReplayingOutOfOrder(@TempDir Path dir) throws Exception {
        WriteAheadLog wal = new WriteAheadLog(dir);
        wal.append(entries(1000, 2), true);
        long end = recordsEnd(dir);
        // A well-formed record (good checksum) carrying an old t, where the next batch would go.
        byte[] stale = record(1000, "stale");
        try (FileChannel ch = FileChannel.open(onlySegment(dir), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(stale), end);
        }
        AccreteException e = assertThrows(AccreteException.class, () -> WriteAheadLog.recover(dir));
        assertEquals(Errors.STORAGE, e.category());
        assertTrue(e.getMessage().contains("t 1000 after t 1001"), e.getMessage());
    }

    @Test
    void aNextSegmentThatStartsAtOrBelowThePreviousOnesLastTRefusesRecoveryToo(@TempDir Path dir) throws Exception {
        // Two segments as the log lays them out: records, then the zero length that ends a batch.
        Files.write(dir.resolve("segment-0.wal"), concat(record(1000, "a"), record(1001, "b"), new byte[8]));
        Files.write(dir.resolve("segment-1.wal"), concat(record(1002, "c"), new byte[8]));
        assertEquals(List.of(1000L, 1001L, 1002L), recoveredTs(dir), "increasing across segments: recovered");
        Files.write(dir.resolve("segment-1.wal"), concat(record(1001, "b again"), new byte[8]));
        AccreteException e = assertThrows(AccreteException.class, () -> WriteAheadLog.recover(dir));
        assertTrue(e.getMessage().contains("segment-1.wal holds t 1001 after t 1001"), e.getMessage());
    }

    @Test
    void aRefusedBatchWhoseEndMarkCouldNotBeWrittenIsCutOffWhenTheLogRolls(@TempDir Path dir) throws Exception {
        List<FlakyChannel> channels = new ArrayList<>();
        WriteAheadLog wal = new WriteAheadLog(dir, 4096, p -> {
            FlakyChannel c = new FlakyChannel(FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE));
            channels.add(c);
            return c;
        });
        try {
            wal.append(entries(1000, 1), true);
            FlakyChannel first = channels.get(0);
            first.failNextForce = true;
            first.failWritesAfterFailedForce = true;
            // The batch reaches the file, its fdatasync fails, and so does marking the end of the log before it.
            AccreteException refused = assertThrows(AccreteException.class, () -> wal.append(entries(1001, 2), true));
            assertEquals(Errors.STORAGE, refused.category());
            first.failWritesAfterFailedForce = false;
            // The next batch does not fit in what is left of the segment, so the log rolls; it reuses t 1001.
            wal.append(List.of(new LogStore.Entry(1001, "x".repeat(4050))), true);
            assertEquals(2, channels.size(), "the log rolled to a new segment");
            assertEquals(List.of(1000L, 1001L), recoveredTs(dir), "the refused records are not recovered");
            assertEquals(4050, WriteAheadLog.recover(dir).get(1).datoms().length(), "t 1001 is the accepted batch");
        } finally {
            wal.close();
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** One record as the log lays it out: length, CRC32 of the payload, then t and the text. */
    private static byte[] record(long t, String text) {
        byte[] payload = ByteBuffer.allocate(8 + text.length()).putLong(t).put(text.getBytes(StandardCharsets.UTF_8)).array();
        CRC32 crc = new CRC32();
        crc.update(payload);
        return ByteBuffer.allocate(8 + payload.length).putInt(payload.length).putInt((int) crc.getValue()).put(payload).array();
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

    /** A log of record in memory that fails every append while broken. */
    static final class FlakyStore extends MemoryLogStore {
        final AtomicInteger failures = new AtomicInteger();
        volatile boolean broken;

        @Override public void append(List<Entry> entries) {
            if (broken) {
                failures.incrementAndGet();
                throw Errors.error(Errors.STORAGE, "the disk is full");
            }
            super.append(entries);
        }
    }

    @Test
    void refusesNewTransactionsWhileTheStoreIsTooFarBehindAndRecoversWhenItCatchesUp() throws Exception {
        Path dir = Files.createTempDirectory("walbacklog");
        FlakyStore store = new FlakyStore();
        store.broken = true;
        WriteAheadLogStore log = new WriteAheadLogStore(store, dir.resolve("wal"), Durability.FSYNC, 200);
        try {
            long t = 1000;
            AccreteException refused = null;
            while (refused == null && t < 1100) {
                try {
                    log.append(entries(t, 1));
                    t++;
                } catch (AccreteException e) {
                    refused = e;
                }
            }
            assertNotNull(refused, "a backlog past the bound is refused");
            assertEquals(Errors.TRANSACTOR_BUSY, refused.category(), "nothing was written: the client may retry");
            long accepted = t;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (store.failures.get() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
            AccreteException again = assertThrows(AccreteException.class, () -> log.append(entries(accepted, 1)));
            assertTrue(again.getMessage().contains("the disk is full"), "the refusal says why: " + again.getMessage());

            // Everything acknowledged is still there (from the write-ahead log), nothing refused is.
            List<Long> seen = new ArrayList<>();
            log.replay(-1, e -> seen.add(e.t()));
            List<Long> expected = new ArrayList<>();
            for (long x = 1000; x < accepted; x++) expected.add(x);
            assertEquals(expected, seen);

            // Once the store works again the copier catches up and new transactions are taken.
            store.broken = false;
            boolean taken = false;
            while (!taken && System.nanoTime() < deadline) {
                try {
                    log.append(entries(accepted, 1));
                    taken = true;
                } catch (AccreteException e) {
                    Thread.sleep(20);
                }
            }
            assertTrue(taken, "appends are accepted again once the store has caught up");
        } finally {
            log.close();
            TempDb.deleteTree(dir);
        }
        List<Long> inStore = new ArrayList<>();
        for (LogStore.Entry e : store.log) inStore.add(e.t());
        assertEquals(inStore.size(), inStore.stream().distinct().count(), "each transaction copied once");
        assertEquals(1000L, inStore.get(0));
        assertEquals(inStore.get(0) + inStore.size() - 1, (long) inStore.get(inStore.size() - 1), "no gap in the store");
    }

    /** A store that acknowledges every append and keeps none of the last ones: the fault the close-time check guards against. */
    static final class ForgetfulStore extends MemoryLogStore {
        volatile long keepThrough = Long.MAX_VALUE;

        @Override public void append(List<Entry> entries) {
            for (Entry e : entries) if (e.t() <= keepThrough) log.add(e);
        }
    }

    @Test
    void theWriteAheadLogIsKeptWhenTheStoreDoesNotHoldWhatItAcknowledged() throws Exception {
        Path dir = Files.createTempDirectory("walforget");
        try {
            ForgetfulStore forgetful = new ForgetfulStore();
            forgetful.keepThrough = 1001;
            WriteAheadLogStore log = new WriteAheadLogStore(forgetful, dir.resolve("wal"), Durability.FSYNC);
            log.append(entries(1000, 5));
            log.close();
            assertEquals(1001, forgetful.latestT(), "the store lost 1002-1004");

            // Reopening recovers what the store lost from the segments the close kept.
            MemoryLogStore fresh = new MemoryLogStore();
            fresh.log.addAll(forgetful.log);
            try (WriteAheadLogStore again = new WriteAheadLogStore(fresh, dir.resolve("wal"), Durability.FSYNC)) {
                assertEquals(1004, again.latestT());
                List<LogStore.Entry> seen = new ArrayList<>();
                again.replay(-1, seen::add);
                assertEquals(entries(1000, 5), seen);
            }
        } finally {
            TempDb.deleteTree(dir);
        }
    }

    /** A store whose appends always fail, as a full disk or a store held elsewhere would. */
    static final class BrokenStore extends MemoryLogStore {
        @Override public void append(List<Entry> entries) {
            throw new IllegalStateException("simulated: the store refuses every write");
        }
    }

    @Test
    void closingGivesUpOnAStoreThatKeepsFailingAndKeepsTheWriteAheadLog() throws Exception {
        Path dir = Files.createTempDirectory("walbroken");
        try {
            WriteAheadLogStore log = new WriteAheadLogStore(new BrokenStore(), dir.resolve("wal"), Durability.FSYNC);
            log.append(entries(1000, 3));
            Thread closer = new Thread(log::close);
            closer.start();
            closer.join(30_000);
            assertFalse(closer.isAlive(), "close() must not wait for ever on a store that keeps failing");
            assertEquals(List.of(1000L, 1001L, 1002L), recoveredTs(dir.resolve("wal")), "what the store never took stays in the segments");
            MemoryLogStore fresh = new MemoryLogStore();
            try (WriteAheadLogStore again = new WriteAheadLogStore(fresh, dir.resolve("wal"), Durability.FSYNC)) {
                assertEquals(1002, again.latestT(), "the next open copies it");
            }
        } finally {
            TempDb.deleteTree(dir);
        }
    }

    /** A store that fails copies until told to recover: the failure is reported, and clears when copies succeed. */
    @Test
    void aFailingStoreIsReportedAsAProblemUntilItRecovers(@TempDir Path dir) throws Exception {
        AtomicBoolean broken = new AtomicBoolean(true);
        MemoryLogStore store = new MemoryLogStore() {
            @Override public void append(List<Entry> entries) {
                if (broken.get()) throw new IllegalStateException("simulated: No space left on device");
                super.append(entries);
            }
        };
        try (WriteAheadLogStore log = new WriteAheadLogStore(store, dir.resolve("wal"), Durability.FSYNC)) {
            assertNull(log.problem());
            log.append(entries(1000, 2));
            long deadline = System.currentTimeMillis() + 20_000;
            while (log.problem() == null && System.currentTimeMillis() < deadline) Thread.sleep(20);
            assertNotNull(log.problem(), "a copier that keeps failing is a problem worth reporting");
            assertTrue(log.problem().contains("No space left on device"), log.problem());
            broken.set(false);
            deadline = System.currentTimeMillis() + 20_000;
            while (log.problem() != null && System.currentTimeMillis() < deadline) Thread.sleep(20);
            assertNull(log.problem(), "a copy that succeeds clears it");
        }
    }

    @Test
    void anInterruptDuringAnAppendNeitherFailsItNorIsLost(@TempDir Path dir) throws Exception {
        // Appends run on callers' threads too (Transactor#submitOnCaller), and an interrupt closes a
        // file channel: in the middle of a write, and in the middle of making the next segment.
        List<FlakyChannel> made = new ArrayList<>();
        int[] interruptNewSegments = {0};
        WriteAheadLog wal = new WriteAheadLog(dir, 4096, p -> {
            FlakyChannel ch = new FlakyChannel(java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE));
            ch.interruptNextWrite = interruptNewSegments[0]-- > 0;
            made.add(ch);
            return ch;
        });
        wal.append(List.of(new LogStore.Entry(1, "a")), true);
        made.get(0).interruptNextWrite = true;
        wal.append(List.of(new LogStore.Entry(2, "b")), true);
        assertTrue(Thread.interrupted(), "the caller gets its interrupt back");

        interruptNewSegments[0] = 1;   // the next segment's zero-filling is interrupted
        wal.append(List.of(new LogStore.Entry(3, "c".repeat(5000))), true);
        assertTrue(Thread.interrupted());
        assertTrue(made.size() >= 3, "the interrupted segment was thrown away and made again");

        Thread.currentThread().interrupt();   // set before the call: kept, and no harm done
        wal.append(List.of(new LogStore.Entry(4, "d")), true);
        assertTrue(Thread.interrupted());
        wal.closeKeepingSegments();
        assertEquals(List.of(1L, 2L, 3L, 4L), recoveredTs(dir));
    }
}
