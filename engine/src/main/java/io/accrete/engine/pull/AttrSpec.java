package io.accrete.engine.pull;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.Errors;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.Schema;

/**
 * One attribute of a pattern with its options. The attribute name is resolved per schema, not at
 * parse time, because the same cached pattern serves databases with different schemas.
 */
final class AttrSpec {
    static final int NO_RECURSION = 0;
    static final int UNBOUNDED = -1;
    /** Datomic's limit for cardinality-many values when the pattern sets none. */
    static final int DEFAULT_LIMIT = 1000;
    /** Stands for {@code :limit nil}. */
    static final int NO_LIMIT = Integer.MAX_VALUE;

    final Keyword name;
    final Object key;
    final int limit;
    final boolean hasDefault;
    final Object defaultValue;
    final Symbol xform;
    /** Nested pattern for the targets, or null. */
    final PullPattern sub;
    /** {@link #NO_RECURSION}, {@link #UNBOUNDED} or a depth limit; the recursive pattern is the enclosing one. */
    final int recursion;
    final Object form;

    private volatile Resolved resolved;

    /** {@code attr} is null when the name names no attribute; such specs only ever yield defaults. */
    record Resolved(Schema schema, Attribute attr, boolean reverse) {}

    AttrSpec(Keyword name, Object key, int limit, boolean hasDefault, Object defaultValue, Symbol xform,
             PullPattern sub, int recursion, Object form) {
        this.name = name;
        this.key = key;
        this.limit = limit;
        this.hasDefault = hasDefault;
        this.defaultValue = defaultValue;
        this.xform = xform;
        this.sub = sub;
        this.recursion = recursion;
        this.form = form;
    }

    boolean navigates() { return sub != null || recursion != NO_RECURSION; }

    AttrSpec withNavigation(PullPattern newSub, int newRecursion, Object newForm) {
        return new AttrSpec(name, key, limit, hasDefault, defaultValue, xform, newSub, newRecursion, newForm);
    }

    /**
     * A name that is an installed attribute is forward even when it starts with an underscore;
     * otherwise {@code :ns/_name} is the reverse of {@code :ns/name}, as in Datomic.
     */
    Resolved resolve(Db db) {
        Schema schema = db.schema();
        Resolved r = resolved;
        if (r != null && r.schema() == schema) return r;
        Attribute attr = schema.attribute(name);
        boolean reverse = false;
        if (attr == null && name.name().startsWith("_") && name.name().length() > 1) {
            attr = schema.attribute(Keyword.of(name.namespace(), name.name().substring(1)));
            reverse = attr != null;
            // Only ref datoms point back at an entity; a reverse non-ref never has values.
            if (attr != null && !attr.isRef()) attr = null;
        }
        if (attr != null && navigates() && !attr.isRef()) {
            throw Errors.error(Errors.INVALID_PULL, "Attribute " + name + " is not a reference, so it takes no nested pattern or recursion", form);
        }
        r = new Resolved(schema, attr, reverse);
        resolved = r;
        return r;
    }
}
