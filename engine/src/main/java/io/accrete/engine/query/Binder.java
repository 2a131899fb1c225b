package io.accrete.engine.query;

import io.accrete.engine.data.Symbol;
import io.accrete.engine.query.QueryModel.*;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Destructures a value through a binding form ({@code ?x}, {@code [?a ?b]}, {@code [?x ...]},
 * {@code [[?a ?b]]}, {@code _}) into rows over the form's variables. Used for {@code :in}
 * inputs and for the results of function expressions.
 */
final class Binder {
    private Binder() {}

    static List<Symbol> vars(Binding b) {
        Set<Symbol> out = new LinkedHashSet<>();
        QueryParser.bindingVars(b, out);
        return new ArrayList<>(out);
    }

    /**
     * Rows over {@code vars} (see {@link #vars}); none when the value is nil or an empty collection.
     * A nil inside a tuple, collection or relation binds its variable to nil, as in Datomic.
     */
    static List<Object[]> rows(Binding b, List<Symbol> vars, Object value, Object form) {
        List<Object[]> out = new ArrayList<>();
        if (value == null) return out;
        Object[] row = new Object[vars.size()];
        bindAll(List.of(b), 0, vars, new Object[]{value}, row, new boolean[vars.size()], out, form);
        return out;
    }

    /** Binds items[i..] to values[i..] and emits a row for every combination. */
    private static void bindAll(List<Binding> items, int i, List<Symbol> vars, Object[] values, Object[] row,
                                boolean[] set, List<Object[]> out, Object form) {
        if (i == items.size()) {
            out.add(row.clone());
            return;
        }
        Binding b = items.get(i);
        Object v = values[i];
        if (b instanceof BindIgnore) {
            bindAll(items, i + 1, vars, values, row, set, out, form);
        } else if (b instanceof BindScalar s) {
            int col = vars.indexOf(s.var());
            Object nv = v == null ? null : QueryParser.normalize(v);
            if (set[col]) {
                // a variable named twice in one binding must get the same value both times
                if (BuiltinFunctions.same(row[col], nv)) bindAll(items, i + 1, vars, values, row, set, out, form);
                return;
            }
            row[col] = nv;
            set[col] = true;
            bindAll(items, i + 1, vars, values, row, set, out, form);
            row[col] = null;
            set[col] = false;
        } else if (b instanceof BindTuple t) {
            // only reached below the top (rows() drops a nil value): Datomic takes each item with
            // nth, which makes every item of a nil tuple nil
            List<?> l = v == null ? java.util.Collections.nCopies(t.items().size(), null) : asList(v, form);
            if (l.size() < t.items().size()) {
                throw QueryErrors.invalid("Cannot bind " + l.size() + " values to tuple binding " + t.items().size() + " wide in", form);
            }
            List<Binding> merged = new ArrayList<>(t.items());
            merged.addAll(items.subList(i + 1, items.size()));
            Object[] vs = new Object[merged.size()];
            for (int k = 0; k < t.items().size(); k++) vs[k] = l.get(k);
            System.arraycopy(values, i + 1, vs, t.items().size(), items.size() - i - 1);
            bindAll(merged, 0, vars, vs, row, set, out, form);
        } else if (b instanceof BindColl c) {
            Collection<?> coll = asCollection(v, form);
            if (coll == null) return;
            for (Object item : coll) {
                List<Binding> merged = new ArrayList<>();
                merged.add(c.item());
                merged.addAll(items.subList(i + 1, items.size()));
                Object[] vs = new Object[merged.size()];
                vs[0] = item;
                System.arraycopy(values, i + 1, vs, 1, items.size() - i - 1);
                bindAll(merged, 0, vars, vs, row, set, out, form);
            }
        } else {
            throw QueryErrors.error(QueryErrors.NOT_A_BINDING_FORM, "Invalid binding form", form);
        }
    }

    private static List<?> asList(Object v, Object form) {
        if (v instanceof List<?> l) return l;
        if (v instanceof Object[] a) return java.util.Arrays.asList(a);
        if (v instanceof io.accrete.engine.index.Datom d) return java.util.Arrays.asList(Source.datomTuple(d));
        if (v instanceof String || v instanceof java.util.Map) return CollectionFunctions.seq(v, "a tuple binding");
        throw QueryErrors.invalid("Cannot bind a non-sequential value to a tuple binding in", form);
    }

    private static Collection<?> asCollection(Object v, Object form) {
        if (v == null) return null;
        if (v instanceof Collection<?> c) return c;
        if (v instanceof Object[] a) return java.util.Arrays.asList(a);
        // as in Datomic, which binds any seqable: a string's characters, a map's [key value] entries
        if (v instanceof String || v instanceof java.util.Map) return CollectionFunctions.seq(v, "a collection binding");
        throw QueryErrors.invalid("Cannot bind a non-collection value to a collection binding in", form);
    }
}
