package io.accrete.client;

import java.util.List;

/**
 * One fact {@code [e a v tx added]} as the server sends it, with the attribute as its ident.
 * {@code tx} is the transaction's entity id (Datomic's convention), not its t.
 */
public record Datom(long e, Keyword a, Object v, long tx, boolean added) {

    static Datom fromWire(Object o) {
        if (o instanceof List<?> l && l.size() >= 4) {
            Object added = l.size() > 4 ? l.get(4) : Boolean.TRUE;
            return new Datom(Wire.asLong(l.get(0)), Wire.asKeyword(l.get(1)), l.get(2),
                    Wire.asLong(l.get(3)), Boolean.TRUE.equals(added));
        }
        throw new AccreteException(AccreteException.INVALID_RESPONSE, "not a datom: " + o);
    }

    @Override public String toString() {
        return "[" + e + " " + a + " " + Edn.print(v) + " " + tx + " " + added + "]";
    }
}
