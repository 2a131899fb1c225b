package io.accrete.server.wire;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.db.Db;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.ValueType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private static final Symbol DEFAULT_SOURCE = Symbol.of("$");
    /** How a variable's input is read: as an entity, or as a value of {@code attr} ({@code attr} null for an entity). */
    private record Role(Attribute attr, Db db) {
        boolean readsLike(Role o) {
            if (attr == null || o.attr == null) return attr == o.attr;
            return attr.type() == o.attr.type() && attr.type() != ValueType.TUPLE || attr.equals(o.attr);
        }
    }
    private static final Role AMBIGUOUS = new Role(null, null);

    private final Map<Symbol, Role> roles = new HashMap<>();
    private final Map<Symbol, Db> sources;

    private JsonQueryInputs(Map<Symbol, Db> sources) { this.sources = sources; }

    /**
     * @param inputs  the inputs as resolved for each {@code :in} binding (databases included)
     * @param rawArgs the request's {@code :args} as the JSON parser gave them; the inputs may start
     *                with one more element, the route's database
     */
    public static List<Object> read(Object query, List<?> rawArgs, List<Object> inputs) {
        Map<Keyword, List<Object>> sections = sections(query);
        List<Object> in = sections.get(IN);
        if (in == null) return inputs;
        Map<Symbol, Db> sources = new HashMap<>();
        for (int i = 0; i < in.size() && i < inputs.size(); i++) {
            if (in.get(i) instanceof Symbol s && s.fullName().startsWith("$") && inputs.get(i) instanceof Db db) sources.put(s, db);
        }
        JsonQueryInputs reader = new JsonQueryInputs(sources);
        for (Object clause : sections.getOrDefault(WHERE, List.of())) reader.collectRoles(clause, null);
        int offset = inputs.size() - rawArgs.size();
        List<Object> out = new ArrayList<>(inputs);
        for (int i = 0; i < in.size() && i < out.size(); i++) {
            Object binding = in.get(i);
            int raw = i - offset;
            if (raw < 0 || raw >= rawArgs.size() || out.get(i) instanceof Db || out.get(i) instanceof io.accrete.engine.storage.Log
                    || isSourceOrRules(binding)) continue;
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

    /**
     * Finds the patterns anywhere in a clause: in not, or and and too, and in not-join and or-join,
     * where only the joined variables are the outer ones ({@code only}, null: every variable).
     */
    private void collectRoles(Object clause, Set<Symbol> only) {
        if (!(clause instanceof List<?> l) || l.isEmpty()) return;
        Symbol src = l.get(0) instanceof Symbol s && s.fullName().startsWith("$") ? s : DEFAULT_SOURCE;
        List<?> terms = src == l.get(0) ? l.subList(1, l.size()) : l;
        if (terms.isEmpty()) return;
        if (terms.get(0) instanceof Symbol head && (head.fullName().equals("not-join") || head.fullName().equals("or-join"))) {
            Set<Symbol> joined = new HashSet<>();
            if (terms.size() > 1) varsIn(terms.get(1), joined);
            if (only != null) joined.retainAll(only);
            for (int i = 2; i < terms.size(); i++) collectRoles(terms.get(i), joined);
            return;
        }
        if (isPattern(terms)) {
            Db db = sources.get(src);
            Attribute a = db == null ? null : db.attribute(terms.get(1));
            if (db != null && isVar(terms.get(0))) note((Symbol) terms.get(0), new Role(null, db), only);
            if (a != null && terms.size() >= 3 && isVar(terms.get(2))) {
                note((Symbol) terms.get(2), new Role(a.type() == ValueType.REF ? null : a, db), only);
            }
            return;
        }
        for (Object o : terms) collectRoles(o, only);
    }

    /**
     * A data pattern: an attribute keyword second, and first an entity (a variable, _, an id, an
     * ident or a lookup ref); a rule call or function call has a plain symbol or a list there.
     */
    private static boolean isPattern(List<?> terms) {
        if (terms.size() < 2 || !(terms.get(1) instanceof Keyword)) return false;
        Object e = terms.get(0);
        return isVar(e) || e instanceof Symbol s && s.fullName().equals("_") || e instanceof Number || e instanceof Keyword
                || e instanceof List<?> ref && ref.size() == 2 && ref.get(0) instanceof Keyword;
    }

    private static void varsIn(Object form, Set<Symbol> out) {
        if (isVar(form)) out.add((Symbol) form);
        else if (form instanceof List<?> l) for (Object o : l) varsIn(o, out);
    }

    private void note(Symbol var, Role role, Set<Symbol> only) {
        if (only != null && !only.contains(var)) return;
        Role was = roles.putIfAbsent(var, role);
        if (was != null && was != AMBIGUOUS && !was.readsLike(role)) roles.put(var, AMBIGUOUS);
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
        Role role = roles.get(var);
        if (role == null || role == AMBIGUOUS) return JsonConvention.generic(raw);
        if (role.attr() == null) return JsonConvention.entity(raw, role.db());
        return JsonConvention.value(role.attr().ident(), raw, role.db());
    }
}
