package io.accrete.engine.pull;

import io.accrete.engine.data.Symbol;

import java.util.List;

/**
 * A parsed pull pattern: whether it has {@code *} and {@code :db/id}, and its attribute specs in
 * written order. Immutable and independent of any database, so one instance serves every pull
 * of the same form (see {@link Pull#parse}).
 */
public final class PullPattern {
    /** What {@code *} expands a component entity with. */
    static final PullPattern WILDCARD = new PullPattern(true, true, new AttrSpec[0], List.of(Symbol.of("*")));

    final boolean wildcard;
    final boolean dbId;
    final AttrSpec[] specs;
    private final Object form;

    PullPattern(boolean wildcard, boolean dbId, AttrSpec[] specs, Object form) {
        this.wildcard = wildcard;
        this.dbId = dbId;
        this.specs = specs;
        this.form = form;
    }

    /** The form this pattern was parsed from. */
    public Object form() { return form; }

    /** Stubs stand in for entities that recursion stops at; they carry only what {@code :db/id} asks for. */
    boolean yieldsId() { return dbId || wildcard; }

    @Override public String toString() { return "PullPattern" + form; }
}
