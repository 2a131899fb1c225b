package io.accrete.engine.data;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Canonical instances by name, held weakly: a name no live value uses any more can be collected,
 * so request bodies full of made-up keywords cannot grow the table forever, while every live
 * value stays the only instance of its name (identity equality holds).
 */
final class Interner<T> {
    private final ConcurrentHashMap<String, Ref<T>> table = new ConcurrentHashMap<>();
    private final ReferenceQueue<T> cleared = new ReferenceQueue<>();

    private static final class Ref<T> extends WeakReference<T> {
        final String name;

        Ref(String name, T value, ReferenceQueue<T> q) {
            super(value, q);
            this.name = name;
        }
    }

    T intern(String name, Function<String, T> make) {
        Ref<T> ref = table.get(name);
        T v = ref == null ? null : ref.get();
        if (v != null) return v;
        expunge();
        while (true) {
            T made = make.apply(name);
            Ref<T> mine = new Ref<>(name, made, cleared);
            Ref<T> prior = table.putIfAbsent(name, mine);
            if (prior == null) return made;
            T existing = prior.get();
            if (existing != null) return existing;
            table.replace(name, prior, mine);
            if (table.get(name) == mine) return made;
        }
    }

    @SuppressWarnings("unchecked")
    private void expunge() {
        Ref<T> r;
        while ((r = (Ref<T>) cleared.poll()) != null) table.remove(r.name, r);
    }
}
