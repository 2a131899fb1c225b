package io.accrete.server.wire;

/**
 * One wire format's reader and writer. {@link #read} turns a request body into plain values
 * (the types {@code io.accrete.engine.data.Edn} documents) or raises {@code :db.error/parse};
 * {@link #write} turns plain values into a response body and never fails on a value the engine
 * produced.
 */
public interface Codec {
    Object read(byte[] body);

    byte[] write(Object value);
}
