package io.accrete.client;

import com.cognitect.transit.DefaultReadHandler;
import com.cognitect.transit.ReadHandler;
import com.cognitect.transit.TransitFactory;
import com.cognitect.transit.WriteHandler;
import com.cognitect.transit.impl.JsonEmitter;
import com.cognitect.transit.impl.JsonParser;
import com.cognitect.transit.impl.ListBuilderImpl;
import com.cognitect.transit.impl.MapBuilderImpl;
import com.cognitect.transit.impl.ReadCache;
import com.cognitect.transit.impl.ReaderFactory;
import com.cognitect.transit.impl.WriteCache;
import com.cognitect.transit.impl.WriteHandlerMap;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * transit+json in and out, with the SDK's own {@link Keyword}, {@link Symbol} and {@link EdnList}
 * in place of transit-java's, so users never meet {@code com.cognitect.transit} types.
 *
 * <p>It drives transit-java's own JSON parser and emitter (its {@code impl} package) rather than
 * {@code TransitFactory.reader/writer}, because those build a new Jackson {@code JsonFactory}
 * (symbol tables included) and copy the write-handler map on every call: a third of the SDK's
 * CPU per small request. The Jackson used is the one transit-java itself depends on: the SDK
 * still declares transit-java alone.
 */
final class TransitCodec {
    private TransitCodec() {}

    private static final Map<String, ReadHandler<?, ?>> READ = TransitFactory.readHandlerMap(Map.of(
            ":", (ReadHandler<Keyword, String>) Keyword::of,
            "$", (ReadHandler<Symbol, String>) Symbol::parse,
            "list", (ReadHandler<EdnList, List<?>>) EdnList::copyOf,
            "r", (ReadHandler<java.net.URI, String>) java.net.URI::create));

    private static final DefaultReadHandler<?> UNKNOWN_TAG = ReaderFactory.defaultDefaultHandler();
    private static final MapBuilderImpl MAPS = new MapBuilderImpl();
    private static final ListBuilderImpl LISTS = new ListBuilderImpl();

    /** Thread-safe once configured, and what makes parsers and generators cheap to create. */
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * One write-handler map per thread: a {@link WriteHandlerMap} memoises the handler of each
     * concrete class it meets (LinkedHashMap, ArrayList…) in a plain HashMap, so it cannot be shared.
     */
    private static final ThreadLocal<WriteHandlerMap> WRITE = ThreadLocal.withInitial(() -> new WriteHandlerMap(writeHandlers()));
    /**
     * transit's write cache, one per thread and cleared for every message: made new each time, it
     * allocates a 2,048-slot table, ~5% of the SDK's CPU under load (docs/benchmarks.md, stop 15).
     * The read cache is not reused: {@code ReadCache.init()} only rewinds its index, so a cache
     * code the message never defined would read the previous message's value.
     */
    private static final ThreadLocal<WriteCache> WRITE_CACHE = ThreadLocal.withInitial(() -> new WriteCache(true));

    @SuppressWarnings("rawtypes")
    private static Map<Class, WriteHandler<?, ?>> writeHandlers() {
        Map<Class, WriteHandler<?, ?>> m = new HashMap<>();
        m.put(Keyword.class, new Handler<Keyword>(":", Keyword::fullName, Keyword::fullName));
        m.put(Symbol.class, new Handler<Symbol>("$", Symbol::toString, Symbol::toString));
        m.put(EdnList.class, new Handler<EdnList>("list",
                l -> TransitFactory.taggedValue("array", l), l -> null));
        m.put(Instant.class, new Handler<Instant>("m", Instant::toEpochMilli,
                i -> Long.toString(i.toEpochMilli())));
        m.put(java.net.URI.class, new Handler<java.net.URI>("r", java.net.URI::toString, java.net.URI::toString));
        m.put(Db.class, new Handler<Db>("map", Db::descriptor, d -> null));
        return m;
    }

    /** transit+json, with the write cache on (what {@code TransitFactory.writer} does for JSON). */
    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator gen = JSON.createGenerator(out)) {
            new JsonEmitter(gen, WRITE.get()).emit(value, false, WRITE_CACHE.get().init());
        } catch (Exception e) {
            throw new RuntimeException(e);   // as transit-java's writer wraps every failure
        }
        return out.toByteArray();
    }

    /** Failures come back as RuntimeExceptions, as from transit-java's own reader. */
    static Object decode(byte[] bytes) {
        try (com.fasterxml.jackson.core.JsonParser jp = JSON.createParser(bytes)) {
            return new JsonParser(jp, READ, UNKNOWN_TAG, MAPS, LISTS).parse(new ReadCache());
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private record Handler<T>(String tag, java.util.function.Function<T, Object> rep,
                              java.util.function.Function<T, String> stringRep)
            implements WriteHandler<T, Object> {
        @Override public String tag(T o) { return tag; }
        @Override public Object rep(T o) { return rep.apply(o); }
        @Override public String stringRep(T o) { return stringRep.apply(o); }
        @Override public <V> WriteHandler<T, V> getVerboseHandler() { return null; }
    }
}
