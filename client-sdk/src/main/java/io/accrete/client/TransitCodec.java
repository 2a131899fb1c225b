package io.accrete.client;

import com.cognitect.transit.ReadHandler;
import com.cognitect.transit.TransitFactory;
import com.cognitect.transit.WriteHandler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * transit+json in and out, with the SDK's own {@link Keyword}, {@link Symbol} and {@link EdnList}
 * in place of transit-java's, so users never meet {@code com.cognitect.transit} types. The
 * handler maps are built once: transit-java validates and merges them on every reader otherwise.
 */
final class TransitCodec {
    private TransitCodec() {}

    private static final Map<String, ReadHandler<?, ?>> READ = TransitFactory.readHandlerMap(Map.of(
            ":", (ReadHandler<Keyword, String>) Keyword::of,
            "$", (ReadHandler<Symbol, String>) Symbol::parse,
            "list", (ReadHandler<EdnList, List<?>>) EdnList::copyOf,
            "r", (ReadHandler<java.net.URI, String>) java.net.URI::create));

    // transit-java's API keys write handlers by raw Class.
    @SuppressWarnings("rawtypes")
    private static final Map<Class, WriteHandler<?, ?>> WRITE = TransitFactory.writeHandlerMap(writeHandlers());

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

    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        TransitFactory.writer(TransitFactory.Format.JSON, out, WRITE).write(value);
        return out.toByteArray();
    }

    static Object decode(InputStream in) {
        return TransitFactory.reader(TransitFactory.Format.JSON, in, READ).read();
    }

    static Object decode(byte[] bytes) { return decode(new ByteArrayInputStream(bytes)); }

    private record Handler<T>(String tag, java.util.function.Function<T, Object> rep,
                              java.util.function.Function<T, String> stringRep)
            implements WriteHandler<T, Object> {
        @Override public String tag(T o) { return tag; }
        @Override public Object rep(T o) { return rep.apply(o); }
        @Override public String stringRep(T o) { return stringRep.apply(o); }
        @Override public <V> WriteHandler<T, V> getVerboseHandler() { return null; }
    }
}
