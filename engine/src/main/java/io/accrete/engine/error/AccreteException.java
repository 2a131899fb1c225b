package io.accrete.engine.error;

import io.accrete.engine.data.Keyword;

import java.util.Map;

/**
 * Every error the engine reports: a stable category keyword (Datomic's name where Datomic has
 * one, e.g. {@code :db.error/unique-conflict}), a message for people, and data naming the
 * offending form. The HTTP layer maps the category to a status code in one place.
 */
public class AccreteException extends RuntimeException {
    private final Keyword category;
    private final Map<Keyword, Object> data;

    public AccreteException(Keyword category, String message, Map<Keyword, Object> data) {
        super(message, null, false, false);
        this.category = category;
        this.data = data == null ? Map.of() : Map.copyOf(data);
    }

    public AccreteException(Keyword category, String message) {
        this(category, message, Map.of());
    }

    public Keyword category() { return category; }
    public Map<Keyword, Object> data() { return data; }

    @Override public String toString() { return category + ": " + getMessage(); }
}
