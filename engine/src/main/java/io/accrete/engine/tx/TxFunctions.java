package io.accrete.engine.tx;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/** The registry of Java transaction functions, by name. Starts with those ServiceLoader finds. */
public final class TxFunctions {
    private final Map<String, TxFunction> byName = new ConcurrentHashMap<>();

    public static TxFunctions fromServiceLoader() {
        TxFunctions r = new TxFunctions();
        for (TxFunction f : ServiceLoader.load(TxFunction.class)) r.register(f);
        return r;
    }

    public void register(TxFunction f) { byName.put(normalize(f.name()), f); }

    public TxFunction get(String name) { return byName.get(normalize(name)); }

    private static String normalize(String name) { return name.startsWith(":") ? name.substring(1) : name; }
}
