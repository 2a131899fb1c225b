package io.accrete.engine.storage;

import io.accrete.engine.error.Errors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Segment files of length-prefixed, checksummed records, each segment filled with zeros when it
 * is made. Writing into space that already exists means forcing a batch touches only data, not
 * file metadata, which makes each fdatasync (the physical limit of a durable commit) cheaper:
 * ~6,200 against ~4,460 per second for appends to a growing file on this project's benchmark
 * machine (docs/benchmarks.md, stop 13). A record is
 * {@code [int length][int crc32][long t][UTF-8 datoms]}; reading stops at the first zero length or
 * bad checksum (the torn tail of a crash).
 */
final class WriteAheadLog implements AutoCloseable {
    static final int SEGMENT_BYTES = 32 << 20;
    private static final int HEADER = 8;

    private record Closed(Path path, long lastT) {}

    private final Path dir;
    private final Deque<Closed> closed = new ArrayDeque<>();
    private FileChannel current;
    private long position;
    /**
     * The current segment's length, kept here rather than asked of the file: an fstat between the
     * write and the fdatasync of every commit cut the durable commit rate by ~30% on ext4 here
     * (docs/benchmarks.md, stop 13).
     */
    private long segmentBytes;
    /** The length of a segment made ahead; a larger batch gets a segment of its own size. */
    private final int segmentSize;
    private long currentLastT = -1;
    /** The number of the next segment to make, and of the current one. */
    private int nextSeq, currentSeq = -1;
    /** A segment made ahead of time by {@link #prepareNext()} so that rolling over does not stall a commit. */
    private FileChannel prepared;
    private int preparedSeq;
    /** Whether {@link #prepareNext()} is making a segment outside the lock. */
    private boolean preparing;
    /**
     * Whether the last append was refused: its records may still lie at {@link #position} if
     * marking the end there failed too, and must be cut off again before the segment is closed.
     */
    private boolean refusedTail;

    /** How a new segment file is opened; tests put a channel that fails on demand in between. */
    interface SegmentOpener {
        FileChannel open(Path p) throws IOException;
    }

    private static final SegmentOpener FILES =
            p -> FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    private final SegmentOpener opener;

    /** Opens a fresh log in {@code dir}; any old segments must have been recovered and applied first. */
    WriteAheadLog(Path dir) {
        this(dir, SEGMENT_BYTES);
    }

    /** With segments of {@code segmentSize} bytes: small ones let tests roll over often. */
    WriteAheadLog(Path dir, int segmentSize) {
        this(dir, segmentSize, FILES);
    }

    WriteAheadLog(Path dir, int segmentSize, SegmentOpener opener) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.opener = opener;
        try {
            Files.createDirectories(dir);
            for (Path p : segments(dir)) Files.delete(p);
            roll(HEADER);
        } catch (IOException e) {
            throw Errors.error(Errors.STORAGE, "Cannot create the write-ahead log in " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Every complete record of the segments in {@code dir}, in order. A t that does not increase
     * refuses the open: checksums cannot catch a record written in the wrong place, and replaying
     * one would put a transaction in the log store out of order, for good.
     */
    static List<LogStore.Entry> recover(Path dir) {
        List<LogStore.Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try {
            for (Path p : segments(dir)) {
                int from = out.size();
                boolean whole = readSegment(p, out);
                for (int i = Math.max(1, from); i < out.size(); i++) {
                    if (out.get(i).t() <= out.get(i - 1).t()) {
                        throw Errors.error(Errors.STORAGE, "The write-ahead log in " + dir + " is out of order: " + p.getFileName()
                                + " holds t " + out.get(i).t() + " after t " + out.get(i - 1).t()
                                + ". It is damaged; nothing was replayed. Keep a copy of that folder for diagnosis.");
                    }
                }
                if (!whole) break;
            }
        } catch (IOException e) {
            throw Errors.error(Errors.STORAGE, "Cannot read the write-ahead log in " + dir + ": " + e.getMessage());
        }
        return out;
    }

    /** Reads one segment's records; false when it ended in a torn record (nothing valid can follow). */
    private static boolean readSegment(Path p, List<LogStore.Entry> out) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(p));
        while (all.remaining() >= HEADER) {
            int length = all.getInt();
            int crc = all.getInt();
            if (length == 0) return true;
            if (length < 8 || length > all.remaining()) return false;
            byte[] payload = new byte[length];
            all.get(payload);
            CRC32 c = new CRC32();
            c.update(payload);
            if ((int) c.getValue() != crc) return false;
            ByteBuffer b = ByteBuffer.wrap(payload);
            long t = b.getLong();
            out.add(new LogStore.Entry(t, new String(payload, 8, length - 8, StandardCharsets.UTF_8)));
        }
        return true;
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("segment-\\d+\\.wal"))
                    .sorted((a, b) -> Long.compare(seqOf(a), seqOf(b))).toList();
        }
    }

    private static long seqOf(Path p) {
        String n = p.getFileName().toString();
        return Long.parseLong(n.substring("segment-".length(), n.length() - ".wal".length()));
    }

    /** Appends the entries; when {@code force}, they are on the device when this returns. */
    synchronized void append(List<LogStore.Entry> entries, boolean force) {
        int size = 0;
        List<byte[]> texts = new ArrayList<>(entries.size());
        for (LogStore.Entry e : entries) {
            byte[] text = e.datoms().getBytes(StandardCharsets.UTF_8);
            texts.add(text);
            size += HEADER + 8 + text.length;
        }
        // The batch ends with a zero length, so that recovery stops right after it even where an
        // earlier, refused batch left records behind in the space this one reuses.
        ByteBuffer buf = ByteBuffer.allocate(size + HEADER);
        CRC32 crc = new CRC32();
        for (int i = 0; i < entries.size(); i++) {
            byte[] text = texts.get(i);
            ByteBuffer payload = ByteBuffer.allocate(8 + text.length).putLong(entries.get(i).t()).put(text);
            crc.reset();
            crc.update(payload.array());
            buf.putInt(payload.capacity()).putInt((int) crc.getValue()).put(payload.array());
        }
        buf.rewind();   // the whole buffer, the zero length after the records included
        // Appends run on whichever thread commits, a caller's included (Transactor#submitOnCaller),
        // and a file channel closes when the thread using it is interrupted. The commit belongs to
        // every transaction in the batch, so an interrupt waits until it is done.
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    writeBatch(buf, size, force);
                    break;
                } catch (ClosedByInterruptException e) {
                    // An interrupt closed a channel mid-way: open it again and do it all again. Each
                    // round fails only on a new interrupt, so this ends once they stop coming.
                    interrupted = true;
                    Thread.interrupted();
                    buf.rewind();
                    reopenIfClosed();
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
        refusedTail = false;   // this batch and its terminator were written over whatever was refused
        currentLastT = entries.get(entries.size() - 1).t();
    }

    /** One try at the batch: every write is positional, so a repeat writes the same bytes at the same place. */
    private void writeBatch(ByteBuffer buf, int size, boolean force) throws ClosedByInterruptException {
        try {
            // After a failed roll there is no current segment: roll again.
            if (current == null || position + size + HEADER > segmentBytes) roll(size + HEADER);
        } catch (ClosedByInterruptException e) {
            throw e;
        } catch (IOException e) {
            throw Errors.error(Errors.STORAGE, "Cannot start a new write-ahead log segment: " + e.getMessage());
        }
        long start = position;
        try {
            for (long at = start; buf.hasRemaining(); ) at += current.write(buf, at);
            if (force) current.force(false);
            position = start + size;
        } catch (ClosedByInterruptException e) {
            throw e;
        } catch (IOException e) {
            // The batch is refused, so it must not survive to be recovered: mark the end of the
            // log where it began (best effort), and let the next batch overwrite it.
            position = start;
            refusedTail = true;
            try {
                current.write(ByteBuffer.allocate(HEADER), start);
            } catch (IOException ignored) {
                // the next append writes over the same place, or a roll marks it again
            }
            throw Errors.error(Errors.STORAGE, "Cannot write the write-ahead log: " + e);
        }
    }

    /** The current segment again, after an interrupt closed its channel. */
    private void reopenIfClosed() {
        if (current == null || current.isOpen()) return;
        try {
            current = FileChannel.open(segmentPath(currentSeq), StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            current = null;   // the next append rolls to a new segment
            throw Errors.error(Errors.STORAGE, "Cannot reopen write-ahead log segment " + segmentPath(currentSeq) + ": " + e.getMessage());
        }
    }

    /** Whether the current segment is past half full with no next segment ready. */
    synchronized boolean wantsNextSegment() {
        return prepared == null && position > segmentSize / 2;
    }

    /**
     * Makes the next segment (zero-filled) ahead of time; called off the commit path. If a roll
     * overtakes it meanwhile (the current segment filled up first and the roll made its own), the
     * segment made here is numbered before the current one and is thrown away: recovery reads
     * segments in number order.
     */
    void prepareNext() {
        int n;
        Path p;
        synchronized (this) {
            if (prepared != null || preparing) return;
            preparing = true;
            n = nextSeq++;
            p = segmentPath(n);
        }
        FileChannel ch = null;
        try {
            ch = zeroFilled(p, segmentSize);
        } catch (ClosedByInterruptException e) {
            Thread.currentThread().interrupt();   // made on demand by a roll instead
        } finally {
            synchronized (this) {
                preparing = false;
                if (ch != null && n > currentSeq) {
                    prepared = ch;
                    preparedSeq = n;
                    ch = null;
                }
            }
            if (ch != null) discard(ch, p);
        }
    }

    /** Forgets segments whose every record has t at or below {@code t}: the store has them durably. */
    synchronized void releaseThrough(long t) {
        while (!closed.isEmpty() && closed.peekFirst().lastT() <= t) {
            try {
                Files.deleteIfExists(closed.peekFirst().path());
            } catch (IOException e) {
                return;   // kept in the list: the next release tries again
            }
            closed.pollFirst();
        }
    }

    private void roll(int need) throws IOException {
        if (current != null) {
            // A refused batch left behind in this segment would be recovered before the next
            // segment's records, which reuse its t: cut it off for good before leaving.
            if (refusedTail) current.write(ByteBuffer.allocate(HEADER), position);
            current.force(false);   // a failure leaves the segment current: the next append tries again
            refusedTail = false;
            try {
                current.close();
            } finally {
                closed.addLast(new Closed(segmentPath(currentSeq), currentLastT));
                current = null;   // a failure below leaves no closed channel in use: the next append rolls again
            }
        }
        int seq;
        if (prepared != null) {
            FileChannel p = prepared;
            seq = preparedSeq;
            prepared = null;
            if (need <= segmentSize) {
                use(p, seq, segmentSize);
                return;
            }
            // Too small for this batch. The batch's own segment takes its number, because
            // recovery reads segments in number order.
            p.close();
            Files.delete(segmentPath(seq));
        } else {
            seq = nextSeq++;
        }
        int bytes = Math.max(segmentSize, need);
        use(zeroFilled(segmentPath(seq), bytes), seq, bytes);
    }

    private void use(FileChannel ch, int seq, long bytes) {
        current = ch;
        currentSeq = seq;
        segmentBytes = bytes;
        position = 0;
    }

    private Path segmentPath(int seq) {
        return dir.resolve("segment-" + seq + ".wal");
    }

    /**
     * A new segment of {@code bytes} zeros, on the device together with its name in the folder;
     * nothing is left behind when that fails.
     */
    private FileChannel zeroFilled(Path p, int bytes) throws ClosedByInterruptException {
        FileChannel ch = null;
        try {
            ch = opener.open(p);
            ByteBuffer zeros = ByteBuffer.allocateDirect(Math.min(1 << 20, bytes));
            long written = 0;
            while (written < bytes) {
                zeros.clear();
                zeros.limit((int) Math.min(zeros.capacity(), bytes - written));
                written += ch.write(zeros, written);
            }
            ch.force(true);
            forceFolder(dir);
            return ch;
        } catch (IOException e) {
            if (ch != null) discard(ch, p);
            if (e instanceof ClosedByInterruptException interrupted) throw interrupted;
            throw Errors.error(Errors.STORAGE, "Cannot make write-ahead log segment " + p + ": " + e.getMessage());
        }
    }

    /**
     * Makes the folder's entries (a new segment's name) durable. Not every platform can open a
     * folder as a file (Windows cannot), and there the file system keeps names durable itself.
     */
    private static void forceFolder(Path dir) throws ClosedByInterruptException {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (ClosedByInterruptException e) {
            throw e;   // not done: the segment's name may not be durable yet
        } catch (IOException e) {
            // best effort, as described above
        }
    }

    private static void discard(FileChannel ch, Path p) {
        try {
            ch.close();
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover holds only zeros: recovery reads no record from it
        }
    }

    /** Closes and deletes every segment: call only once the store holds everything durably. */
    @Override public synchronized void close() {
        closeKeepingSegments();
        try {
            for (Path p : segments(dir)) Files.deleteIfExists(p);
        } catch (IOException e) {
            // the store already holds everything; a leftover segment is recovered harmlessly next time
        }
    }

    /** Closes the open segments and leaves them on disk, for the next open to recover. */
    synchronized void closeKeepingSegments() {
        try {
            if (current != null) current.close();
            if (prepared != null) prepared.close();
        } catch (IOException e) {
            // nothing is written through a channel being closed; the records are already forced
        }
        current = null;
        prepared = null;
    }
}
