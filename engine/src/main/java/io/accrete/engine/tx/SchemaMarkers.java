package io.accrete.engine.tx;

import io.accrete.engine.db.Db;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.BuiltIns;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The markers Datomic keeps on {@code :db.part/db}: {@code :db.install/attribute} for every
 * attribute a transaction installs and {@code :db.alter/attribute} for every one it alters. Like
 * Datomic, the transactor derives them from the schema datoms and ignores what tx-data asserts or
 * retracts for them, so the old style ({@code :db.install/_attribute :db.part/db}) and the modern
 * one record exactly the same datoms.
 */
final class SchemaMarkers {
    private SchemaMarkers() {}

    /** True for the marker attributes, whose datoms in tx-data are accepted and then dropped. */
    static boolean isMarker(Attribute a) {
        return a.id() == BuiltIns.INSTALL_ATTRIBUTE || a.id() == BuiltIns.ALTER_ATTRIBUTE;
    }

    /** The markers for a transaction whose (checked) datoms are {@code datoms}. */
    static List<Datom> derive(Db db, List<Datom> datoms, long txId) {
        Set<Long> installed = new LinkedHashSet<>(), altered = new LinkedHashSet<>();
        for (Datom d : datoms) {
            if (!BuiltIns.isSchemaAttribute(d.a()) || d.e() > Integer.MAX_VALUE) continue;
            boolean exists = db.schema().attribute((int) d.e()) != null;
            if (!exists && d.a() == BuiltIns.VALUE_TYPE && d.added()) installed.add(d.e());
            else if (exists && altersAttribute(d.a())) altered.add(d.e());
        }
        List<Datom> out = new ArrayList<>(installed.size() + altered.size());
        for (long a : installed) out.add(new Datom(BuiltIns.PART_DB_ID, BuiltIns.INSTALL_ATTRIBUTE, a, txId, true));
        for (long a : altered) {
            // Datomic asserts the marker again on every alteration; Accrete keeps one assertion per
            // fact in its current indexes, so a repeated marker is redundant and dropped like any other.
            if (!db.scan(Index.EAVT, BuiltIns.PART_DB_ID, BuiltIns.ALTER_ATTRIBUTE, a).hasNext()) {
                out.add(new Datom(BuiltIns.PART_DB_ID, BuiltIns.ALTER_ATTRIBUTE, a, txId, true));
            }
        }
        return out;
    }

    /** The changes Datomic records as alterations; a new ident or doc is not one. */
    private static boolean altersAttribute(int a) {
        return a == BuiltIns.CARDINALITY || a == BuiltIns.UNIQUE || a == BuiltIns.IS_COMPONENT
                || a == BuiltIns.NO_HISTORY || a == BuiltIns.INDEX;
    }
}
