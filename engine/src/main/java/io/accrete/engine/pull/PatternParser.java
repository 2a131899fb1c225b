package io.accrete.engine.pull;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses Datomic's pull grammar:
 * <pre>
 * pattern          = [attr-spec+]
 * attr-spec        = attr-name | wildcard | map-spec | attr-expr
 * map-spec         = { ((attr-name | attr-expr) (pattern | recursion-limit))+ }
 * attr-expr        = [attr-name attr-option+] | (attr-name attr-option+) | legacy-expr
 * attr-option      = :as any | :limit (integer | nil) | :default any | :xform symbol
 * legacy-expr      = (limit attr-name (integer | nil)) | (default attr-name any)
 * recursion-limit  = positive-integer | '...'
 * </pre>
 * As the peer does, an unknown attribute option is ignored and a map given as the whole pattern
 * selects nothing; other nonsense Datomic lets through (a legacy form with a missing argument) this
 * parser reports, since a typo in a pattern should not quietly change the answer.
 */
final class PatternParser {
    static final Keyword DB_ID = Keyword.of("db/id");
    private static final Keyword AS = Keyword.of("as");
    private static final Keyword LIMIT = Keyword.of("limit");
    private static final Keyword DEFAULT = Keyword.of("default");
    private static final Keyword XFORM = Keyword.of("xform");

    private PatternParser() {}

    static PullPattern parse(Object form) {
        if (form instanceof String text) {
            Object read;
            try {
                read = Edn.read(text);
            } catch (AccreteException e) {
                throw Errors.error(Errors.INVALID_PULL, "Pull pattern is not valid EDN (" + e.getMessage() + ")", text);
            }
            return whole(read);
        }
        return whole(form);
    }

    /** A whole pattern; as the peer, a map (a map spec without its vector) pulls nothing. */
    private static PullPattern whole(Object form) {
        if (form instanceof Map<?, ?>) return new PullPattern(false, false, new AttrSpec[0], form);
        return pattern(form);
    }

    private static PullPattern pattern(Object form) {
        if (!(form instanceof List<?> items)) throw invalid("A pull pattern must be a vector", form);
        boolean wildcard = false, dbId = false;
        List<AttrSpec> specs = new ArrayList<>(items.size());
        Set<Keyword> names = new HashSet<>();
        for (Object item : items) {
            if (isWildcard(item)) {
                wildcard = true;
            } else if (item instanceof Map<?, ?> map) {
                if (map.isEmpty()) throw invalid("A map spec needs at least one attribute", item);
                for (Map.Entry<?, ?> en : map.entrySet()) {
                    AttrSpec base = attrSpec(en.getKey(), true);
                    if (base == null) throw invalid(":db/id cannot be navigated", item);
                    add(specs, names, navigation(base, en.getValue(), item));
                }
            } else {
                AttrSpec spec = attrSpec(item, false);
                if (spec == null) dbId = true;
                else add(specs, names, spec);
            }
        }
        return new PullPattern(wildcard, dbId, specs.toArray(new AttrSpec[0]), form);
    }

    private static void add(List<AttrSpec> specs, Set<Keyword> names, AttrSpec spec) {
        if (!names.add(spec.name)) throw invalid("Multiple specifications for " + spec.name, spec.form);
        specs.add(spec);
    }

    private static boolean isWildcard(Object o) {
        return (o instanceof Symbol s && s.fullName().equals("*")) || "*".equals(o);
    }

    /** An attribute name or attr-expr; null for {@code :db/id}, which takes no options that matter. */
    private static AttrSpec attrSpec(Object item, boolean inMap) {
        Keyword name = attrName(item);
        if (name != null) return name == DB_ID ? null : new AttrSpec(name, name, AttrSpec.DEFAULT_LIMIT, false, null, null, null, AttrSpec.NO_RECURSION, item);
        if (!(item instanceof List<?> expr) || expr.isEmpty()) {
            throw invalid("Cannot interpret as an attribute spec" + (inMap ? " in a map spec key" : ""), item);
        }
        Object head = expr.get(0);
        if (isLegacy(head, "limit") || isLegacy(head, "default")) return legacy(expr);
        name = attrName(head);
        if (name == null) throw invalid("An attribute expression must start with an attribute name", item);
        if (expr.size() % 2 == 0) throw invalid("Attribute options must come in pairs", item);
        Object key = name;
        int limit = AttrSpec.DEFAULT_LIMIT;
        boolean hasDefault = false;
        Object dflt = null;
        Symbol xform = null;
        for (int i = 1; i < expr.size(); i += 2) {
            Object opt = expr.get(i), val = expr.get(i + 1);
            if (opt == AS) {
                if (val != null) key = val;
            } else if (opt == LIMIT) {
                limit = limit(val, item);
            } else if (opt == DEFAULT) {
                hasDefault = val != null;
                dflt = val;
            } else if (opt == XFORM) {
                xform = xform(val, item);
            }
            // any other option is ignored, as the peer does
        }
        if (name == DB_ID) return null;
        return new AttrSpec(name, key, limit, hasDefault, dflt, xform, null, AttrSpec.NO_RECURSION, item);
    }

    private static AttrSpec legacy(List<?> expr) {
        boolean isLimit = isLegacy(expr.get(0), "limit");
        if (expr.size() != 3) throw invalid("Expected (" + (isLimit ? "limit" : "default") + " attr-name value)", expr);
        Keyword name = attrName(expr.get(1));
        if (name == null || name == DB_ID) throw invalid("Expected an attribute name", expr);
        if (isLimit) {
            return new AttrSpec(name, name, limit(expr.get(2), expr), false, null, null, null, AttrSpec.NO_RECURSION, expr);
        }
        Object dflt = expr.get(2);
        return new AttrSpec(name, name, AttrSpec.DEFAULT_LIMIT, dflt != null, dflt, null, null, AttrSpec.NO_RECURSION, expr);
    }

    private static AttrSpec navigation(AttrSpec base, Object value, Object mapForm) {
        if (value instanceof List<?>) return base.withNavigation(pattern(value), AttrSpec.NO_RECURSION, mapForm);
        if ((value instanceof Symbol s && s.fullName().equals("...")) || "...".equals(value)) {
            return base.withNavigation(null, AttrSpec.UNBOUNDED, mapForm);
        }
        Long n = integer(value);
        if (n == null || n < 1) throw invalid("Cannot interpret as a recursive pull specification (a pattern, a positive number or ...)", value);
        return base.withNavigation(null, (int) Math.min(n, Integer.MAX_VALUE - 1), mapForm);
    }

    /** Datomic reads a limit of zero or less as "no values", not as an error. */
    private static int limit(Object val, Object form) {
        if (val == null) return AttrSpec.NO_LIMIT;
        Long n = integer(val);
        if (n == null) throw invalid("A :limit must be an integer or nil", form);
        return (int) Math.max(0, Math.min(n, AttrSpec.NO_LIMIT - 1));
    }

    private static Symbol xform(Object val, Object form) {
        Symbol sym = val instanceof Symbol s ? s : val instanceof String s && !s.isEmpty() ? Symbol.of(s) : null;
        if (sym == null) throw invalid("An :xform must be a symbol naming a registered function", form);
        if (Xforms.lookup(sym) == null) {
            throw invalid("The :xform " + sym + " is not a registered function (registered: " + Xforms.names() + ")", form);
        }
        return sym;
    }

    private static Keyword attrName(Object o) {
        if (o instanceof Keyword k) return k;
        if (o instanceof String s && s.length() > 1 && s.charAt(0) == ':') return Keyword.of(s.substring(1));
        return null;
    }

    private static boolean isLegacy(Object head, String word) {
        return (head instanceof Symbol s && s.fullName().equals(word)) || word.equals(head);
    }

    private static Long integer(Object o) {
        if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) return ((Number) o).longValue();
        if (o instanceof BigInteger b && b.bitLength() < 64) return b.longValue();
        return null;
    }

    static AccreteException invalid(String message, Object form) {
        return Errors.error(Errors.INVALID_PULL, message, form);
    }
}
