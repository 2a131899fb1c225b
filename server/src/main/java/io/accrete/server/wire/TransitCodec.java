package io.accrete.server.wire;

import com.cognitect.transit.TransitFactory;
import com.cognitect.transit.impl.JsonEmitter;
import com.cognitect.transit.impl.JsonParser;
import com.cognitect.transit.impl.WriteCache;
import com.cognitect.transit.impl.WriteHandlerMap;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.accrete.engine.error.Errors;

import java.io.ByteArrayOutputStream;
import java.util.Map;

/**
 * {@code application/transit+json} through transit-java, with the engine's types. It drives
 * transit-java's JSON parser and emitter directly: {@code TransitFactory.reader/writer} build a
 * new Jackson {@code JsonFactory} and re-merge the handler maps on every call, which cost more
 * than reading or writing a small body.
 */
final class TransitCodec implements Codec {
    /** Thread-safe once configured, and what makes parsers and generators cheap to create. */
    private static final JsonFactory JSON = new JsonFactory();
    private static final Map<String, com.cognitect.transit.ReadHandler<?, ?>> READ = TransitFactory.readHandlerMap(TransitHandlers.READ);
    /**
     * One write-handler map per thread: a {@link WriteHandlerMap} memoises the handler of each
     * concrete class it meets in a plain HashMap, so it cannot be shared.
     */
    private static final ThreadLocal<WriteHandlerMap> WRITE = ThreadLocal.withInitial(() -> new WriteHandlerMap(TransitHandlers.WRITE));
    /**
     * transit's write cache, one per thread and cleared for every message: made new each time, it
     * allocates a 2,048-slot table, 13% of the answer writers' samples under the SDK's batched load
     * (docs/benchmarks.md, stop 15). The read cache is not reused: {@code ReadCache.init()} only
     * rewinds its index, and a table that outlived its message would hold an earlier request's strings.
     */
    private static final ThreadLocal<WriteCache> WRITE_CACHE = ThreadLocal.withInitial(() -> new WriteCache(true));

    @Override public Object read(byte[] body) {
        BodyGuard.utf8(body);
        BodyGuard.checkJsonDepth(body);
        Object parsed;
        try (com.fasterxml.jackson.core.JsonParser jp = JSON.createParser(body)) {
            parsed = new JsonParser(jp, READ, TransitHandlers.UNKNOWN_TAG, PlainCollections.MAPS, PlainCollections.LISTS).parse(new CheckedReadCache());
        } catch (io.accrete.engine.error.AccreteException e) {
            throw e;   // a read handler's own refusal (a ratio, a bad character) says what is wrong
        } catch (Exception | StackOverflowError e) {
            // Jackson's and the handlers' failures, reported by their root cause as transit-java's reader did.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            String why = root.getMessage() == null ? root.getClass().getSimpleName() : firstLine(root.getMessage());
            throw Errors.error(Errors.PARSE, "Malformed transit+json: " + why);
        }
        return parsed;
    }

    /** transit+json with the write cache on, as {@code TransitFactory.writer} writes it. */
    @Override public byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator gen = JSON.createGenerator(out)) {
            new JsonEmitter(gen, WRITE.get()).emit(value, false, WRITE_CACHE.get().init());
        } catch (Exception e) {
            throw new RuntimeException(e);   // as transit-java's writer wraps every failure
        }
        return out.toByteArray();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
