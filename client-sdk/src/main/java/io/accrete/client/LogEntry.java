package io.accrete.client;

import java.util.List;

/** One transaction from the log, as {@link Connection#txRange} yields it: its t and its datoms. */
public record LogEntry(long t, List<Datom> data) {}
