package io.accrete.engine.query;

import io.accrete.engine.data.Edn;
import io.accrete.engine.db.Db;
import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Answers where Accrete once differed from the Datomic 1.0.7622 peer, found by
 * {@code DatomicQueryDifferentialProperties}; each expected value is what Datomic returns.
 */
class DatomicQueryParityTest {
    static TempDb temp;
    static Db db;

    @BeforeAll static void setUp() {
        temp = TempDb.open();
        temp.tx("[{:db/ident :x/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                + " {:db/ident :x/longs :db/valueType :db.type/long :db/cardinality :db.cardinality/many}]");
        db = temp.tx("[{:x/name \"a\" :x/longs [1 4]} {:x/name \"b\" :x/longs [4 2]}]").dbAfter();
    }

    @AfterAll static void tearDown() { temp.close(); }

    /** Sorted, so that a bag compares with its duplicates. */
    static List<Object> sorted(Object result) {
        List<Object> l = new ArrayList<>((Collection<?>) result);
        l.sort((x, y) -> x.toString().compareTo(y.toString()));
        return l;
    }

    @Test void withKeepsDuplicatesWithoutAggregates() {
        Object r = Query.q("[:find ?v :with ?e :where [?e :x/longs ?v]]", db);
        assertInstanceOf(List.class, r);
        assertEquals(Edn.read("[[1] [2] [4] [4]]"), sorted(r));
        assertEquals(Edn.read("[[\"a\"] [\"a\"] [\"b\"] [\"b\"]]"),
                sorted(Query.q("[:find ?n :with ?v :where [?e :x/name ?n] [?e :x/longs ?v]]", db)));
        assertEquals(Edn.read("[{:v 1} {:v 2} {:v 4} {:v 4}]"),
                sorted(Query.q("[:find ?v :keys v :with ?e :where [?e :x/longs ?v]]", db)));
    }

    @Test void withoutWithARelationIsASet() {
        assertEquals(Edn.read("#{[1] [2] [4]}"), Query.q("[:find ?v :where [?e :x/longs ?v]]", db));
    }

    @Test void withAndAggregatesStillGroup() {
        assertEquals(Edn.read("#{[11]}"), Query.q("[:find (sum ?v) :with ?e :where [?e :x/longs ?v]]", db));
    }

    @Test void medianOfAnEvenCountTruncatesLikeQuot() {
        String q = "[:find (median ?v) . :in [?v ...]]";
        assertEquals(1L, Query.q(q, List.of(1L, 2L)));
        assertEquals(2L, Query.q(q, List.of(1L, 4L)));
        assertEquals(3L, Query.q(q, List.of(1L, 2L, 3L, 4L, 5L, 6L)));
        assertEquals(1.0, Query.q(q, List.of(1.0, 2.0)));
        assertEquals(-1L, Query.q(q, List.of(-1L, -2L)));
        assertEquals(2L, Query.q(q, List.of(1L, 2L, 3L)));
        // duplicates count under :with
        assertEquals(3L, Query.q("[:find (median ?v) . :with ?e :where [?e :x/longs ?v]]", db));
    }

    @Test void nilIsAnArgumentAndANilResultBindsNothing() {
        assertEquals(Edn.read("#{}"), Query.q("[:find ?v :where [(identity nil) ?v]]"));
        assertEquals(null, Query.q("[:find ?v . :where [(ground nil) ?v]]"));
        assertEquals(Edn.read("#{[\"a\"] [\"b\"]}"), Query.q("[:find ?n :where [?e :x/name ?n] [(nil? nil)]]", db));
        assertEquals(Edn.read("#{[[nil 1]]}"), Query.q("[:find ?t :where [(tuple nil 1) ?t]]"));
    }
}
