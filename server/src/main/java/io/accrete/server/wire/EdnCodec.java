package io.accrete.server.wire;

import io.accrete.engine.data.Edn;

import java.nio.charset.StandardCharsets;

/** {@code application/edn} through the engine's reader and printer. */
final class EdnCodec implements Codec {
    @Override public Object read(byte[] body) {
        return Edn.read(BodyGuard.utf8(body));
    }

    @Override public byte[] write(Object value) {
        return Edn.print(value).getBytes(StandardCharsets.UTF_8);
    }
}
