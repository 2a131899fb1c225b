package io.accrete.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel that fails on demand, for the write-ahead log's refusal paths: a forced write
 * that does not reach the disk, and a disk that then refuses writes as well.
 */
final class FlakyChannel extends FileChannel {
    private final FileChannel real;
    /** The next force fails, and from then on every write fails until {@link #failWritesAfterFailedForce} is cleared. */
    volatile boolean failNextForce;
    volatile boolean failWritesAfterFailedForce;
    /** The next write behaves as one interrupted: the thread's interrupt is set and the channel closes. */
    volatile boolean interruptNextWrite;

    FlakyChannel(FileChannel real) {
        this.real = real;
    }

    private void checkWrite() throws IOException {
        if (interruptNextWrite) {
            interruptNextWrite = false;
            Thread.currentThread().interrupt();
            close();
            throw new java.nio.channels.ClosedByInterruptException();
        }
        if (failWritesAfterFailedForce && !failNextForce) throw new IOException("simulated: the disk refuses writes");
    }

    @Override public void force(boolean metaData) throws IOException {
        if (failNextForce) {
            failNextForce = false;
            throw new IOException("simulated: fdatasync failed");
        }
        real.force(metaData);
    }

    @Override public int write(ByteBuffer src, long position) throws IOException {
        checkWrite();
        return real.write(src, position);
    }

    @Override public int write(ByteBuffer src) throws IOException {
        checkWrite();
        return real.write(src);
    }

    @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        checkWrite();
        return real.write(srcs, offset, length);
    }

    @Override public int read(ByteBuffer dst) throws IOException { return real.read(dst); }
    @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return real.read(dsts, offset, length); }
    @Override public int read(ByteBuffer dst, long position) throws IOException { return real.read(dst, position); }
    @Override public long position() throws IOException { return real.position(); }
    @Override public FileChannel position(long newPosition) throws IOException { real.position(newPosition); return this; }
    @Override public long size() throws IOException { return real.size(); }
    @Override public FileChannel truncate(long size) throws IOException { real.truncate(size); return this; }
    @Override public long transferTo(long position, long count, WritableByteChannel target) throws IOException { return real.transferTo(position, count, target); }
    @Override public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException { return real.transferFrom(src, position, count); }
    @Override public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException { return real.map(mode, position, size); }
    @Override public FileLock lock(long position, long size, boolean shared) throws IOException { return real.lock(position, size, shared); }
    @Override public FileLock tryLock(long position, long size, boolean shared) throws IOException { return real.tryLock(position, size, shared); }
    @Override protected void implCloseChannel() throws IOException { real.close(); }
}
