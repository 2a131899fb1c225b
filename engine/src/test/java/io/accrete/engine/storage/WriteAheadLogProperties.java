package io.accrete.engine.storage;

import io.accrete.engine.testing.TempDb;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The write-ahead log against the simplest model of it, the list of everything appended: with
 * segments of 4 KiB, random batches (some larger than a segment), segments made ahead at random
 * moments and releases at random points, recovery must give back a suffix of that list, in
 * order, holding at least every entry after the last release.
 */
class WriteAheadLogProperties {
    private static final int SEGMENT = 4096;

    /** Append {@code sizes.size()} entries of those text lengths; or make the next segment ahead; or release. */
    record Step(int kind, List<Integer> sizes, int releaseBack) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<List<Integer>> sizes = Arbitraries.frequency(
                        Tuple.of(12, Arbitraries.integers().between(0, 900)),
                        Tuple.of(1, Arbitraries.integers().between(SEGMENT, 3 * SEGMENT)))
                .flatMap(a -> a).list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<Step> step = Combinators.combine(Arbitraries.frequency(
                        Tuple.of(8, 0), Tuple.of(2, 1), Tuple.of(1, 2)),
                sizes, Arbitraries.integers().between(0, 20)).as(Step::new);
        return step.list().ofMaxSize(60);
    }

    /** Each entry as t/text length: what a failure report can show. */
    private static List<String> shape(List<LogStore.Entry> entries) {
        return entries.stream().map(e -> e.t() + "/" + e.datoms().length()).toList();
    }

    @Property(tries = 60)
    void recoveryGivesBackASuffixOfWhatWasAppendedInOrder(@ForAll("steps") List<Step> steps) throws Exception {
        Path dir = Files.createTempDirectory("wal-props");
        WriteAheadLog wal = null;
        try {
            wal = new WriteAheadLog(dir, SEGMENT);
            List<LogStore.Entry> appended = new ArrayList<>();
            long releasedThrough = Long.MIN_VALUE;
            for (Step s : steps) {
                switch (s.kind()) {
                    case 0 -> {
                        List<LogStore.Entry> batch = new ArrayList<>();
                        for (int size : s.sizes()) batch.add(new LogStore.Entry(appended.size() + batch.size(), "d".repeat(size)));
                        wal.append(batch, false);
                        appended.addAll(batch);
                    }
                    case 1 -> wal.prepareNext();
                    default -> {
                        if (appended.isEmpty()) continue;
                        long t = Math.max(0, appended.size() - 1 - s.releaseBack());
                        wal.releaseThrough(t);
                        releasedThrough = Math.max(releasedThrough, t);
                    }
                }
                if (wal.wantsNextSegment()) wal.prepareNext();
            }
            List<LogStore.Entry> recovered = WriteAheadLog.recover(dir);
            int from = appended.size() - recovered.size();
            assertTrue(from >= 0, "recovered more than was appended");
            assertEquals(shape(appended.subList(from, appended.size())), shape(recovered), "a suffix, in order (t/length)");
            assertEquals(appended.subList(from, appended.size()), recovered, "with the same texts");
            for (int i = 0; i < from; i++) {
                assertTrue(appended.get(i).t() <= releasedThrough, "t " + i + " was never released, yet it is gone");
            }
        } finally {
            if (wal != null) wal.close();
            TempDb.deleteTree(dir);
        }
    }
}
