package io.accrete.engine.query;

import io.accrete.engine.index.Datom;
import io.accrete.engine.storage.Log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Datomic's "log in query" functions, over a {@link Log} given as an input
 * ({@code :in $ ?log}, the peer's {@code (d/log conn)}):
 * {@code [(tx-ids ?log ?t1 ?t2) [?tx ...]]} and {@code [(tx-data ?log ?tx) [[?e ?a ?v _ ?op]]]}.
 */
final class LogFunctions {
    private LogFunctions() {}

    static void registerAll(Map<String, QueryFunction> m) {
        // the transaction ids from t1 (inclusive) to t2 (exclusive), a vector of Longs as the peer's
        m.put("tx-ids", a -> {
            BuiltinFunctions.arity(a, 3, 3, "tx-ids");
            return Collections.unmodifiableList(log(a[0], "tx-ids").txIds(a[1], a[2]));
        });
        // one transaction's datoms, each [e a v tx added] with the attribute as its entity id
        m.put("tx-data", a -> {
            BuiltinFunctions.arity(a, 2, 2, "tx-data");
            List<Object> out = new ArrayList<>();
            for (Datom d : log(a[0], "tx-data").txData(a[1])) out.add(Collections.unmodifiableList(Arrays.asList(Source.datomTuple(d))));
            return Collections.unmodifiableList(out);
        });
    }

    private static Log log(Object o, String fn) {
        if (o instanceof Log l) return l;
        // the peer fails with a ClassCastException here; a database is the likely mistake
        throw new IllegalArgumentException(fn + " needs a log as its first argument (Connection.log(), Datomic's (d/log conn);"
                + " over HTTP the argument {:log \"db-name\"}), not "
                + (o instanceof io.accrete.engine.db.Db ? "a database" : io.accrete.engine.data.Edn.kind(o)));
    }
}
