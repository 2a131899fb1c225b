package io.accrete.server.wire;

import com.cognitect.transit.DefaultReadHandler;
import com.cognitect.transit.ReadHandler;
import io.accrete.engine.data.NumberLimits;
import com.cognitect.transit.TransitFactory;
import com.cognitect.transit.WriteHandler;
import io.accrete.engine.data.EdnList;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.data.TaggedValue;
import io.accrete.engine.data.TempId;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps transit's types onto the engine's value types both ways, so that keywords, symbols,
 * lists (query clauses), tempids and URIs round-trip exactly. Instants, UUIDs, big numbers and
 * bytes use transit's own handlers, whose Java types the engine already uses; sets, composite-key
 * maps, characters and ratios are read by {@link PlainCollections}.
 */
final class TransitHandlers {
    private TransitHandlers() {}

    static final Map<String, ReadHandler<?, ?>> READ = readHandlers();
    static final Map<Class, WriteHandler<?, ?>> WRITE = writeHandlers();

    static final DefaultReadHandler<Object> UNKNOWN_TAG = (tag, rep) -> new TaggedValue(Symbol.of(tag), rep);

    private static Map<String, ReadHandler<?, ?>> readHandlers() {
        Map<String, ReadHandler<?, ?>> m = new HashMap<>();
        m.put(":", (ReadHandler<Keyword, String>) Keyword::of);
        m.put("$", (ReadHandler<Symbol, String>) Symbol::of);
        m.put("r", (ReadHandler<URI, String>) URI::create);
        // transit-java's own would parse a number of any length (quadratic) or exponent.
        m.put("n", (ReadHandler<java.math.BigInteger, String>) NumberLimits::integer);
        m.put("f", (ReadHandler<java.math.BigDecimal, String>) NumberLimits::decimal);
        m.put("list", (ReadHandler<EdnList, List<?>>) EdnList::copyOf);
        m.put("db/id", (ReadHandler<TempId, List<?>>) rep -> {
            if (rep.isEmpty() || rep.size() > 2 || !(rep.get(0) instanceof Keyword part)) {
                throw new IllegalArgumentException("a db/id is [partition] or [partition index]");
            }
            Long index = rep.size() == 2 ? ((Number) rep.get(1)).longValue() : null;
            return TempId.of(part, index);
        });
        PlainCollections.overrideReadHandlers(m);
        return m;
    }

    @SuppressWarnings("rawtypes")
    private static Map<Class, WriteHandler<?, ?>> writeHandlers() {
        Map<Class, WriteHandler<?, ?>> m = new HashMap<>();
        m.put(Keyword.class, handler(":", (Keyword k) -> k.fullName()));
        m.put(Symbol.class, handler("$", (Symbol s) -> s.fullName()));
        m.put(URI.class, handler("r", (URI u) -> u.toString()));
        m.put(EdnList.class, handler("list", (EdnList l) -> TransitFactory.taggedValue("array", new ArrayList<>(l))));
        m.put(TempId.class, handler("db/id", (TempId t) -> t.index() == null
                ? List.of(t.partition()) : Arrays.asList(t.partition(), t.index())));
        m.put(TaggedValue.class, new WriteHandler<TaggedValue, Object>() {
            @Override public String tag(TaggedValue t) { return t.tag().fullName(); }
            @Override public Object rep(TaggedValue t) { return t.value(); }
            @Override public String stringRep(TaggedValue t) { return null; }
            @Override public <V> WriteHandler<TaggedValue, V> getVerboseHandler() { return null; }
        });
        return m;
    }

    private static <T> WriteHandler<T, Object> handler(String tag, java.util.function.Function<T, Object> rep) {
        return new WriteHandler<>() {
            @Override public String tag(T o) { return tag; }
            @Override public Object rep(T o) { return rep.apply(o); }
            @Override public String stringRep(T o) {
                Object r = rep.apply(o);
                return r instanceof String s ? s : null;
            }
            @Override public <V> WriteHandler<T, V> getVerboseHandler() { return null; }
        };
    }
}
