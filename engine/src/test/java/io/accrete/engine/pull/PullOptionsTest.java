package io.accrete.engine.pull;

import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.tx.TxReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import static io.accrete.engine.pull.MusicFixture.map;
import static io.accrete.engine.pull.PullAssert.assertPull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** :limit, :default, :as, :xform and wildcard combinations; expectations follow the Datomic peer. */
class PullOptionsTest {
    static MusicFixture f;
    static Db db;
    static long many;

    @BeforeAll static void setUp() {
        f = new MusicFixture();
        StringBuilder akas = new StringBuilder();
        for (int i = 0; i < 1500; i++) akas.append(" \"aka-").append(String.format("%04d", i)).append('"');
        TxReport r = f.tdb.tx("[{:db/id \"m\" :person/name \"Many\" :person/aka [" + akas + "]}]");
        many = r.tempid("m");
        Xforms.register("clojure.core/count", v -> v == null ? 0L : (long) ((Collection<?>) v).size());
        Xforms.register("clojure.core/first", v -> v == null ? null : ((List<?>) v).get(0));
        Xforms.register("clojure.core/identity", v -> v);
        Xforms.register("test/explode", v -> { throw new IllegalStateException("boom"); });
        db = f.db();
    }

    @AfterAll static void tearDown() { f.close(); }

    static Map<Keyword, Object> pull(String pattern, Object eid) { return Pull.pull(db, pattern, eid); }

    static int count(String pattern, String key) {
        return ((List<?>) pull(pattern, many).get(Keyword.of(key))).size();
    }

    @Test void cardinalityManyLimits() {
        assertEquals(1000, count("[:person/aka]", "person/aka"));
        assertEquals(1000, count("[*]", "person/aka"));
        assertEquals(500, count("[(limit :person/aka 500)]", "person/aka"));
        assertEquals(1200, count("[[:person/aka :limit 1200]]", "person/aka"));
        assertEquals(1500, count("[(:person/aka :limit nil)]", "person/aka"));
        assertEquals(1500, count("[(limit :person/aka nil)]", "person/aka"));
        assertEquals("aka-0000", ((List<?>) pull("[[:person/aka :limit 1]]", many).get(Keyword.of("person/aka"))).get(0));
    }

    @Test void limitsOfZeroOrLessGiveNothingAndLimitIgnoresCardinalityOne() {
        assertNull(pull("[[:person/aka :limit 0]]", f.id("ann")));
        assertNull(pull("[[:person/aka :limit -1]]", f.id("ann")));
        assertPull(map("{:person/name \"Ann\"}"), pull("[[:person/name :limit 1]]", f.id("ann")));
    }

    @Test void limitOnReverseAndInMapSpecKeys() {
        long first = Math.min(f.id("ann"), f.id("bob"));
        assertPull(map("{:person/_friend [{:db/id %d}]}", first), pull("[[:person/_friend :limit 1]]", f.id("cid")));
        assertEquals(1, ((List<?>) pull("[{(:person/friend :limit 1) [:person/name]}]", f.id("ann")).get(Keyword.of("person/friend"))).size());
    }

    @Test void defaults() {
        assertPull(map("{:person/_friend :none}"), pull("[[:person/_friend :default :none]]", f.id("zep")));
        assertPull(map("{:person/spouse :none}"), pull("[[:person/spouse :default :none]]", f.id("bob")));
        assertPull(map("{:person/spouse :none}"), pull("[{[:person/spouse :default :none] [:person/name]}]", f.id("bob")));
        assertPull(map("{\"age\" 0}"), pull("[[:person/age :default 0 :as \"age\"]]", f.id("cid")));
        assertNull(pull("[[:person/age :default nil]]", f.id("cid")));
        assertPull(map("{:person/aka []}"), pull("[[:person/aka :limit 1 :default []]]", f.id("bob")));
        assertPull(map("{:no/such-attr 7}"), pull("[(default :no/such-attr 7)]", f.id("bob")));
    }

    @Test void asRenamesAnyAttributeAndNilIsIgnored() {
        assertPull(map("{\"fans\" [{:db/id %d} {:db/id %d}]}", f.id("ann"), f.id("bob")), pull("[[:person/_friend :as \"fans\"]]", f.id("cid")));
        assertPull(map("{:person/name \"Ann\"}"), pull("[[:person/name :as nil]]", f.id("ann")));
        assertPull(map("{:n \"Ann\"}"), pull("[(:person/name :as :n)]", f.id("ann")));
    }

    @Test void xformSeesTheRenderedValue() {
        assertPull(map("{:person/aka 2}"), pull("[[:person/aka :xform clojure.core/count]]", f.id("ann")));
        assertPull(map("{:person/aka \"A\"}"), pull("[[:person/aka :xform clojure.core/first]]", f.id("ann")));
        assertPull(map("{:person/spouse {:db/id %d}}", f.id("bob")), pull("[[:person/spouse :xform clojure.core/identity]]", f.id("ann")));
        assertPull(map("{:person/friend 2}"), pull("[{[:person/friend :xform clojure.core/count] [:person/name]}]", f.id("ann")));
        assertPull(map("{:person/_friend 2}"), pull("[[:person/_friend :xform clojure.core/count]]", f.id("cid")));
        assertPull(map("{:person/name :Ann}"), pull("[[:person/name :xform keyword]]", f.id("ann")));
        assertPull(map("{:person/name \"Ann\"}"), pull("[[:person/name :xform name]]", f.id("ann")));
        assertPull(map("{:artist/country \"{:db/id %d}\"}", f.ident("country/GB")), pull("[[:artist/country :xform str]]", f.id("zep")));
        // :db/id takes no xform in Datomic either.
        assertPull(map("{:db/id %d}", f.id("ann")), pull("[[:db/id :xform str]]", f.id("ann")));
    }

    @Test void xformOnAMissingAttributeSeesNilThenTheDefaultApplies() {
        assertPull(map("{:person/name \"Cid\" :person/age \"\"}"), pull("[:person/name [:person/age :xform str]]", f.id("cid")));
        assertPull(map("{:person/age \"\"}"), pull("[[:person/age :xform str :default 7]]", f.id("cid")));
        assertPull(map("{:person/age 7}"), pull("[[:person/age :xform clojure.core/identity :default 7]]", f.id("cid")));
        assertPull(map("{:person/name \"Cid\"}"), pull("[:person/name [:person/age :xform clojure.core/identity]]", f.id("cid")));
        assertPull(map("{:person/age \"41\"}"), pull("[[:person/age :xform str :default 7]]", f.id("bob")));
        assertPull(map("{:person/_friend 0}"), pull("[[:person/_friend :xform clojure.core/count]]", f.id("zep")));
    }

    @Test void xformsCanBeReplacedWithoutReparsing() {
        Xforms.register("test/tag", v -> "one");
        assertPull(map("{:person/name \"one\"}"), pull("[[:person/name :xform test/tag]]", f.id("ann")));
        Xforms.register("test/tag", v -> "two");
        assertPull(map("{:person/name \"two\"}"), pull("[[:person/name :xform test/tag]]", f.id("ann")));
        assertEquals(true, Xforms.names().containsAll(List.of("str", "name", "keyword", "symbol", "clojure.edn/read-string")));
    }

    @Test void explicitSpecsOverrideTheWildcard() {
        assertPull(map("{:db/id %d :person/name \"Bob\" :person/age 41 :person/friend [{:person/name \"Cid\"}] :person/enemy [{:db/id %d}]}",
                f.id("bob"), f.id("dan")), pull("[* {:person/friend [:person/name]}]", f.id("bob")));
        assertPull(map("{:db/id %d \"N\" \"Bob\" :person/age 41 :person/friend [{:db/id %d}] :person/enemy [{:db/id %d}]}",
                f.id("bob"), f.id("cid"), f.id("dan")), pull("[* [:person/name :as \"N\"]]", f.id("bob")));
        assertPull(map("{:db/id %d :person/name \"Bob\" :person/age 41 :person/friend [{:db/id %d}] :person/enemy [{:db/id %d}] :person/_friend [{:db/id %d}]}",
                f.id("bob"), f.id("cid"), f.id("dan"), f.id("ann")), pull("[* :person/_friend]", f.id("bob")));
        assertEquals(pull("[*]", f.id("bob")), pull("[* :db/id]", f.id("bob")));
        assertEquals(pull("[:db/id]", f.id("bob")), pull("[:db/id :db/id]", f.id("bob")));
    }

    @Test void nestedResultsThatComeOutEmptyAreDropped() {
        // Ann's friends: Bob has an age, Cid has none.
        assertPull(map("{:person/friend [{:person/age 41}]}"), pull("[{:person/friend [:person/age]}]", f.id("ann")));
        assertPull(map("{:person/spouse {:person/age 41}}"), pull("[{:person/spouse [:person/age]}]", f.id("ann")));
        assertPull(map("{:person/name \"Bob\"}"), pull("[:person/name {:person/friend [:person/age]}]", f.id("bob")));
        assertPull(map("{:person/name \"Ann\"}"), pull("[:person/name {:person/spouse [:no/such]}]", f.id("ann")));
    }

    @Test void reverseOfAComponentIsOneMap() {
        long address = f.lookup("address/street", "Main St");
        assertPull(map("{:person/_address {:db/id %d}}", f.id("ann")), pull("[:person/_address]", address));
        assertPull(map("{:person/_address {:person/name \"Ann\"}}"), pull("[{:person/_address [:person/name]}]", address));
        long medium = f.lookup("medium/tracks", f.id("ghost"));
        assertPull(map("{:medium/_tracks {:db/id %d}}", medium), pull("[:medium/_tracks]", f.id("ghost")));
    }
}
