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
 * one side's acknowledged work. An OS lock on {@code accrete.lock} refuses a second open by another
 * process; inside this one, a set of held folders refuses it before any channel is opened, because
 * closing any channel on a file drops every lock this process holds on it (POSIX locks are per
 * process), so a refused attempt must never open and close one.
 */
public final class FolderLock implements AutoCloseable {
    public static final String FILE = "accrete.lock";
    /** Folders held in this JVM, by absolute normalized path. */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private FolderLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** Holds a database folder. */
    public static FolderLock acquire(Path dir) {
        return acquire(dir, "The database folder " + dir);
    }

    /** Holds {@code dir}, which {@code what} names in the error when it is already held. */
    public static FolderLock acquire(Path dir, String what) {
        Path key = dir.toAbsolutePath().normalize();
        if (!HELD.add(key)) throw inUse(what, "this process");
        try {
            FileChannel ch;
            try {
                ch = FileChannel.open(key.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw Errors.error(Errors.STORAGE, "Cannot open the lock file in " + dir + ": " + e.getMessage());
            }
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                // Held through another path to the same folder (a link): closing ch would drop that lock too.
                throw inUse(what, "this process");
            } catch (IOException e) {
                close(ch);
                throw Errors.error(Errors.STORAGE, "Cannot lock " + dir + ": " + e.getMessage());
            }
            if (lock == null) {
                close(ch);
                throw inUse(what, "another process");
            }
            return new FolderLock(key, ch, lock);
        } catch (RuntimeException | Error e) {
            HELD.remove(key);
            throw e;
        }
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

    @Override public synchronized void close() {
        if (released) return;
        released = true;
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        }
        close(channel);
        HELD.remove(key);
    }
}
