package io.accrete.engine.pull;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.EdnPrintable;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Datomic's entity: a lazy, read-only map of one entity's attributes in one database value.
 * Nothing is read until the first lookup, which loads every attribute in one index scan.
 * As in Datomic, a ref to an entity that has a {@code :db/ident} reads as that keyword (so enum
 * values are keywords), other refs as {@code Entity}; cardinality-many values are sets; a key
 * {@code :ns/_attr} navigates a ref backwards, to a set of entities or, for a component
 * attribute, to the single owner. {@code :db/id} gives the id but is not among the keys.
 *
 * <p>Equality is by entity id, as Datomic's entities compare, not by contents: comparing
 * contents would load whole graphs and never finish on cyclic ones.
 */
public final class Entity extends AbstractMap<Keyword, Object> implements EdnPrintable {
    private static final Keyword DB_ID = PatternParser.DB_ID;

    private final Db db;
    private final long id;
    private volatile Map<Keyword, Object> attrs;
    private volatile boolean touched;

    private Entity(Db db, long id) {
        this.db = db;
        this.id = id;
    }

    /** The entity an id, ident or lookup ref names; null when an ident or lookup ref finds none. */
    public static Entity of(Db db, Object eid) {
        Pull.checkReadable(db);
        Long e = Pull.entityId(db, eid);
        return e == null ? null : new Entity(db, e);
    }

    public long id() { return id; }

    public Db db() { return db; }

    @Override public Object get(Object key) {
        Keyword k = key instanceof Keyword kw ? kw : key instanceof String s && !s.isEmpty() ? Keyword.of(s) : null;
        if (k == null) return null;
        if (k == DB_ID) return id;
        if (db.attribute(k) != null) return attrs().get(k);
        String name = k.name();
        if (name.length() > 1 && name.charAt(0) == '_') {
            Attribute forward = db.attribute(Keyword.of(k.namespace(), name.substring(1)));
            if (forward != null && forward.isRef()) return referrers(forward);
        }
        return null;
    }

    @Override public boolean containsKey(Object key) { return get(key) != null; }

    @Override public Set<Entry<Keyword, Object>> entrySet() { return attrs().entrySet(); }

    @Override public Set<Keyword> keySet() { return attrs().keySet(); }

    @Override public Collection<Object> values() { return attrs().values(); }

    @Override public int size() { return attrs().size(); }

    @Override public boolean isEmpty() { return attrs().isEmpty(); }

    /** Loads every attribute now, and those of component entities, recursively, as Datomic's touch. */
    public Entity touch() {
        touch(new HashSet<>());
        return this;
    }

    private void touch(Set<Long> seen) {
        if (!seen.add(id)) return;
        touched = true;
        for (Map.Entry<Keyword, Object> en : attrs().entrySet()) {
            Attribute a = db.attribute(en.getKey());
            if (a == null || !a.component()) continue;
            Object v = en.getValue();
            if (v instanceof Entity child) child.touch(seen);
            else if (v instanceof Set<?> set) for (Object o : set) if (o instanceof Entity child) child.touch(seen);
        }
    }

    private Map<Keyword, Object> attrs() {
        Map<Keyword, Object> m = attrs;
        if (m == null) {
            m = load();
            attrs = m;
        }
        return m;
    }

    private Map<Keyword, Object> load() {
        Map<Keyword, Object> out = new LinkedHashMap<>();
        Attribute attr = null;
        Set<Object> many = null;
        for (Datom d : db.datoms(Index.EAVT, id, Db.ANY_A, null)) {
            if (attr == null || attr.id() != d.a()) {
                attr = db.schema().attribute(d.a());
                if (attr == null) continue;
                many = null;
                if (attr.many()) {
                    many = new LinkedHashSet<>();
                    out.put(attr.ident(), Collections.unmodifiableSet(many));
                }
            }
            Object v = attr.isRef() ? target((Long) d.v()) : d.v();
            if (many != null) many.add(v);
            else out.put(attr.ident(), v);
        }
        return Collections.unmodifiableMap(out);
    }

    private Object target(long e) {
        Keyword ident = db.ident(e);
        return ident != null ? ident : new Entity(db, e);
    }

    private Object referrers(Attribute forward) {
        Iterator<Datom> it = db.scan(Index.VAET, Db.ANY_E, forward.id(), id);
        if (forward.component()) return it.hasNext() ? new Entity(db, it.next().e()) : null;
        Set<Entity> out = new LinkedHashSet<>();
        while (it.hasNext()) out.add(new Entity(db, it.next().e()));
        return out.isEmpty() ? null : Collections.unmodifiableSet(out);
    }

    @Override public boolean equals(Object o) { return o instanceof Entity other && other.id == id; }

    @Override public int hashCode() { return Long.hashCode(id); }

    /** Like Datomic: just the id until touched; touched components print in full, once each. */
    @Override public void printEdn(StringBuilder out) { print(out, new HashSet<>()); }

    private void print(StringBuilder out, Set<Long> printing) {
        out.append("{:db/id ").append(id);
        if (touched && printing.add(id)) {
            for (Map.Entry<Keyword, Object> en : attrs().entrySet()) {
                out.append(", ").append(en.getKey()).append(' ');
                printValue(en.getValue(), out, printing);
            }
        }
        out.append('}');
    }

    private static void printValue(Object v, StringBuilder out, Set<Long> printing) {
        if (v instanceof Entity e) {
            e.print(out, printing);
        } else if (v instanceof Set<?> set) {
            out.append("#{");
            boolean first = true;
            for (Object o : set) {
                if (!first) out.append(' ');
                first = false;
                printValue(o, out, printing);
            }
            out.append('}');
        } else {
            Edn.print(v, out);
        }
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        printEdn(sb);
        return sb.toString();
    }
}
