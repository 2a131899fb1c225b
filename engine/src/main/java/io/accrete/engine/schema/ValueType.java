package io.accrete.engine.schema;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** The value types of attributes, with the Java class each stores its values as. */
public enum ValueType {
    STRING("string", String.class),
    LONG("long", Long.class),
    DOUBLE("double", Double.class),
    FLOAT("float", Float.class),
    BOOLEAN("boolean", Boolean.class),
    INSTANT("instant", Date.class),
    UUID_("uuid", UUID.class),
    KEYWORD("keyword", Keyword.class),
    SYMBOL("symbol", Symbol.class),
    REF("ref", Long.class),
    BIGINT("bigint", BigInteger.class),
    BIGDEC("bigdec", BigDecimal.class),
    URI_("uri", URI.class),
    BYTES("bytes", byte[].class),
    TUPLE("tuple", List.class);

    private final Keyword ident;
    private final Class<?> javaClass;

    ValueType(String name, Class<?> javaClass) {
        this.ident = Keyword.of("db.type", name);
        this.javaClass = javaClass;
    }

    public Keyword ident() { return ident; }
    public Class<?> javaClass() { return javaClass; }

    public static ValueType byIdent(Keyword k) {
        for (ValueType t : values()) if (t.ident == k) return t;
        return null;
    }

    /**
     * The value as this type stores it, or null when it is of the wrong type. Numbers are not
     * converted across types (a long for a double attribute is wrong, as in Datomic); only the
     * narrower Java integer boxes, which a Java caller writes without meaning anything else, widen.
     */
    public Object accept(Object v) {
        if (v == null) return null;
        switch (this) {
            case LONG, REF:
                if (v instanceof Long) return v;
                if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
                return null;
            case INSTANT:
                if (v instanceof Date) return v;
                if (v instanceof java.time.Instant i) return Date.from(i);
                return null;
            case TUPLE:
                return v instanceof List<?> ? v : null;
            default:
                return javaClass.isInstance(v) ? v : null;
        }
    }
}
