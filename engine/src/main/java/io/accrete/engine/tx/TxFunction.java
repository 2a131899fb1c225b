package io.accrete.engine.tx;

import io.accrete.engine.db.Db;

import java.util.List;

/**
 * A transaction function written in Java: given the database value before the transaction and
 * the call's arguments, it returns more tx-data, which is expanded in its place. Implementations
 * are found through {@link java.util.ServiceLoader} (list them in
 * {@code META-INF/services/io.accrete.engine.tx.TxFunction}) or registered on a connection, and
 * are invoked as {@code [my.ns/fn-name arg…]}.
 */
public interface TxFunction {
    /** The name it is invoked by, e.g. {@code "my.ns/fn-name"}. */
    String name();

    List<?> apply(Db dbBefore, List<Object> args);

    static TxFunction of(String name, java.util.function.BiFunction<Db, List<Object>, List<?>> fn) {
        return new TxFunction() {
            @Override public String name() { return name; }
            @Override public List<?> apply(Db db, List<Object> args) { return fn.apply(db, args); }
        };
    }
}
