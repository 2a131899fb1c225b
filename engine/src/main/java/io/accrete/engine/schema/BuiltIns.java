package io.accrete.engine.schema;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.EntityIds;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The schema every database starts with: the partitions, the attributes that describe
 * attributes, and the enum idents they use. It is written by code at t 0, never to the log, so
 * that the log holds only what users transacted.
 */
public final class BuiltIns {
    private BuiltIns() {}

    public static final long BOOTSTRAP_T = 0;
    public static final long BOOTSTRAP_TX = EntityIds.tToTx(BOOTSTRAP_T);
    /** First index handed out in {@code :db.part/db} for user-installed attributes. */
    public static final long FIRST_USER_DB_INDEX = 100;
    /** First t (and entity index in the other partitions) after bootstrap. */
    public static final long FIRST_T = 1000;

    public static final Keyword PART_DB = Keyword.of("db.part/db");
    /** Entity id of {@code :db.part/db}, which holds the install and alter markers. */
    public static final long PART_DB_ID = 0;
    public static final Keyword PART_TX = Keyword.of("db.part/tx");
    public static final Keyword PART_USER = Keyword.of("db.part/user");

    public static final int IDENT = 10;
    public static final int INSTALL_ATTRIBUTE = 13;
    public static final int ALTER_ATTRIBUTE = 19;
    public static final int VALUE_TYPE = 40;
    public static final int CARDINALITY = 41;
    public static final int UNIQUE = 42;
    public static final int IS_COMPONENT = 43;
    public static final int INDEX = 44;
    public static final int NO_HISTORY = 45;
    public static final int TX_INSTANT = 50;
    public static final int DOC = 62;
    public static final int TUPLE_ATTRS = 63;
    public static final int TUPLE_TYPES = 64;
    public static final int TUPLE_TYPE = 65;
    /** Entity specs and attribute predicates, at Datomic's own ids. {@code :db/ensure} is never stored. */
    public static final int ENSURE = 68;
    public static final int ENTITY_ATTRS = 69;
    public static final int ENTITY_PREDS = 70;
    public static final int ATTR_PREDS = 71;

    public static final long CARDINALITY_ONE = 35;
    public static final long CARDINALITY_MANY = 36;
    public static final long UNIQUE_VALUE = 37;
    public static final long UNIQUE_IDENTITY = 38;
    private static final long FIRST_TYPE_ID = 20;

    public static final Keyword K_IDENT = Keyword.of("db/ident");
    public static final Keyword K_TX_INSTANT = Keyword.of("db/txInstant");

    /** Entity id of the enum entity for a value type. */
    public static long typeId(ValueType t) { return FIRST_TYPE_ID + t.ordinal(); }

    public static ValueType typeById(long id) {
        long i = id - FIRST_TYPE_ID;
        return i >= 0 && i < ValueType.values().length ? ValueType.values()[(int) i] : null;
    }

    /** Attributes whose datoms change the schema: transactions touching them rebuild it. */
    public static boolean isSchemaAttribute(int a) {
        return a == IDENT || a == VALUE_TYPE || a == CARDINALITY || a == UNIQUE || a == IS_COMPONENT
                || a == INDEX || a == NO_HISTORY || a == TUPLE_ATTRS || a == TUPLE_TYPES || a == TUPLE_TYPE || a == ATTR_PREDS;
    }

    public static List<Datom> datoms() {
        List<Datom> out = new ArrayList<>();
        ident(out, PART_DB_ID, "db.part/db");
        ident(out, EntityIds.PART_TX, "db.part/tx");
        ident(out, EntityIds.PART_USER, "db.part/user");
        for (ValueType t : ValueType.values()) ident(out, typeId(t), t.ident().fullName());
        ident(out, CARDINALITY_ONE, "db.cardinality/one");
        ident(out, CARDINALITY_MANY, "db.cardinality/many");
        ident(out, UNIQUE_VALUE, "db.unique/value");
        ident(out, UNIQUE_IDENTITY, "db.unique/identity");

        attr(out, IDENT, "db/ident", ValueType.KEYWORD, UNIQUE_IDENTITY, "Attribute used to uniquely name an entity.");
        attr(out, INSTALL_ATTRIBUTE, "db.install/attribute", ValueType.REF, CARDINALITY_MANY, 0,
                "Asserted on :db.part/db for each installed attribute; the transactor records it.");
        attr(out, ALTER_ATTRIBUTE, "db.alter/attribute", ValueType.REF, CARDINALITY_MANY, 0,
                "Asserted on :db.part/db for each altered attribute; the transactor records it.");
        attr(out, VALUE_TYPE, "db/valueType", ValueType.REF, 0, "Attribute that specifies the value type of an attribute.");
        attr(out, CARDINALITY, "db/cardinality", ValueType.REF, 0, "Whether an attribute holds one value or a set of values.");
        attr(out, UNIQUE, "db/unique", ValueType.REF, 0, "Whether an attribute's values are unique across entities.");
        attr(out, IS_COMPONENT, "db/isComponent", ValueType.BOOLEAN, 0, "Whether a ref attribute points at a component entity.");
        attr(out, INDEX, "db/index", ValueType.BOOLEAN, 0, "Whether an attribute is kept in AVET (every attribute is, in Accrete).");
        attr(out, NO_HISTORY, "db/noHistory", ValueType.BOOLEAN, 0, "Whether past values of an attribute need not be kept.");
        attr(out, TX_INSTANT, "db/txInstant", ValueType.INSTANT, 0, "The wall-clock time of a transaction.");
        attr(out, DOC, "db/doc", ValueType.STRING, 0, "Documentation string for an entity.");
        attr(out, TUPLE_ATTRS, "db/tupleAttrs", ValueType.TUPLE, 0, "The attributes a composite tuple is made of.");
        attr(out, TUPLE_TYPES, "db/tupleTypes", ValueType.TUPLE, 0, "The value types of a heterogeneous tuple.");
        attr(out, TUPLE_TYPE, "db/tupleType", ValueType.REF, 0, "The value type of a homogeneous tuple.");
        attr(out, ENSURE, "db/ensure", ValueType.REF, CARDINALITY_MANY, 0,
                "Asserted in a transaction to check an entity against an entity spec at its end; never stored.");
        attr(out, ENTITY_ATTRS, "db.entity/attrs", ValueType.KEYWORD, CARDINALITY_MANY, 0,
                "The attributes an entity spec requires its entity to have.");
        attr(out, ENTITY_PREDS, "db.entity/preds", ValueType.SYMBOL, CARDINALITY_MANY, 0,
                "Functions of the database and an entity id that an entity spec requires to return true.");
        attr(out, ATTR_PREDS, "db.attr/preds", ValueType.SYMBOL, CARDINALITY_MANY, 0,
                "Functions of a value that every asserted value of the attribute must satisfy.");
        out.add(new Datom(TUPLE_ATTRS, TUPLE_TYPE, typeId(ValueType.KEYWORD), BOOTSTRAP_TX, true));
        out.add(new Datom(TUPLE_TYPES, TUPLE_TYPE, typeId(ValueType.KEYWORD), BOOTSTRAP_TX, true));
        // As in Datomic, the built-in attributes are listed as installed like any other.
        for (Datom d : List.copyOf(out)) {
            if (d.a() == VALUE_TYPE) out.add(new Datom(PART_DB_ID, INSTALL_ATTRIBUTE, d.e(), BOOTSTRAP_TX, true));
        }
        out.add(new Datom(BOOTSTRAP_TX, TX_INSTANT, new Date(0), BOOTSTRAP_TX, true));
        return out;
    }

    private static void ident(List<Datom> out, long e, String ident) {
        out.add(new Datom(e, IDENT, Keyword.of(ident), BOOTSTRAP_TX, true));
    }

    private static void attr(List<Datom> out, int id, String ident, ValueType type, long unique, String doc) {
        attr(out, id, ident, type, CARDINALITY_ONE, unique, doc);
    }

    private static void attr(List<Datom> out, int id, String ident, ValueType type, long cardinality, long unique, String doc) {
        ident(out, id, ident);
        out.add(new Datom(id, VALUE_TYPE, typeId(type), BOOTSTRAP_TX, true));
        out.add(new Datom(id, CARDINALITY, cardinality, BOOTSTRAP_TX, true));
        if (unique != 0) out.add(new Datom(id, UNIQUE, unique, BOOTSTRAP_TX, true));
        out.add(new Datom(id, DOC, doc, BOOTSTRAP_TX, true));
    }
}
