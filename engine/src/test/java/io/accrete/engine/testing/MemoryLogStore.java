package io.accrete.engine.testing;

import io.accrete.engine.storage.LogStore;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A log of record in memory, for tests that need a store they can make slow or failing on cue
 * (a real disk cannot be told to fail): subclasses decide what {@link #append} does first.
 */
public class MemoryLogStore implements LogStore {
    public final List<Entry> log = new CopyOnWriteArrayList<>();

    @Override public void append(List<Entry> entries) {
        log.addAll(entries);
    }

    @Override public void replay(long afterT, Sink sink) {
        for (Entry e : log) if (e.t() > afterT) sink.accept(e);
    }

    @Override public void sync() {}

    @Override public long latestT() { return log.isEmpty() ? -1 : log.get(log.size() - 1).t(); }

    @Override public void close() {}
}
