package io.accrete.engine.pull;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.tx.TxReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.accrete.engine.pull.MusicFixture.map;
import static io.accrete.engine.pull.PullAssert.assertPull;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Recursion, cycles and depth limits. The expected values are what the Datomic 1.0.7622 peer
 * returned for the same graphs: an entity reached again while on the path below the root is pulled
 * once more with its recursive attributes cut to stubs (the root itself never counts as seen), and
 * stubs carry only {@code :db/id} when asked.
 */
class PullRecursionTest {
    static MusicFixture f;
    static TxReport chain;
    static Db db;

    @BeforeAll static void setUp() {
        f = new MusicFixture();
        // A -> B, D1, D2; B <-> C (a cycle below the root); D1 -> E <- D2 (a diamond); H owns a component that owns H back.
        chain = f.tdb.tx("""
                [{:db/id "a" :person/name "A" :person/friend ["b" "d1" "d2"] :person/spouse "b"}
                 {:db/id "b" :person/name "B" :person/friend ["c"] :person/age 5}
                 {:db/id "c" :person/name "C" :person/friend ["b"]}
                 {:db/id "d1" :person/name "D1" :person/friend ["e"]}
                 {:db/id "d2" :person/name "D2" :person/friend ["e"]}
                 {:db/id "e" :person/name "E"}
                 {:db/id "h" :person/name "H" :person/address "ad"}
                 {:db/id "ad" :address/street "S" :address/owner "h"}]""");
        db = f.db();
    }

    @AfterAll static void tearDown() { f.close(); }

    static long c(String tempid) { return chain.tempid(tempid); }

    static Map<Keyword, Object> pull(String pattern, Object eid) { return Pull.pull(db, pattern, eid); }

    @Test void unboundedRecursionPullsTheRootAgainAndStopsBelowIt() {
        // The root does not count as seen: a cycle back to it pulls it again in full, and the
        // cycle ends at the first entity below the root that comes round again.
        assertPull(map("""
                {:db/id %1$d :person/name "Ann"
                 :person/friend [{:db/id %2$d :person/name "Bob"
                                  :person/friend [{:db/id %3$d :person/name "Cid"
                                                   :person/friend [{:db/id %4$d :person/name "Dan"
                                                                    :person/friend [{:db/id %5$d :person/name "Eve"
                                                                                     :person/friend [{:db/id %1$d :person/name "Ann"
                                                                                                      :person/friend [{:db/id %2$d :person/name "Bob" :person/friend [{:db/id %3$d}]}
                                                                                                                      {:db/id %3$d :person/name "Cid" :person/friend [{:db/id %4$d}]}]}]}]}]}]}
                                 {:db/id %3$d :person/name "Cid"
                                  :person/friend [{:db/id %4$d :person/name "Dan"
                                                   :person/friend [{:db/id %5$d :person/name "Eve"
                                                                    :person/friend [{:db/id %1$d :person/name "Ann"
                                                                                     :person/friend [{:db/id %2$d :person/name "Bob"
                                                                                                      :person/friend [{:db/id %3$d :person/name "Cid" :person/friend [{:db/id %4$d}]}]}
                                                                                                     {:db/id %3$d :person/name "Cid" :person/friend [{:db/id %4$d}]}]}]}]}]}]}""",
                        f.id("ann"), f.id("bob"), f.id("cid"), f.id("dan"), f.id("eve")),
                pull("[:db/id :person/name {:person/friend ...}]", f.id("ann")));
        assertPull(map("""
                {:person/name "Dan"
                 :person/friend [{:person/name "Eve"
                                  :person/friend [{:person/name "Ann"
                                                   :person/friend [{:person/name "Bob" :person/friend [{:person/name "Cid" :person/friend [{:person/name "Dan" :person/friend [{:person/name "Eve"}]}]}]}
                                                                   {:person/name "Cid" :person/friend [{:person/name "Dan" :person/friend [{:person/name "Eve"}]}]}]}]}]}"""),
                pull("[:person/name {:person/friend ...}]", f.id("dan")));
    }

    @Test void aPullInAQueryCountsTheRootAsSeen() {
        // Datomic's query pull, unlike its pull API, ends a cycle where it meets the root.
        assertEquals(map("""
                {:person/name "Ann"
                 :person/friend [{:person/name "Bob" :person/friend [{:person/name "Cid" :person/friend [{:person/name "Dan" :person/friend [{:person/name "Eve" :person/friend [{:person/name "Ann"}]}]}]}]}
                                 {:person/name "Cid" :person/friend [{:person/name "Dan" :person/friend [{:person/name "Eve" :person/friend [{:person/name "Ann"}]}]}]}]}"""),
                io.accrete.engine.query.Query.q("[:find (pull ?e [:person/name {:person/friend ...}]) . :in $ ?e]", db, f.id("ann")));
    }

    @Test void anEntityEnteredThroughANestedPatternCountsAsSeen() {
        // Ann is the root, so the cycle pulls her again; Bob, entered through :person/spouse, is
        // on the path and comes round cut.
        assertPull(map("""
                {:person/name "Ann"
                 :person/spouse {:person/name "Bob"
                                 :person/friend [{:person/name "Cid"
                                                  :person/friend [{:person/name "Dan"
                                                                   :person/friend [{:person/name "Eve"
                                                                                    :person/friend [{:person/name "Ann"
                                                                                                     :person/friend [{:person/name "Bob"} {:person/name "Cid"}]}]}]}]}]}}"""),
                pull("[:person/name {:person/spouse [:person/name {:person/friend ...}]}]", f.id("ann")));
    }

    @Test void depthLimitLeavesStubsWhenDbIdIsAsked() {
        assertPull(map("""
                {:db/id %1$d :person/name "Ann"
                 :person/friend [{:db/id %2$d :person/name "Bob" :person/friend [{:db/id %3$d :person/name "Cid" :person/friend [{:db/id %4$d}]}]}
                                 {:db/id %3$d :person/name "Cid" :person/friend [{:db/id %4$d :person/name "Dan" :person/friend [{:db/id %5$d}]}]}]}""",
                        f.id("ann"), f.id("bob"), f.id("cid"), f.id("dan"), f.id("eve")),
                pull("[:db/id :person/name {:person/friend 2}]", f.id("ann")));
    }

    @Test void depthLimitDropsTheAttributeWithoutDbId() {
        assertPull(map("{:person/name \"Ann\" :person/friend [{:person/name \"Bob\"} {:person/name \"Cid\"}]}"),
                pull("[:person/name {:person/friend 1}]", f.id("ann")));
    }

    @Test void severalRecursiveAttributesCountDepthSeparately() {
        assertPull(map("""
                {:person/name "Ann"
                 :person/friend [{:person/name "Bob"
                                  :person/friend [{:person/name "Cid" :person/enemy [{:person/name "Ann"}]}]
                                  :person/enemy [{:person/name "Dan" :person/friend [{:person/name "Eve"}]}]}
                                 {:person/name "Cid" :person/friend [{:person/name "Dan"}]
                                  :person/enemy [{:person/name "Ann"
                                                  :person/friend [{:person/name "Bob" :person/enemy [{:person/name "Dan"}]} {:person/name "Cid"}]}]}]}"""),
                pull("[:person/name {:person/friend 2 :person/enemy 2}]", f.id("ann")));
    }

    @Test void cycleBelowTheRootAndADiamond() {
        assertPull(map("""
                {:db/id %1$d :person/name "A"
                 :person/friend [{:db/id %2$d :person/name "B"
                                  :person/friend [{:db/id %3$d :person/name "C" :person/friend [{:db/id %2$d :person/name "B" :person/friend [{:db/id %3$d}]}]}]}
                                 {:db/id %4$d :person/name "D1" :person/friend [{:db/id %6$d :person/name "E"}]}
                                 {:db/id %5$d :person/name "D2" :person/friend [{:db/id %6$d :person/name "E"}]}]}""",
                        c("a"), c("b"), c("c"), c("d1"), c("d2"), c("e")),
                pull("[:db/id :person/name {:person/friend ...}]", c("a")));
        assertPull(map("""
                {:person/name "A"
                 :person/friend [{:person/name "B" :person/friend [{:person/name "C" :person/friend [{:person/name "B"}]}]}
                                 {:person/name "D1" :person/friend [{:person/name "E"}]}
                                 {:person/name "D2" :person/friend [{:person/name "E"}]}]}"""),
                pull("[:person/name {:person/friend ...}]", c("a")));
    }

    @Test void stubsCarryNoDefaults() {
        assertPull(map("{:person/age 0 :person/friend [{:person/age 5} {:person/age 0} {:person/age 0}]}"),
                pull("[(:person/age :default 0) {:person/friend 1}]", c("a")));
        assertPull(map("""
                {:db/id %1$d :person/age 0
                 :person/friend [{:db/id %2$d :person/age 5 :person/friend [{:db/id %3$d}]}
                                 {:db/id %4$d :person/age 0 :person/friend [{:db/id %6$d}]}
                                 {:db/id %5$d :person/age 0 :person/friend [{:db/id %6$d}]}]}""",
                        c("a"), c("b"), c("c"), c("d1"), c("d2"), c("e")),
                pull("[:db/id (:person/age :default 0) {:person/friend 1}]", c("a")));
    }

    @Test void asOnARecursiveAttributeAndOnDbId() {
        // Datomic ignores :as on :db/id.
        assertPull(map("""
                {:db/id %1$d "f" [{:db/id %2$d "f" [{:db/id %3$d}]} {:db/id %4$d "f" [{:db/id %6$d}]} {:db/id %5$d "f" [{:db/id %6$d}]}]}""",
                        c("a"), c("b"), c("c"), c("d1"), c("d2"), c("e")),
                pull("[[:db/id :as \"id\"] {[:person/friend :as \"f\"] 1}]", c("a")));
    }

    @Test void reverseRecursion() {
        assertPull(map("""
                {:person/name "E" :person/_friend [{:person/name "D1" :person/_friend [{:person/name "A"}]}
                                                   {:person/name "D2" :person/_friend [{:person/name "A"}]}]}"""),
                pull("[:person/name {:person/_friend ...}]", c("e")));
    }

    @Test void recursionInsideANestedPattern() {
        assertPull(map("{:person/name \"A\" :person/spouse {:person/name \"B\" :person/friend [{:person/name \"C\" :person/friend [{:person/name \"B\"}]}]}}"),
                pull("[:person/name {:person/spouse [:person/name {:person/friend ...}]}]", c("a")));
    }

    @Test void wildcardRecursion() {
        // Datomic's peer fails on this pattern (NullPointerException); here * just recurses.
        Map<Keyword, Object> r = pull("[* {:person/friend 1}]", c("b"));
        assertPull(map("""
                {:db/id %1$d :person/name "B" :person/age 5
                 :person/friend [{:db/id %2$d :person/name "C" :person/friend [{:db/id %1$d}]}]}""", c("b"), c("c")), r);
    }

    @Test void componentCyclesEndInStubs() {
        // Datomic's peer overflows its stack here.
        // As with recursion, the root does not count as seen: it is expanded once more.
        assertPull(map("{:db/id %1$d :person/name \"H\" :person/address {:db/id %2$d :address/street \"S\""
                        + " :address/owner {:db/id %1$d :person/name \"H\" :person/address {:db/id %2$d}}}}",
                c("h"), c("ad")), pull("[*]", c("h")));
        assertPull(map("{:person/name \"H\" :address/_owner {:db/id %d}}", c("ad")), pull("[:person/name :address/_owner]", c("h")));
    }

    @Test void recursionOverComponents() {
        assertPull(map("{:person/name \"Ann\"}"), pull("[:person/name {:person/address 1}]", f.id("ann")));
        assertPull(map("{:person/address {:address/street \"Main St\"}}"), pull("[{:person/address [:address/street]}]", f.id("ann")));
    }

    @Test void deepChains() {
        StringBuilder tx = new StringBuilder("[");
        int n = 1500;
        for (int i = 0; i < n; i++) {
            tx.append("{:db/id \"p").append(i).append("\" :person/name \"Person-").append(i).append('"');
            if (i + 1 < n) tx.append(" :person/friend [\"p").append(i + 1).append("\"]");
            tx.append('}');
        }
        TxReport r = f.tdb.tx(tx.append(']').toString());
        Db deep = r.dbAfter();
        Map<?, ?> m = Pull.pull(deep, "[:person/name {:person/friend ...}]", r.tempid("p0"));
        int hops = 0;
        while (m.get(Keyword.of("person/friend")) != null) {
            m = (Map<?, ?>) ((List<?>) m.get(Keyword.of("person/friend"))).get(0);
            hops++;
        }
        assertEquals(n - 1, hops);
        assertEquals("Person-" + (n - 1), m.get(Keyword.of("person/name")));
    }
}
