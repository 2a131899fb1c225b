package io.accrete.engine.tx;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.query.Functions;
import io.accrete.engine.query.QueryFunction;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.Schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Datomic's attribute predicates: every value a transaction asserts for an attribute with
 * {@code :db.attr/preds} must satisfy each of them, or the transaction fails with
 * {@code :db.error/attr-pred}. A predicate is named as a query function is: a built-in such as
 * {@code clojure.core/pos?}, or a function registered with {@link Functions#register}.
 */
final class AttributePredicates {
    private AttributePredicates() {}

    static final Keyword PRED_RETURN = Keyword.of("db.error/pred-return");

    static void check(Schema schema, List<Datom> datoms) {
        for (Datom d : datoms) {
            if (!d.added()) continue;
            Attribute a = schema.attribute(d.a());
            if (a == null || a.preds().isEmpty()) continue;
            for (Symbol pred : a.preds()) {
                String what = "Entity " + d.e() + " attribute " + a.ident() + " value " + Edn.printShort(d.v());
                Object returned = call(pred, Errors.ATTR_PRED, what, d.v());
                if (!truthy(returned)) {
                    throw failed(Errors.ATTR_PRED, what + " failed pred " + pred, returned,
                            Map.of(Keyword.of("entity"), d.e(), Keyword.of("attribute"), a.ident(), Keyword.of("pred"), pred));
                }
            }
        }
    }

    /**
     * The predicate's answer. One that names no function, or that throws, fails the check it
     * belongs to ({@code category}) with a message saying so, rather than with some other error.
     */
    static Object call(Symbol pred, Keyword category, String what, Object... args) {
        QueryFunction fn = Functions.lookup(pred);
        if (fn == null) {
            throw new AccreteException(category, what + ": pred " + pred + " names no function (built-in, or registered with Functions.register)",
                    Map.of(Keyword.of("pred"), pred));
        }
        try {
            return fn.apply(args);
        } catch (AccreteException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AccreteException(category, what + ": pred " + pred + " threw " + e, Map.of(Keyword.of("pred"), pred));
        }
    }

    static boolean truthy(Object x) {
        return x != null && !Boolean.FALSE.equals(x);
    }

    static AccreteException failed(Keyword category, String message, Object returned, Map<Keyword, Object> data) {
        Map<Keyword, Object> all = new LinkedHashMap<>(data);
        all.put(PRED_RETURN, returned);   // a Map.of would refuse the nil a predicate may return
        return new AccreteException(category, message, all);
    }
}
