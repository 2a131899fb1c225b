package io.accrete.client;

/**
 * Assembles server-sent events from lines (the text/event-stream grammar: {@code id:},
 * {@code event:}, {@code data:} fields, a blank line ends an event, {@code :} starts a comment).
 * Not thread-safe: fed by one stream at a time.
 */
final class SseParser {
    /** A complete event; {@code id} and {@code event} may be null. */
    record Event(String id, String event, String data) {}

    interface Sink {
        void event(Event e);
    }

    private final Sink sink;
    private String id;
    private String event;
    private StringBuilder data;

    SseParser(Sink sink) { this.sink = sink; }

    void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') return;
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) value = value.substring(1);
        switch (field) {
            case "id" -> { if (value.indexOf('\0') < 0) id = value; }
            case "event" -> event = value;
            case "data" -> {
                if (data == null) data = new StringBuilder(value);
                else data.append('\n').append(value);
            }
            // "retry" is not honoured: reconnecting uses its own back-off, starting sooner.
            default -> { }
        }
    }

    private void reset() {
        id = null;
        event = null;
        data = null;
    }

    private void dispatch() {
        if (data != null) sink.event(new Event(id, event, data.toString()));
        reset();
    }
}
