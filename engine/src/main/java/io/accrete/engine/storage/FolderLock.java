package io.accrete.engine.storage;

import io.accrete.engine.error.Errors;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds a database folder for one open connection. H2's own file lock keeps a second process
 * out, but inside one JVM H2 shares an open file, and the write-ahead log has no lock of its own:
 * two connections on one folder would hand out the same t to different transactions and lose
 * one side's acknowledged work. An OS lock on {@code accrete.lock} refuses the second open, in
 * this process ({@link OverlappingFileLockException}) or another (no lock granted).
 */
public final class FolderLock implements AutoCloseable {
    static final String FILE = "accrete.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Holds a database folder. */
    public static FolderLock acquire(Path dir) {
        return acquire(dir, "The database folder " + dir);
    }

    /** Holds {@code dir}, which {@code what} names in the error when it is already held. */
    public static FolderLock acquire(Path dir, String what) {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw Errors.error(Errors.STORAGE, "Cannot open the lock file in " + dir + ": " + e.getMessage());
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            close(ch);
            throw inUse(what, "this process");
        } catch (IOException e) {
            close(ch);
            throw Errors.error(Errors.STORAGE, "Cannot lock " + dir + ": " + e.getMessage());
        }
        if (lock == null) {
            close(ch);
            throw inUse(what, "another process");
        }
        return new FolderLock(ch, lock);
    }

    private static RuntimeException inUse(String what, String who) {
        return Errors.error(Errors.DATABASE_IN_USE, what + " is already in use by " + who + "; it can be open in one place at a time");
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing was locked or written through it
        }
    }

    @Override public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        }
        close(channel);
    }
}
