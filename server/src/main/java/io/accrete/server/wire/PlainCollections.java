package io.accrete.server.wire;

import com.cognitect.transit.ArrayReader;
import com.cognitect.transit.MapReader;
import com.cognitect.transit.ReadHandler;
import io.accrete.engine.error.Errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds what transit-java reads straight into the engine's plain value types, as the EDN reader
 * gives them: unmodifiable collections in their written order, strings for characters, and no
 * ratios. Building them so as the parser goes saves walking and copying every body a second time.
 * (transit-java already reads every integer as a {@code Long}, or a {@code BigInteger} past it.)
 */
final class PlainCollections {
    private PlainCollections() {}

    static final MapReader<Map<Object, Object>, Map<Object, Object>, Object, Object> MAPS = new MapReader<>() {
        @Override public Map<Object, Object> init() { return new LinkedHashMap<>(); }
        @Override public Map<Object, Object> init(int size) { return new LinkedHashMap<>(capacity(size)); }
        @Override public Map<Object, Object> add(Map<Object, Object> m, Object key, Object val) {
            // As the EDN and JSON readers: a key given twice is an error, not "the last one wins".
            if (m.containsKey(key)) duplicate("map key", key);
            m.put(key, val);
            return m;
        }
        @Override public Map<Object, Object> complete(Map<Object, Object> m) { return Collections.unmodifiableMap(m); }
    };

    static final ArrayReader<List<Object>, List<Object>, Object> LISTS = new ArrayReader<>() {
        @Override public List<Object> init() { return new ArrayList<>(); }
        @Override public List<Object> init(int size) { return new ArrayList<>(size); }
        @Override public List<Object> add(List<Object> l, Object item) {
            l.add(item);
            return l;
        }
        @Override public List<Object> complete(List<Object> l) { return Collections.unmodifiableList(l); }
    };

    /**
     * transit's own handlers for these build mutable, unordered or non-engine values from their
     * array form; these take that form as {@link #LISTS} built it, its elements already plain.
     */
    static void overrideReadHandlers(Map<String, ReadHandler<?, ?>> m) {
        m.put("set", (ReadHandler<Set<Object>, List<?>>) rep -> {
            Set<Object> out = new LinkedHashSet<>(capacity(rep.size()));
            for (Object item : rep) if (!out.add(item)) duplicate("set element", item);
            return Collections.unmodifiableSet(out);
        });
        m.put("cmap", (ReadHandler<Map<Object, Object>, List<?>>) rep -> {
            if (rep.size() % 2 != 0) {
                throw Errors.error(Errors.PARSE, "A composite-key map (~#cmap) alternates keys and values; this one has "
                        + rep.size() + " elements");
            }
            Map<Object, Object> out = new LinkedHashMap<>(capacity(rep.size() / 2));
            for (int i = 0; i < rep.size(); i += 2) {
                if (out.containsKey(rep.get(i))) duplicate("map key", rep.get(i));
                out.put(rep.get(i), rep.get(i + 1));
            }
            return Collections.unmodifiableMap(out);
        });
        m.put("c", (ReadHandler<String, String>) rep -> {
            if (rep.codePointCount(0, rep.length()) != 1) {
                String shown = rep.length() > 20 ? rep.substring(0, 20) + "…" : rep;
                throw Errors.error(Errors.PARSE, "A transit character (~c) is exactly one character, got \"" + shown + "\"");
            }
            return rep;
        });
        m.put("ratio", (ReadHandler<Object, Object>) rep -> {
            throw Errors.error(Errors.PARSE, "Ratios are not supported");
        });
    }

    private static int capacity(int size) {
        return Math.max(16, (int) (size / 0.75f) + 1);
    }

    private static void duplicate(String what, Object value) {
        throw Errors.error(Errors.PARSE, "Duplicate " + what + " " + io.accrete.engine.data.Edn.printShort(value));
    }
}
