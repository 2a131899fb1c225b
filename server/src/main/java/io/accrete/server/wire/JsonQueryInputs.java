package io.accrete.server.wire;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.db.Db;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.ValueType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Query inputs given as JSON, read by what the query does with them. JSON has one number type and
 * no instants, so an input bound to a variable that a pattern puts in an attribute's value
 * position is read as a value of that attribute ({@code 72} for a double is {@code 72.0}, an
 * ISO-8601 string for an instant is that instant, {@code ":x"} for a string attribute stays the
 * text); one in an entity position is an entity (a string of digits an id, {@code ":ident"} an
 * ident). Any other input is read generically, as before: a string starting with {@code :} is a
 * keyword. A variable that patterns use in two ways is read generically too.
 */
public final class JsonQueryInputs {
    private static final Keyword IN = Keyword.of("in");
    private static final Keyword WHERE = Keyword.of("where");
    private static final Object ENTITY = new Object();
    private static final Object AMBIGUOUS = new Object();

    private final Map<Symbol, Object> roles = new HashMap<>();
    private final Db db;

    private JsonQueryInputs(Db db) { this.db = db; }

    /**
     * @param inputs  the inputs as resolved for each {@code :in} binding (databases included)
     * @param rawArgs the request's {@code :args} as the JSON parser gave them; the inputs may start
     *                with one more element, the route's database
     * @param db      the database whose schema decides ({@code $})
     */
    public static List<Object> read(Object query, List<?> rawArgs, List<Object> inputs, Db db) {
        Map<Keyword, List<Object>> sections = sections(query);
        List<Object> in = sections.get(IN);
        if (in == null || db == null) return inputs;
        JsonQueryInputs reader = new JsonQueryInputs(db);
        for (Object clause : sections.getOrDefault(WHERE, List.of())) reader.collectRoles(clause);
        int offset = inputs.size() - rawArgs.size();
        List<Object> out = new ArrayList<>(inputs);
        for (int i = 0; i < in.size() && i < out.size(); i++) {
            Object binding = in.get(i);
            int raw = i - offset;
            if (raw < 0 || raw >= rawArgs.size() || out.get(i) instanceof Db || isSourceOrRules(binding)) continue;
            out.set(i, reader.bind(binding, rawArgs.get(raw)));
        }
        return out;
    }

    private static boolean isSourceOrRules(Object binding) {
        return binding instanceof Symbol s && (s.fullName().startsWith("$") || s.fullName().equals("%"));
    }

    /** The query's sections, from its map form or its vector form. */
    private static Map<Keyword, List<Object>> sections(Object query) {
        Map<Keyword, List<Object>> out = new HashMap<>();
        if (query instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getKey() instanceof Keyword k && e.getValue() instanceof List<?> l) out.put(k, new ArrayList<>(l));
            }
        } else if (query instanceof List<?> l) {
            List<Object> current = null;
            for (Object o : l) {
                if (o instanceof Keyword k) out.put(k, current = new ArrayList<>());
                else if (current != null) current.add(o);
            }
        }
        return out;
    }

    /** Finds the patterns anywhere in a clause (in not, or and their -join forms too). */
    private void collectRoles(Object clause) {
        if (!(clause instanceof List<?> l) || l.isEmpty()) return;
        List<?> terms = l.get(0) instanceof Symbol s && s.fullName().startsWith("$") ? l.subList(1, l.size()) : l;
        if (terms.size() >= 2 && terms.get(1) instanceof Keyword attr && !(terms.get(0) instanceof List)) {
            if (isVar(terms.get(0))) note((Symbol) terms.get(0), ENTITY);
            Attribute a = db.attribute(attr);
            if (terms.size() >= 3 && isVar(terms.get(2)) && a != null) note((Symbol) terms.get(2), a);
        }
        for (Object o : l) collectRoles(o);
    }

    private void note(Symbol var, Object role) {
        Object was = roles.putIfAbsent(var, role);
        if (was != null && !sameReading(was, role)) roles.put(var, AMBIGUOUS);
    }

    /** Two attributes of one type read a JSON value the same way (tuples only when they are one attribute). */
    private static boolean sameReading(Object a, Object b) {
        if (a == b) return true;
        return a instanceof Attribute x && b instanceof Attribute y && x.type() == y.type() && x.type() != ValueType.TUPLE;
    }

    private static boolean isVar(Object o) {
        return o instanceof Symbol s && s.fullName().startsWith("?");
    }

    /** Reads a raw JSON input along its binding form: scalar, tuple, collection or relation. */
    private Object bind(Object binding, Object raw) {
        if (binding instanceof Symbol var) return scalar(var, raw);
        if (binding instanceof List<?> form && raw instanceof List<?> values) {
            if (form.size() == 2 && form.get(1) instanceof Symbol s && s.fullName().equals("...")) {
                return each(values, v -> bind(form.get(0), v));
            }
            if (form.size() == 1 && form.get(0) instanceof List<?> tuple) return each(values, row -> bind(tuple, row));
            if (form.size() == values.size()) {
                List<Object> out = new ArrayList<>(values.size());
                for (int i = 0; i < values.size(); i++) out.add(bind(form.get(i), values.get(i)));
                return Collections.unmodifiableList(out);
            }
        }
        return JsonConvention.generic(raw);
    }

    private static List<Object> each(List<?> values, java.util.function.UnaryOperator<Object> f) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) out.add(f.apply(v));
        return Collections.unmodifiableList(out);
    }

    private Object scalar(Symbol var, Object raw) {
        Object role = roles.get(var);
        if (role == ENTITY) return JsonConvention.entity(raw, db);
        if (role instanceof Attribute attr) return JsonConvention.value(attr.ident(), raw, db);
        return JsonConvention.generic(raw);
    }
}
