package io.accrete.server.http.endpoints;

import io.accrete.engine.Connection;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.schema.Attribute;
import io.accrete.server.db.DbDescriptor;
import io.accrete.server.errors.ServerErrors;
import io.accrete.server.http.Access;
import io.accrete.server.http.Exchange;
import io.accrete.server.http.Route;
import io.accrete.server.http.Views;
import io.accrete.server.wire.ValueCoercion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.javalin.http.HandlerType.GET;

/**
 * Raw access: {@code GET /datoms?index=…&e=…&a=…&v=…&limit=…&offset=…},
 * {@code GET /index-range?a=…&start=…&end=…&limit=…&offset=…},
 * {@code GET /entity/{id-or-lookup-ref}} and {@code GET /tx-range?start=…&end=…&limit=…}.
 * Query-string components are EDN text ({@code e=[:person/email "a@b"]}, {@code a=:person/name},
 * {@code v="Ann"}); a bare word is taken as a string and converted by the attribute's type. The
 * database value may be chosen with {@code basis-t}, {@code as-of}, {@code since} and
 * {@code history=true}, as in a descriptor.
 */
public final class IndexEndpoints {
    static final int DEFAULT_LIMIT = 1000;

    private IndexEndpoints() {}

    public static List<Route> routes() {
        return List.of(
                Route.db(GET, "/datoms", Access.READ, IndexEndpoints::datoms),
                Route.db(GET, "/entity/<id>", Access.READ, IndexEndpoints::entity),
                Route.db(GET, "/tx-range", Access.READ, IndexEndpoints::txRange),
                Route.db(GET, "/index-range", Access.READ, IndexEndpoints::indexRange));
    }

    static CompletableFuture<Db> db(Exchange ex) {
        Long basis = Params.queryLong(ex.ctx.queryParam("basis-t"), "basis-t");
        // As-of and since points: a t, a transaction id, or an ISO-8601 instant.
        Date asOfAt = instant(ex.ctx.queryParam("as-of"), "as-of"), sinceAt = instant(ex.ctx.queryParam("since"), "since");
        Long asOf = asOfAt != null ? null : Params.queryLong(ex.ctx.queryParam("as-of"), "as-of");
        Long since = sinceAt != null ? null : Params.queryLong(ex.ctx.queryParam("since"), "since");
        boolean history = Params.queryBoolean(ex.ctx.queryParam("history"), "history");
        String with = ex.ctx.queryParam("with");
        if (with != null && !with.isBlank()) {
            return ex.services.resolver.resolve(new DbDescriptor(ex.dbName, basis, null, asOf, since, history, with, asOfAt, sinceAt));
        }
        if (basis == null && asOf == null && since == null && asOfAt == null && sinceAt == null && !history) {
            return ex.services.resolver.latest(ex.dbName, ex.requestedBasisT(null));
        }
        if (basis == null) {
            return ex.services.resolver.latest(ex.dbName, ex.requestedBasisT(null)).thenCompose(db -> ex.services.resolver.resolve(
                    new DbDescriptor(ex.dbName, db.basisT(), null, asOf, since, history, null, asOfAt, sinceAt)));
        }
        return ex.services.resolver.resolve(new DbDescriptor(ex.dbName, basis, null, asOf, since, history, null, asOfAt, sinceAt));
    }

    private static Date instant(String param, String name) {
        if (param == null || param.isBlank() || param.trim().matches("-?\\d+")) return null;
        return DbDescriptor.parseInstant(param.trim(), name);
    }

    static void datoms(Exchange ex) throws Exception {
        String indexName = ex.ctx.queryParam("index");
        Index index = indexName == null ? null : Index.parse(indexName);
        if (index == null) throw ServerErrors.invalid("index must be one of eavt, aevt, avet, vaet");
        int limit = limit(ex, DEFAULT_LIMIT);
        int offset = (int) Math.min(Integer.MAX_VALUE, orZero(Params.queryLong(ex.ctx.queryParam("offset"), "offset")));
        ex.when(db(ex), db -> {
            Object e = entityComponent(ex.ctx.queryParam("e"));
            Object a = component(ex.ctx.queryParam("a"));
            if (a instanceof String s) a = Keyword.of(s);
            Attribute attr = a == null ? null : db.attribute(a);
            Object v = value(ex, attr, "v");
            Object[] comps = switch (index) {
                case EAVT -> new Object[]{e, a, v};
                case AEVT -> new Object[]{a, e, v};
                case AVET -> new Object[]{a, v, e};
                case VAET -> new Object[]{v, a, e};
            };
            ex.respond(200, page(db, db.datoms(index, comps), offset, limit));
        });
    }

    /**
     * {@code GET /index-range?a=…&start=…&end=…&limit=…&offset=…}: the AVET datoms of {@code a} with
     * start <= v < end (either left out: unbounded), as Datomic's index-range; read by seeking, not
     * by reading the attribute from its first value.
     */
    static void indexRange(Exchange ex) throws Exception {
        if (ex.ctx.queryParam("a") == null) throw ServerErrors.invalid("a, the attribute, is required, e.g. a=:person/age");
        int limit = limit(ex, DEFAULT_LIMIT);
        int offset = (int) Math.min(Integer.MAX_VALUE, orZero(Params.queryLong(ex.ctx.queryParam("offset"), "offset")));
        ex.when(db(ex), db -> {
            Object a = component(ex.ctx.queryParam("a"));
            if (a instanceof String s) a = Keyword.of(s);
            Attribute attr = db.rangedAttribute(a);
            ex.respond(200, page(db, db.indexRange(a, value(ex, attr, "start"), value(ex, attr, "end")), offset, limit));
        });
    }

    private static List<Object> page(Db db, Iterable<Datom> datoms, int offset, int limit) {
        List<Object> out = new ArrayList<>();
        int skipped = 0;
        for (Datom d : datoms) {
            if (skipped++ < offset) continue;
            if (out.size() >= limit) break;
            out.add(Views.datom(db, d));
        }
        return out;
    }

    /**
     * A value given in the query string for {@code attr}: EDN, or a bare word converted by the
     * attribute's type. A number of another type is looked up by value, as Datomic does; anything
     * else that is no value of the attribute is refused.
     */
    private static Object value(Exchange ex, Attribute attr, String param) {
        Object v = component(ex.ctx.queryParam(param));
        if (v == null || attr == null || attr.type().accept(v) != null || attr.isRef()) return v;
        Object coerced = ValueCoercion.coerce(attr.type(), v instanceof String ? v : ex.ctx.queryParam(param));
        if (attr.type().accept(coerced) != null) return coerced;
        if (v instanceof Number) return v;
        throw Errors.error(Errors.WRONG_TYPE, param + " " + ex.ctx.queryParam(param) + " is not a valid " + attr.type().ident()
                + " for attribute " + attr.ident());
    }

    static void entity(Exchange ex) throws Exception {
        Object id = component(ex.ctx.pathParam("id"));
        ex.when(db(ex), db -> {
            Long e = id instanceof String s && s.matches("\\d{1,19}") ? Long.valueOf(s) : db.entid(id);
            if (e == null) throw Errors.error(Errors.NOT_AN_ENTITY, "Nothing is known about the entity", id);
            Map<Keyword, Object> m = new LinkedHashMap<>();
            m.put(Keyword.of("db/id"), e);
            for (Datom d : db.datoms(Index.EAVT, e)) {
                Attribute attr = db.attribute((long) d.a());
                Keyword k = attr != null ? attr.ident() : Keyword.of(Long.toString(d.a()));
                Object v = attr != null && attr.isRef() ? Map.of(Keyword.of("db/id"), d.v()) : d.v();
                if (attr != null && attr.many()) {
                    @SuppressWarnings("unchecked")
                    Set<Object> set = (Set<Object>) m.computeIfAbsent(k, x -> new LinkedHashSet<>());
                    set.add(v);
                } else {
                    m.put(k, v);
                }
            }
            ex.respond(200, m);
        });
    }

    static void txRange(Exchange ex) {
        Long start = Params.queryLong(ex.ctx.queryParam("start"), "start");
        Long end = Params.queryLong(ex.ctx.queryParam("end"), "end");
        int limit = limit(ex, DEFAULT_LIMIT);
        Connection c = ex.conn();
        Db db = c.db();
        List<Object> out = new ArrayList<>();
        for (Connection.LogTx tx : c.txRange(start, end, limit)) {
            Map<Keyword, Object> m = new LinkedHashMap<>();
            m.put(Keyword.of("t"), tx.t());
            m.put(Keyword.of("data"), Views.datoms(db, tx.datoms()));
            out.add(m);
        }
        ex.respond(200, out);
    }

    private static int limit(Exchange ex, int dflt) {
        Long l = Params.queryLong(ex.ctx.queryParam("limit"), "limit");
        return (int) Math.min(l == null ? dflt : l, ex.services.config.resultLimit());
    }

    private static long orZero(Long l) { return l == null ? 0 : l; }

    /** An entity id, ident or lookup ref in EDN; anything else is refused rather than matching nothing. */
    static Object entityComponent(String text) {
        Object e = component(text);
        if (e == null || e instanceof Long || e instanceof Keyword || e instanceof List<?>) return e;
        throw ServerErrors.error(ServerErrors.INVALID_REQUEST, "e must be an entity id, an ident or a lookup ref in EDN", "value", text);
    }

    /** EDN text; a bare word that is not EDN data (or reads as a symbol) is a string. */
    static Object component(String text) {
        if (text == null || text.isEmpty()) return null;
        try {
            Object v = Edn.read(text);
            return v instanceof io.accrete.engine.data.Symbol ? text : v;
        } catch (RuntimeException e) {
            return text;
        }
    }
}
