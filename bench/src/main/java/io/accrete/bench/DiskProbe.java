package io.accrete.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ways of making a small write durable, on a zero-filled file as the write-ahead log uses. The
 * disk's speed drifts within minutes, so each probe alternates one-second blocks of its variants
 * in one run; {@code fstat} reads each variant against the mean of the baseline blocks on either
 * side of it.
 *
 * <p>Usage: {@code DiskProbe [fstat|parallel|busy] [dir]}
 * <ul>
 *   <li>{@code fstat}: {@code write} + {@code force} against the same with a {@code size()} (an
 *       fstat) in between, and against a {@code write} on a {@code DSYNC} channel;</li>
 *   <li>{@code parallel}: 1, 2 and 4 threads each doing {@code write} + {@code force} on their own
 *       region of one file: how many flushes the device completes when they overlap;</li>
 *   <li>{@code busy}: one thread doing {@code write} + {@code force} while 0, 1, 2 and 4 other
 *       threads keep the CPUs busy: how much a loaded machine delays the return from fdatasync.</li>
 *   <li>{@code idle}: {@code write} + {@code force} back to back, and after a pause of 300 or
 *       700 µs spent parked or spinning: what a durable commit costs when requests arrive one at
 *       a time, as a sequential client over HTTP sends them.</li>
 * </ul>
 */
public final class DiskProbe {
    /** Zero-filled probe files are this long; writes wrap around within them. */
    static final int FILE_BYTES = 4 << 20;
    /** Bytes per durable write: about one small transaction in the write-ahead log. */
    static final int RECORD = 256;

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "fstat";
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("accrete-disk-probe");
        Path file = dir.resolve("probe.wal");
        Files.createDirectories(dir);
        zeroFilled(file);
        try {
            switch (what) {
                case "fstat" -> fstat(file);
                case "parallel" -> parallel(file);
                case "busy" -> busy(file);
                case "idle" -> idle(file);
                default -> throw new IllegalArgumentException("unknown probe " + what);
            }
        } finally {
            Files.deleteIfExists(file);
            if (args.length <= 1) Files.deleteIfExists(dir);
        }
    }

    /** One durable write of a record at a position. */
    interface Durable { void write(ByteBuffer record, long position) throws IOException; }

    static void fstat(Path file) throws IOException {
        try (FileChannel plain = FileChannel.open(file, StandardOpenOption.WRITE);
             FileChannel dsync = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.DSYNC)) {
            Durable force = (r, p) -> { plain.write(r, p); plain.force(false); };
            Durable sizeThenForce = (r, p) -> { plain.write(r, p); plain.size(); plain.force(false); };
            Durable dsyncWrite = dsync::write;
            List<Double> withSize = new ArrayList<>(), withDsync = new ArrayList<>();
            double before = rate(force, 1_000, null);
            for (int round = 0; round < 8; round++) {
                double size = rate(sizeThenForce, 1_000, null);
                double ds = rate(dsyncWrite, 1_000, null);
                double after = rate(force, 1_000, null);
                withSize.add(size / ((before + after) / 2));
                withDsync.add(ds / ((before + after) / 2));
                before = after;
            }
            System.out.printf("write + size() + force: median %.2f x the rate of write + force %s%n", median(withSize), withSize);
            System.out.printf("write on a DSYNC channel: median %.2f x the rate of write + force %s%n", median(withDsync), withDsync);
        }
    }

    /**
     * Durable writes per second for {@code millis}, each at the next record of a zero-filled file
     * (wrapping around); the latency of each goes to {@code latencies} when given.
     */
    static double rate(Durable d, long millis, Latencies latencies) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(RECORD);
        long end = System.nanoTime() + millis * 1_000_000L, n = 0, position = 0;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            d.write(record.clear(), position);
            if (latencies != null) latencies.add(System.nanoTime() - t0);
            position = (position + RECORD) % (FILE_BYTES - RECORD);
            n++;
        }
        return n / (millis / 1000.0);
    }

    static void parallel(Path file) throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            for (int threads : new int[] {1, 2, 4}) {
                AtomicLong n = new AtomicLong();
                long end = System.nanoTime() + 1_000_000_000L;
                List<Thread> ts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    long region = (long) t * (FILE_BYTES / 4);
                    Thread th = new Thread(() -> {
                        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                            ByteBuffer record = ByteBuffer.allocate(RECORD);
                            for (long k = 0; System.nanoTime() < end; k++) {
                                ch.write(record.clear(), region + k * RECORD % (FILE_BYTES / 4 - RECORD));
                                ch.force(false);
                                n.incrementAndGet();
                            }
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    });
                    th.start();
                    ts.add(th);
                }
                for (Thread th : ts) th.join();
                System.out.printf("round %d, %d thread(s): %d fdatasyncs/s together%n", round + 1, threads, n.get());
            }
        }
    }

    static void busy(Path file) throws IOException, InterruptedException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (int round = 0; round < 3; round++) {
                for (int spinners : new int[] {0, 1, 2, 4}) {
                    AtomicBoolean stop = new AtomicBoolean();
                    List<Thread> ts = new ArrayList<>();
                    for (int i = 0; i < spinners; i++) {
                        Thread t = new Thread(() -> {
                            long x = 0;
                            while (!stop.get()) x += System.nanoTime() & 7;
                            if (x == 42) System.out.print("");   // keeps the loop from being optimised away
                        });
                        t.start();
                        ts.add(t);
                    }
                    double rate = rate((r, p) -> { ch.write(r, p); ch.force(false); }, 1_000, null);
                    stop.set(true);
                    for (Thread t : ts) t.join();
                    System.out.printf("round %d, %d busy thread(s): %.0f fdatasyncs/s (mean %.0f µs)%n", round + 1, spinners, rate, 1e6 / rate);
                }
            }
        }
    }

    static void idle(Path file) throws IOException, InterruptedException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer record = ByteBuffer.allocate(RECORD);
            long position = 0;
            for (int round = 0; round < 3; round++) {
                for (long pauseMicros : new long[] {0, 300, 700}) {
                    for (boolean spin : pauseMicros == 0 ? new boolean[] {false} : new boolean[] {false, true}) {
                        Latencies lat = new Latencies();
                        for (int i = 0; i < 1_000; i++) {
                            long until = System.nanoTime() + pauseMicros * 1_000;
                            while (System.nanoTime() < until) {
                                if (spin) Thread.onSpinWait();
                                else Thread.sleep(0, 100_000);
                            }
                            long t0 = System.nanoTime();
                            ch.write(record.clear(), position);
                            ch.force(false);
                            lat.add(System.nanoTime() - t0);
                            position = (position + RECORD) % (FILE_BYTES - RECORD);
                        }
                        System.out.printf("round %d, %s: write + fdatasync %s%n", round + 1,
                                pauseMicros == 0 ? "back to back" : "after " + pauseMicros + " µs " + (spin ? "spinning" : "parked"), lat.summary());
                    }
                }
            }
        }
    }

    /** Makes {@code file} {@link #FILE_BYTES} of zeros, on the device. */
    static void zeroFilled(Path file) throws IOException {
        Files.deleteIfExists(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
            for (long p = 0; p < FILE_BYTES; p += 1 << 20) ch.write(zeros.clear(), p);
            ch.force(true);
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
