package io.accrete.engine.tx;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;

import java.util.Iterator;
import java.util.List;

/** Transaction functions found through META-INF/services in the test classpath. */
public final class ServiceLoadedTxFunctions {
    private ServiceLoadedTxFunctions() {}

    /** {@code [accrete.test/inc e attr amount]}: adds amount to a cardinality-one long (absent = 0). */
    public static final class Increment implements TxFunction {
        @Override public String name() { return "accrete.test/inc"; }

        @Override public List<?> apply(Db db, List<Object> args) {
            if (args.size() != 3) throw new IllegalArgumentException("expected [e attr amount]");
            long e = db.entidStrict(args.get(0));
            Attribute a = db.attributeStrict(args.get(1));
            Iterator<Datom> cur = db.scan(Index.EAVT, e, a.id(), null);
            long old = cur.hasNext() ? (Long) cur.next().v() : 0L;
            return List.of(List.of(Keyword.of("db/add"), e, a.ident(), old + (Long) args.get(2)));
        }
    }

    /** {@code [accrete.test/boom message]}: always throws a plain Java exception. */
    public static final class Boom implements TxFunction {
        @Override public String name() { return "accrete.test/boom"; }

        @Override public List<?> apply(Db db, List<Object> args) {
            throw new IllegalStateException("boom: " + args);
        }
    }
}
