package io.accrete.engine.tx;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.BuiltIns;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Datomic's entity specs. {@code [:db/add e :db/ensure spec]} asks for entity {@code e} to be
 * checked against {@code spec} once the whole transaction is applied: it must have every
 * attribute of the spec's {@code :db.entity/attrs} ({@code :db.error/entity-attr}), and each of
 * its {@code :db.entity/preds}, called with the database after the transaction and the entity id,
 * must return true ({@code :db.error/entity-pred}). The {@code :db/ensure} datoms themselves are
 * never stored.
 */
final class EntitySpecs {
    private EntitySpecs() {}


    /** One entity to check, and the spec to check it against. */
    record Ensure(long e, long spec) {}

    static void check(Db after, List<Ensure> ensures) {
        for (Ensure en : ensures) {
            Keyword specName = after.ident(en.spec());
            Object spec = specName != null ? specName : en.spec();
            List<Keyword> missing = new ArrayList<>();
            for (Datom d : after.datoms(Index.EAVT, en.spec(), BuiltIns.ENTITY_ATTRS, null)) {
                Keyword k = (Keyword) d.v();
                Attribute a = after.schema().attribute(k);
                if (a == null || !after.scan(Index.EAVT, en.e(), a.id(), null).hasNext()) missing.add(k);
            }
            if (!missing.isEmpty()) {
                throw new AccreteException(Errors.ENTITY_ATTR, "Entity " + en.e() + " missing attributes " + missing + " of spec " + spec,
                        Map.of(Keyword.of("entity"), en.e(), Keyword.of("spec"), spec, Keyword.of("missing"), List.copyOf(missing)));
            }
            for (Datom d : after.datoms(Index.EAVT, en.spec(), BuiltIns.ENTITY_PREDS, null)) {
                Symbol pred = (Symbol) d.v();
                String what = "Entity " + en.e() + " of spec " + spec;
                Object returned = AttributePredicates.call(pred, Errors.ENTITY_PRED, what, after, en.e());
                if (!AttributePredicates.truthy(returned)) {
                    throw AttributePredicates.failed(Errors.ENTITY_PRED, "Entity " + en.e() + " failed pred " + pred + " of spec " + spec, returned,
                            Map.of(Keyword.of("entity"), en.e(), Keyword.of("spec"), spec, Keyword.of("pred"), pred));
                }
            }
        }
    }
}
