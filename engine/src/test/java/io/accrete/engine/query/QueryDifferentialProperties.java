package io.accrete.engine.query;

import io.accrete.engine.Connection;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.Index;
import io.accrete.engine.query.NaiveEvaluator.*;
import io.accrete.engine.tx.TxFunctions;
import io.accrete.engine.tx.TxReport;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random facts, random queries (patterns with constants and joins, predicates, not, or-join,
 * recursive rules, count aggregates): the engine must agree with {@link NaiveEvaluator}, on a
 * database and on the same facts given as a collection of tuples, in written clause order and
 * reversed.
 */
class QueryDifferentialProperties {
    private static final String SCHEMA = """
        [{:db/ident :t/p :db/valueType :db.type/long :db/cardinality :db.cardinality/many}
         {:db/ident :t/q :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :t/r :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}]""";
    private static final Db SCHEMA_DB = Connection.speculate(Db.bootstrap(), (List<?>) Edn.read(SCHEMA),
            TxFunctions.fromServiceLoader()).dbAfter();
    /** Entity variables (e position, ref values) and value variables (long values), so joins meet. */
    private static final String[] EVARS = {"?a", "?b", "?c"};
    private static final String[] VVARS = {"?x", "?y"};
    private static final String[] ATTRS = {"t/p", "t/q", "t/r"};
    private static final String[] OPS = {"<", ">", "<=", ">=", "=", "!="};

    @Property(tries = 400)
    void engineAgreesWithNaiveEvaluator(@ForAll long seed) {
        Random rnd = new Random(seed);
        Db db = randomDb(rnd);
        List<Fact> facts = facts(db);
        List<Object> tuples = new ArrayList<>();
        for (Fact f : facts) tuples.add(List.of(f.e(), Keyword.of(f.attr()), f.v()));

        List<C> clauses = new ArrayList<>();
        Set<String> bound = new LinkedHashSet<>();
        int local = 0;
        int positives = 1 + rnd.nextInt(3);
        for (int i = 0; i < positives; i++) clauses.add(positive(rnd, bound, i == 0));
        if (rnd.nextInt(3) == 0) clauses.add(rule(rnd, bound, facts));
        if (rnd.nextInt(4) == 0) {
            String j = pickEntity(rnd, bound);
            List<List<C>> branches = new ArrayList<>();
            for (int b = 0; b < 2; b++) {
                String l = "?o" + (local++);
                branches.add(rnd.nextBoolean()
                        ? List.of(new P(j, ATTRS[rnd.nextInt(3)], constOr(rnd, l, facts)))
                        : List.of(new P(j, "t/r", l), new P(l, ATTRS[rnd.nextInt(2)], (long) rnd.nextInt(4))));
            }
            clauses.add(new OrJoin(List.of(j), branches));
        }
        int filters = rnd.nextInt(3);
        for (int i = 0; i < filters; i++) {
            if (rnd.nextBoolean()) {
                String x = pick(rnd, bound);
                List<String> same = new ArrayList<>();
                for (String v : bound) if (v.charAt(1) >= 'x' == x.charAt(1) >= 'x') same.add(v);
                clauses.add(new Pred(OPS[rnd.nextInt(OPS.length)], x,
                        rnd.nextBoolean() || x.charAt(1) < 'x' ? same.get(rnd.nextInt(same.size())) : (Object) (long) rnd.nextInt(5)));
            } else {
                String l = "?n" + (local++);
                String x = pickEntity(rnd, bound);
                clauses.add(new Not(rnd.nextBoolean()
                        ? List.of(new P(x, ATTRS[rnd.nextInt(3)], rnd.nextBoolean() ? l : (Object) (long) rnd.nextInt(4)))
                        : List.of(new P(x, ATTRS[rnd.nextInt(2)], l), new Pred("<", l, (long) rnd.nextInt(5)))));
            }
        }
        List<String> find = new ArrayList<>();
        for (String v : bound) if (rnd.nextBoolean()) find.add(v);
        if (find.isEmpty()) find.add(bound.iterator().next());
        boolean count = find.size() >= 2 && rnd.nextInt(4) == 0;

        NaiveEvaluator naive = new NaiveEvaluator(facts);
        Set<List<Object>> expected = count
                ? naive.runCount(clauses, find.subList(0, find.size() - 1), find.get(find.size() - 1))
                : naive.run(clauses, find);
        String findSpec = count
                ? String.join(" ", find.subList(0, find.size() - 1)) + " (count " + find.get(find.size() - 1) + ")"
                : String.join(" ", find);
        Statistics.label("result").collect(expected.isEmpty() ? "empty" : expected.size() < 4 ? "1-3" : "4+");
        Statistics.label("clauses").collect(clauses.stream().map(c -> c.getClass().getSimpleName()).distinct().sorted().toList().toString());
        List<C> reversed = new ArrayList<>(clauses);
        java.util.Collections.reverse(reversed);
        for (List<C> order : List.of(clauses, reversed)) {
            String q = "[:find " + findSpec + " :in $ % :where" + NaiveEvaluator.render(order) + "]";
            assertEquals(expected, Query.q(q, db, NaiveEvaluator.RULES), q + " on " + facts);
            assertEquals(expected, Query.q(q, tuples, NaiveEvaluator.RULES), q + " on tuples " + facts);
        }
    }

    private static C positive(Random rnd, Set<String> bound, boolean first) {
        String e = first || rnd.nextInt(3) == 0 ? EVARS[rnd.nextInt(EVARS.length)] : pickEntity(rnd, bound);
        String attr = ATTRS[rnd.nextInt(3)];
        Object v = attr.equals("t/r") ? EVARS[rnd.nextInt(EVARS.length)]
                : rnd.nextInt(4) == 0 ? (Object) (long) rnd.nextInt(4) : VVARS[rnd.nextInt(VVARS.length)];
        bound.add(e);
        if (v instanceof String s) bound.add(s);
        return new P(e, attr, v);
    }

    private static C rule(Random rnd, Set<String> bound, List<Fact> facts) {
        if (rnd.nextBoolean()) {
            String x = rnd.nextBoolean() ? pickEntity(rnd, bound) : EVARS[rnd.nextInt(EVARS.length)];
            bound.add(x);
            return new RuleCall("small", List.of(x));
        }
        Object x = rnd.nextInt(4) == 0 && !facts.isEmpty() ? (Object) facts.get(rnd.nextInt(facts.size())).e() : pickEntity(rnd, bound);
        String y = EVARS[rnd.nextInt(EVARS.length)];
        if (x instanceof String s) bound.add(s);
        bound.add(y);
        return new RuleCall("reach", rnd.nextBoolean() ? List.of(x, y) : List.of(y, x));
    }

    private static String pickEntity(Random rnd, Set<String> bound) {
        List<String> l = new ArrayList<>();
        for (String v : bound) if (v.charAt(1) < 'x') l.add(v);
        return l.get(rnd.nextInt(l.size()));
    }

    private static Object constOr(Random rnd, String local, List<Fact> facts) {
        return rnd.nextBoolean() ? local : (Object) (long) rnd.nextInt(4);
    }

    private static String pick(Random rnd, Set<String> bound) {
        List<String> l = new ArrayList<>(bound);
        return l.get(rnd.nextInt(l.size()));
    }

    /** 1–7 entities with small long values and ref edges among them (cycles included). */
    private static Db randomDb(Random rnd) {
        int n = 1 + rnd.nextInt(9);
        List<Object> tx = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<Object, Object> ent = new LinkedHashMap<>();
            ent.put(Keyword.of("db/id"), "e" + i);
            int ps = rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(2);
            List<Long> pv = new ArrayList<>();
            for (int k = 0; k < ps; k++) pv.add((long) rnd.nextInt(4));
            if (!pv.isEmpty()) ent.put(Keyword.of("t/p"), pv);
            if (rnd.nextInt(4) > 0) ent.put(Keyword.of("t/q"), (long) rnd.nextInt(4));
            List<String> refs = new ArrayList<>();
            for (int k = 0, m = rnd.nextInt(4); k < m; k++) refs.add("e" + rnd.nextInt(n));
            if (!refs.isEmpty()) ent.put(Keyword.of("t/r"), refs);
            if (ent.size() == 1) ent.put(Keyword.of("t/q"), 0L);
            tx.add(ent);
        }
        TxReport r = Connection.speculate(SCHEMA_DB, tx, TxFunctions.fromServiceLoader());
        return r.dbAfter();
    }

    private static List<Fact> facts(Db db) {
        List<Fact> out = new ArrayList<>();
        for (String a : ATTRS) {
            int id = db.attribute(Keyword.of(a)).id();
            for (Datom d : db.datoms(Index.AEVT, Db.ANY_E, id, null)) out.add(new Fact(d.e(), a, (Long) d.v()));
        }
        return out;
    }
}
