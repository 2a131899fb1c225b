package io.accrete.engine.differential;

import io.accrete.engine.data.Edn;
import io.accrete.engine.query.Query;
import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each function expression of the list, bound in a query on the real Datomic (in-memory) and on
 * Accrete, must give the same value, as both print it ({@code pr-str} and {@code Edn.print}).
 * {@code ?p} is the pattern {@code #","}.
 */
class DatomicFunctionsDifferentialTest {
    static final List<String> EXPRESSIONS = List.of(
            "(nth [1 2 3] 1)", "(nth [1 2 3] 5 :none)", "(last [1 2 3])", "(vec #{1})", "(distinct [1 2 1 3])", "(sort [3 1 2])",
            "(reverse [1 2 3])", "(empty? [])", "(empty? \"\")", "(empty? [1])", "(not-empty [])", "(not-empty [1])", "(keys {:a 1})", "(vals {:a 1})",
            "(clojure.string/split \"a,b,,c,,\" ?p)", "(clojure.string/split-lines \"a\\nb\")", "(clojure.string/index-of \"abcb\" \"b\")",
            "(clojure.string/index-of \"abc\" \"z\")", "(clojure.string/last-index-of \"abcb\" \"b\")", "(clojure.string/capitalize \"hELLO\")",
            "(clojure.string/reverse \"abc\")", "(clojure.string/triml \"  a \")", "(clojure.string/trimr \"  a \")",
            "(clojure.string/trim-newline \"a\\n\\n\")", "(clojure.string/replace \"ab\" ?p \"$1\")",
            "(long 2.7)", "(long -2.7)", "(int 3)", "(double 2)", "(float 2)", "(bigint 2.5)", "(bigdec 2)", "(bigdec 2.5)", "(boolean nil)",
            "(boolean 0)", "(inst-ms #inst \"2020-01-01\")", "(abs -3)", "(abs -2.5)", "(datomic.api/tx->t 13194139534313)", "(datomic.api/t->tx 1001)",
            "(string? \"a\")", "(int? 1)", "(int? 1N)", "(integer? 1N)", "(float? 1.0)", "(double? 1.0)", "(decimal? 1M)", "(nat-int? 0)",
            "(pos-int? 0)", "(neg-int? -1)", "(keyword? :a)", "(symbol? :a)", "(ident? :a)", "(qualified-keyword? :a/b)", "(simple-keyword? :a/b)",
            "(boolean? false)", "(number? 1M)", "(inst? #inst \"2020-01-01\")", "(uuid? #uuid \"00000000-0000-0000-0000-000000000000\")",
            "(coll? [1])", "(vector? [1])", "(map? {})", "(set? #{})",
            "(max 2.0 2)", "(min 2 2.0)", "(max 1N 1)", "(mod 7.5M 2)", "(mod -7.5M 2)", "(subs \"abc\" 1.5)",
            "(quot 5.0M 2)", "(rem -7.5M 2)", "(quot -7.5M 2)", "(/ ##NaN 0)");

    @Test void everyExpressionGivesWhatDatomicGives() {
        List<String> differences = new ArrayList<>();
        try (DatomicMem d = new DatomicMem("functions"); TempDb a = TempDb.open()) {
            Object pattern = Pattern.compile(",");
            for (String e : EXPRESSIONS) {
                String q = "[:find ?x :in $ ?p :where [" + e + " ?x]]";
                Object theirs = only(datomic.Peer.q(q, d.conn.db(), pattern));
                Object ours = only(Query.q(q, a.conn.db(), pattern));
                String printed = (String) clojure.java.api.Clojure.var("clojure.core", "pr-str").invoke(theirs);
                if (!printed.equals(Edn.print(ours))) differences.add(e + ": Datomic " + printed + ", Accrete " + Edn.print(ours));
            }
        }
        assertEquals(List.of(), differences);
    }

    /** Any function may aggregate, given the group's values as its last argument. */
    @Test void anyFunctionAggregatesAsInDatomic() {
        List<String> differences = new ArrayList<>();
        try (DatomicMem d = new DatomicMem("aggregates"); TempDb a = TempDb.open()) {
            Object data = datomic.Util.list(datomic.Util.list("a", 3L), datomic.Util.list("a", 1L), datomic.Util.list("b", 2L));
            List<?> ours = List.of(List.of("a", 3L), List.of("a", 1L), List.of("b", 2L));
            // (the order of a group's values is each engine's own, so only functions that do not depend on it)
            for (String agg : List.of("(sort ?v)", "(empty? ?v)")) {
                String q = "[:find ?k " + agg + " :in [[?k ?v]] ]";
                String theirs = (String) clojure.java.api.Clojure.var("clojure.core", "pr-str").invoke(
                        clojure.java.api.Clojure.var("clojure.core", "set").invoke(datomic.Peer.q(q, data)));
                Object mine = Query.q(q, ours);
                if (!sameSet(theirs, mine)) differences.add(agg + ": Datomic " + theirs + ", Accrete " + Edn.print(mine));
            }
        }
        assertEquals(List.of(), differences);
    }

    /** Datomic's printed set and Accrete's, compared as sets of printed rows (their order is the hash's). */
    private static boolean sameSet(String theirs, Object mine) {
        java.util.Set<String> a = new java.util.TreeSet<>(), b = new java.util.TreeSet<>();
        for (Object row : (Collection<?>) datomic.Util.read(theirs)) a.add((String) clojure.java.api.Clojure.var("clojure.core", "pr-str").invoke(row));
        for (Object row : (Collection<?>) mine) b.add(Edn.print(row));
        return a.equals(b);
    }

    private static Object only(Object relation) {
        Collection<?> rows = (Collection<?>) relation;
        return rows.isEmpty() ? null : ((List<?>) rows.iterator().next()).get(0);
    }
}
