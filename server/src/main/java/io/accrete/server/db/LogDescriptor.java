package io.accrete.server.db;

import io.accrete.engine.data.Keyword;
import io.accrete.server.errors.ServerErrors;

import java.util.Map;

/**
 * A database's transaction log as a query input, {@code {:log "orders"}}: the server's form of
 * Datomic's {@code (d/log conn)}, read in queries with {@code tx-ids} and {@code tx-data}. It
 * resolves to the log as of the latest value (after the request's read-your-writes basis-t), and
 * may be read by whoever may read the database.
 */
public record LogDescriptor(String dbName) {
    public static final Keyword LOG = Keyword.of("log");

    /**
     * Exactly {@code {:log "name"}}: any other map, one with a {@code :log} key among others
     * included, is a query input like any other value.
     */
    public static boolean isLogDescriptor(Object o) {
        return o instanceof Map<?, ?> m && m.size() == 1 && m.get(LOG) instanceof String;
    }

    public static LogDescriptor parse(Object o) {
        if (!(o instanceof Map<?, ?> m) || !(m.get(LOG) instanceof String name) || m.size() != 1) {
            throw ServerErrors.error(ServerErrors.INVALID_REQUEST, "A log is a map with only a string :log, the database's name,"
                    + " e.g. {:log \"orders\"}", "log", o);
        }
        return new LogDescriptor(name);
    }
}
