package io.accrete.engine.query;

import io.accrete.engine.Connection;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.tx.TxFunctions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The benchmark queries of the issue on 201,000 people, timed roughly (the real figures come
 * from bench/). Runs only with -Daccrete.perf=true.
 */
class QueryPerfProbe {
    @Test void benchmarkQueries() {
        assumeTrue(Boolean.getBoolean("accrete.perf"));
        TxFunctions fns = TxFunctions.fromServiceLoader();
        Db db = Connection.speculate(Db.bootstrap(), (List<?>) Edn.read("""
            [{:db/ident :person/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
             {:db/ident :person/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
             {:db/ident :person/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
             {:db/ident :person/city :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
             {:db/ident :person/friend :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}]"""), fns).dbAfter();
        int n = 201_000;
        Random rnd = new Random(1);
        long t0 = System.nanoTime();
        for (int start = 0; start < n; start += 10_000) {
            List<Object> tx = new ArrayList<>();
            for (int i = start; i < Math.min(n, start + 10_000); i++) {
                Map<Object, Object> m = new LinkedHashMap<>();
                m.put(Keyword.of("person/name"), "person-" + i);
                m.put(Keyword.of("person/email"), "p" + i + "@example.com");
                m.put(Keyword.of("person/age"), (long) (18 + rnd.nextInt(60)));
                m.put(Keyword.of("person/city"), "city-" + rnd.nextInt(50));
                if (start > 0) m.put(Keyword.of("person/friend"), List.of(Keyword.of("person/name"), "person-" + rnd.nextInt(start)));
                tx.add(m);
            }
            db = Connection.speculate(db, tx, fns).dbAfter();
        }
        System.out.printf("load: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        Db asOf = db.asOf(db.basisT());
        Object q1 = Edn.read("[:find ?e :in $ ?name :where [?e :person/name ?name]]");
        Object q2 = Edn.read("[:find ?n2 :in $ ?n :where [?p :person/name ?n] [?p :person/friend ?f] [?f :person/name ?n2]]");
        Object q3 = Edn.read("[:find ?c (count ?p) :where [?p :person/city ?c]]");
        Object q4 = Edn.read("[:find (count ?p) . :where [?p :person/age ?a] [(< 30 ?a)] [(< ?a 40)]]");
        Db fdb = db;
        int cityA = db.attribute(Keyword.of("person/city")).id();
        time("raw AEVT scan", 20, i -> { long c = 0; for (var d : fdb.datoms(io.accrete.engine.index.Index.AEVT, Db.ANY_E, cityA, null)) c++; return c; });
        time("raw count estimate", 20, i -> fdb.estimateCount(io.accrete.engine.index.Index.AEVT, Db.ANY_E, cityA, null));
        QueryModel.Pattern pat = (QueryModel.Pattern) QueryParser.parseClause(Edn.read("[?p :person/city ?c]"));
        time("PatternScan.scan", 20, i -> new PatternScan(pat, new Source.DbSource(fdb)).scan(Deadline.NONE));
        Relation rel = new PatternScan(pat, new Source.DbSource(fdb)).scan(Deadline.NONE);
        time("project", 20, i -> rel.project(List.of(io.accrete.engine.data.Symbol.of("?c"), io.accrete.engine.data.Symbol.of("?p")), Deadline.NONE));
        time("unique lookup", 20000, i -> Query.q(q1, fdb, "person-" + (i % n)));
        time("one hop", 20000, i -> Query.q(q2, fdb, "person-" + (10_000 + i % (n - 10_000))));
        time("count by city", 20, i -> Query.q(q3, fdb));
        time("count age range", 20, i -> Query.q(q4, fdb));
        time("unique lookup as-of", 20000, i -> Query.q(q1, asOf, "person-" + (i % n)));
        assertEquals(50, ((java.util.Set<?>) Query.q(q3, db)).size());
    }

    private static void time(String name, int iters, java.util.function.IntFunction<Object> f) {
        for (int i = 0; i < iters; i++) f.apply(i);
        long[] ns = new long[iters];
        for (int i = 0; i < iters; i++) {
            long s = System.nanoTime();
            f.apply(i);
            ns[i] = System.nanoTime() - s;
        }
        java.util.Arrays.sort(ns);
        System.out.printf("%-22s p50 %8.1f µs%n", name, ns[iters / 2] / 1000.0);
    }
}
