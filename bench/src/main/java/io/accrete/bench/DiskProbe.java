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
 * disk's speed drifts within minutes, so every comparison alternates one-second blocks of its
 * variants in one run and reads the ratio of neighbours.
 *
 * <p>Usage: {@code DiskProbe [fstat|parallel|busy] [dir]}
 * <ul>
 *   <li>{@code fstat}: {@code write} + {@code force} against the same with a {@code size()} (an
 *       fstat) in between, and against a {@code write} on a {@code DSYNC} channel;</li>
 *   <li>{@code parallel}: 1, 2 and 4 threads each doing {@code write} + {@code force} on their own
 *       region of one file: how many flushes the device completes when they overlap;</li>
 *   <li>{@code busy}: one thread doing {@code write} + {@code force} while 0, 1, 2 and 4 other
 *       threads keep the CPUs busy: how much a loaded machine delays the return from fdatasync.</li>
 * </ul>
 */
public final class DiskProbe {
    private static final int FILE_BYTES = 32 << 20;
    private static final int RECORD = 300;

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "fstat";
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("accrete-disk-probe");
        Path file = dir.resolve("probe.wal");
        zeroFilled(file);
        try {
            if (what.equals("fstat")) fstat(file);
            else if (what.equals("parallel")) parallel(file);
            else if (what.equals("busy")) busy(file);
            else throw new IllegalArgumentException("unknown probe " + what);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    interface Durable { void write(ByteBuffer record, long position) throws IOException; }

    static void fstat(Path file) throws IOException {
        try (FileChannel plain = FileChannel.open(file, StandardOpenOption.WRITE);
             FileChannel dsync = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.DSYNC)) {
            Durable force = (r, p) -> { plain.write(r, p); plain.force(false); };
            Durable sizeThenForce = (r, p) -> { plain.write(r, p); plain.size(); plain.force(false); };
            Durable dsyncWrite = dsync::write;
            List<Double> withSize = new ArrayList<>(), withDsync = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                double base = rate(force);
                withSize.add(rate(sizeThenForce) / base);
                withDsync.add(rate(dsyncWrite) / base);
            }
            System.out.printf("write + size() + force: median %.2f x the rate of write + force %s%n", median(withSize), withSize);
            System.out.printf("write on a DSYNC channel: median %.2f x the rate of write + force %s%n", median(withDsync), withDsync);
        }
    }

    /** Writes per second over one second, wrapping around the file. */
    private static double rate(Durable d) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(RECORD);
        long end = System.nanoTime() + 1_000_000_000L, n = 0, position = 0;
        while (System.nanoTime() < end) {
            d.write(record.clear(), position);
            position = (position + RECORD) % (FILE_BYTES - RECORD);
            n++;
        }
        return n;
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
                            for (long p = region; System.nanoTime() < end; p += RECORD) {
                                ch.write(record.clear(), p);
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
                    double rate = rate((r, p) -> { ch.write(r, p); ch.force(false); });
                    stop.set(true);
                    for (Thread t : ts) t.join();
                    System.out.printf("round %d, %d busy thread(s): %.0f fdatasyncs/s (mean %.0f µs)%n", round + 1, spinners, rate, 1e6 / rate);
                }
            }
        }
    }

    private static void zeroFilled(Path file) throws IOException {
        Files.createDirectories(file.getParent());
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
