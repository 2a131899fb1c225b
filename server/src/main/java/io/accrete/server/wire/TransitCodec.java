package io.accrete.server.wire;

import com.cognitect.transit.Reader;
import com.cognitect.transit.TransitFactory;
import com.cognitect.transit.Writer;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/** {@code application/transit+json} through transit-java, with the engine's types. */
final class TransitCodec implements Codec {
    @Override public Object read(byte[] body) {
        BodyGuard.utf8(body);
        BodyGuard.checkJsonDepth(body);
        try {
            Reader r = TransitFactory.reader(TransitFactory.Format.JSON, new ByteArrayInputStream(body),
                    TransitHandlers.READ, TransitHandlers.UNKNOWN_TAG);
            return Plain.of(r.read());
        } catch (AccreteException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // transit-java wraps Jackson's failures without a useful message of its own.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            String why = root.getMessage() == null ? root.getClass().getSimpleName() : firstLine(root.getMessage());
            throw Errors.error(Errors.PARSE, "Malformed transit+json: " + why);
        }
    }

    @Override public byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        Writer<Object> w = TransitFactory.writer(TransitFactory.Format.JSON, out, TransitHandlers.WRITE);
        w.write(value);
        return out.toByteArray();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
