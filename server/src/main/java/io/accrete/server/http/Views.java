package io.accrete.server.http;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.index.Datom;
import io.accrete.engine.tx.TxReport;
import io.accrete.server.db.DbDescriptor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Engine results as wire values: datoms as {@code [e :attr/ident v tx added]}, reports as maps. */
public final class Views {
    private Views() {}

    public static final Keyword DB_BEFORE = Keyword.of("db-before");
    public static final Keyword DB_AFTER = Keyword.of("db-after");
    public static final Keyword TX_DATA = Keyword.of("tx-data");
    public static final Keyword TEMPIDS = Keyword.of("tempids");

    public static List<Object> datom(Db db, Datom d) {
        Keyword ident = db.ident(d.a());
        return Arrays.asList(d.e(), ident != null ? ident : (Object) (long) d.a(), d.v(), d.tx(), d.added());
    }

    public static List<Object> datoms(Db db, Iterable<Datom> ds) {
        List<Object> out = new ArrayList<>();
        for (Datom d : ds) out.add(datom(db, d));
        return out;
    }

    /** A tx report; {@code before}/{@code after} are the descriptors to hand out for its values. */
    public static Map<Keyword, Object> report(TxReport r, DbDescriptor before, DbDescriptor after) {
        Map<Keyword, Object> m = new LinkedHashMap<>();
        m.put(DB_BEFORE, before.toMap());
        m.put(DB_AFTER, after.toMap());
        m.put(TX_DATA, datoms(r.dbAfter(), r.txData()));
        m.put(TEMPIDS, new LinkedHashMap<>(r.tempids()));
        return m;
    }

    public static Map<Keyword, Object> report(String dbName, TxReport r) {
        return report(r, DbDescriptor.of(dbName, r.dbBefore()), DbDescriptor.of(dbName, r.dbAfter()));
    }
}
