package io.accrete.engine.differential;

import clojure.java.api.Clojure;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.query.Query;
import io.accrete.engine.testing.TempDb;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The log in queries ({@code tx-ids}, {@code tx-data}) run on Datomic 1.0.7622 ({@code datomic:mem},
 * {@code (d/log conn)}) and on Accrete ({@code Connection.log()}): both must answer the same, or both
 * refuse (with Datomic's category when it names one; where the peer fails with a plain Java exception,
 * such as a ClassCastException for a string bound, any refusal will do).
 *
 * <p>Entity ids and t differ between the two, so inputs are named symbolically ({@code t1}, {@code tx1},
 * {@code inst2}, …) and resolved on each side, and answers are compared with every transaction id
 * replaced by its transaction's name ({@code T0} the schema, {@code T1}–{@code T3} the data), every
 * user entity by its name, every attribute or enum by its ident and every instant by {@code inst}.
 */
class DatomicLogQueryDifferentialTest {
    static final String SCHEMA = "[{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one"
            + " :db/unique :db.unique/identity}]";
    static final List<String> DATA = List.of(
            "[{:db/id \"a\" :p/name \"ann\"}]",
            "[{:db/id \"b\" :p/name \"bob\"}]",
            "[[:db/retract [:p/name \"ann\"] :p/name \"ann\"]]");
    static final String LATER = "[{:db/id \"c\" :p/name \"cy\"}]";

    static final String IDS = "[:find ?r :in ?log ?a ?b :where [(tx-ids ?log ?a ?b) ?r]]";
    static final String IDS_FROM = "[:find ?r :in ?log ?a :where [(tx-ids ?log ?a nil) ?r]]";
    static final String IDS_TO = "[:find ?r :in ?log ?a :where [(tx-ids ?log nil ?a) ?r]]";
    static final String DATA_REL = "[:find ?e ?a ?v ?tx ?op :in ?log ?t :where [(tx-data ?log ?t) [[?e ?a ?v ?tx ?op]]]]";

    /** A query and its inputs, named as {@link Side#arg} resolves them. */
    record Case(String query, List<String> args) {
        static Case of(String query, String... args) { return new Case(query, List.of(args)); }
    }

    static final List<Case> CASES = List.of(
            // every transaction of the log, as rows and as the function's own value (a vector, in t order)
            Case.of("[:find ?tx :in ?log :where [(tx-ids ?log nil nil) [?tx ...]]]", "log"),
            Case.of("[:find ?r :in ?log :where [(tx-ids ?log nil nil) ?r]]", "log"),
            // bounds as t, as transaction id, mixed; t1 inclusive, t3 exclusive
            Case.of(IDS, "log", "t1", "t3"),
            Case.of(IDS, "log", "tx1", "tx3"),
            Case.of(IDS, "log", "t1", "tx3"),
            // empty and reversed ranges, a t past the end, a t between two transactions
            Case.of(IDS, "log", "t2", "t2"),
            Case.of(IDS, "log", "t3", "t1"),
            Case.of(IDS_FROM, "log", "past"),
            Case.of(IDS_TO, "log", "past"),
            Case.of(IDS_FROM, "log", "t1+1"),
            Case.of(IDS_TO, "log", "t1+1"),
            // an entity id that is no transaction counts by its t (ann's comes right after T1)
            Case.of(IDS_FROM, "log", "ann"),
            Case.of(IDS_TO, "log", "ann"),
            // negative numbers come before every transaction; 0 ends before the first
            Case.of(IDS_FROM, "log", "-5"),
            Case.of(IDS_TO, "log", "-5"),
            Case.of("[:find ?r :in ?log :where [(tx-ids ?log nil 0) ?r]]", "log"),
            Case.of("[:find ?r :in ?log :where [(tx-ids ?log 0 nil) ?r]]", "log"),
            // other numbers are read as longs
            Case.of(IDS_FROM, "log", "double t2"),
            Case.of(IDS_FROM, "log", "int t2"),
            Case.of(IDS_FROM, "log", "bigint t2"),
            // instants: the first transaction at or after the instant
            Case.of(IDS_FROM, "log", "inst2"),
            Case.of(IDS_TO, "log", "inst2"),
            Case.of(IDS_FROM, "log", "inst1+1ms"),
            Case.of(IDS_TO, "log", "inst2-1ms"),
            Case.of(IDS_FROM, "log", "inst1970"),
            Case.of(IDS_FROM, "log", "inst-future"),
            Case.of(IDS_TO, "log", "inst-future"),
            Case.of(IDS, "log", "inst1", "t3"),
            // refused: bounds of other types, wrong arity, a database or a string for the log
            Case.of(IDS_FROM, "log", "\"x\""),
            Case.of(IDS_FROM, "log", ":x"),
            Case.of("[:find ?r :in ?log :where [(tx-ids ?log nil) ?r]]", "log"),
            Case.of("[:find ?r :in ?log :where [(tx-ids ?log nil nil nil) ?r]]", "log"),
            Case.of("[:find ?r :in $ :where [(tx-ids $ nil nil) ?r]]", "db"),
            Case.of("[:find ?r :in ?log :where [(tx-ids ?log nil nil) ?r]]", "db"),
            Case.of("[:find ?r :in ?log :where [(tx-ids ?log nil nil) ?r]]", "\"x\""),
            // a log bound to a source name: functions read it, a pattern may not
            Case.of("[:find ?r :in $ :where [(tx-ids $ nil nil) ?r]]", "log"),
            Case.of("[:find ?e :in $ :where [?e :p/name _]]", "log"),
            Case.of("[:find ?e :in $l :where [$l ?e :p/name _]]", "log"),
            // tx-data: a retraction comes with added false; by t or by transaction id
            Case.of(DATA_REL, "log", "t3"),
            Case.of(DATA_REL, "log", "tx3"),
            Case.of(DATA_REL, "log", "t1"),
            Case.of(DATA_REL, "log", "double t3"),
            Case.of("[:find ?r :in ?log ?t :where [(tx-data ?log ?t) ?r]]", "log", "t2"),
            Case.of("[:find ?r :in ?log ?t :where [(tx-data ?log ?t) ?r]]", "log", "t0"),
            Case.of("[:find ?d :in ?log ?t :where [(tx-data ?log ?t) [?d ...]]]", "log", "t2"),
            Case.of("[:find ?e ?a ?v :in ?log ?t :where [(tx-data ?log ?t) [[?e ?a ?v]]]]", "log", "t3"),
            Case.of("[:find ?a ?op :in ?log ?t :where [(tx-data ?log ?t) [[_ ?a _ _ ?op]]]]", "log", "t0"),
            // no transaction there: nothing
            Case.of(DATA_REL, "log", "past"),
            Case.of(DATA_REL, "log", "ann"),
            Case.of(DATA_REL, "log", "t1+1"),
            Case.of(DATA_REL, "log", "-5"),
            Case.of("[:find ?r :in ?log :where [(tx-data ?log 0) ?r]]", "log"),
            // refused: an instant, a string, nil, a sixth position, wrong arity, a database
            Case.of(DATA_REL, "log", "inst2"),
            Case.of(DATA_REL, "log", "\"x\""),
            Case.of("[:find ?r :in ?log :where [(tx-data ?log nil) ?r]]", "log"),
            Case.of("[:find ?e ?x :in ?log ?t :where [(tx-data ?log ?t) [[?e _ _ _ _ ?x]]]]", "log", "t3"),
            Case.of("[:find ?e :in ?log :where [(tx-data ?log) [[?e]]]]", "log"),
            Case.of("[:find ?e :in $ ?t :where [(tx-data $ ?t) [[?e]]]]", "db", "t3"),
            // the log and a database together
            Case.of("[:find ?n ?op :in $ ?log :where [(tx-ids ?log nil nil) [?tx ...]] [(tx-data ?log ?tx) [[?e ?a ?v _ ?op]]]"
                    + " [?a :db/ident ?n]]", "db", "log"),
            Case.of("[:find ?tx :in $ ?log :where [(tx-ids ?log nil nil) [?tx ...]] [?tx :db/txInstant ?i] [(some? ?i)]]", "db", "log"),
            // a log is a value at its basis: one taken before T4 never shows it
            Case.of("[:find ?r :in ?log :where [(tx-ids ?log nil nil) ?r]]", "log-before-T4"),
            Case.of("[:find ?r :in ?log :where [(tx-ids ?log nil nil) ?r]]", "log"),
            Case.of(DATA_REL, "log", "t4"));

    @Test void logQueriesAnswerOrFailAsInDatomic() throws Exception {
        List<String> differences = new ArrayList<>();
        try (DatomicMem dm = new DatomicMem("logq"); TempDb tmp = TempDb.open()) {
            Side theirs = new DatomicSide(dm.conn);
            Side ours = new AccreteSide(tmp);
            for (Side s : List.of(theirs, ours)) s.load();
            for (Case c : CASES) {
                String t = theirs.outcome(c);
                String o = ours.outcome(c);
                if (!DatomicQueryEdgeCasesDifferentialTest.agree(t, o)) {
                    differences.add(c + "\n  Datomic " + t + "\n  Accrete " + o);
                }
            }
        }
        assertEquals("", String.join("\n", differences));
    }

    /** One of the two databases: the same transactions, inputs resolved and answers labelled its way. */
    abstract static class Side {
        final Map<Long, String> txNames = new HashMap<>();   // t → T0…T4
        final Map<Long, Date> instants = new HashMap<>();     // t → :db/txInstant
        final Map<Long, String> entityNames = new HashMap<>();
        Object log, logBeforeT4;
        long annId;

        abstract long transact(String edn) throws Exception;   // the t it got
        abstract Object q(String query, Object... inputs) throws Exception;
        abstract Object db();
        abstract Object currentLog();
        abstract Object keyword(String text);
        abstract String refusal(Exception e);

        void load() throws Exception {
            List<String> txs = new ArrayList<>();
            txs.add(SCHEMA);
            txs.addAll(DATA);
            for (int k = 0; k < txs.size(); k++) {
                if (k == 2) annId = ((Number) q("[:find ?e . :in $ ?n :where [?e :p/name ?n]]", db(), "ann")).longValue();
                long t = transact(txs.get(k));
                txNames.put(t, "T" + k);
                Thread.sleep(5);   // distinct instants, so that instant bounds fall between transactions
            }
            entityNames.put(annId, "ann");
            entityNames.put(((Number) q("[:find ?e . :in $ ?n :where [?e :p/name ?n]]", db(), "bob")).longValue(), "bob");
            for (long t : txNames.keySet()) {
                instants.put(t, (Date) q("[:find ?i . :in $ ?tx :where [?tx :db/txInstant ?i]]", db(), EntityIds.tToTx(t)));
            }
            log = currentLog();
            long t4 = transact(LATER);
            txNames.put(t4, "T4");
            logBeforeT4 = log;
            log = currentLog();
        }

        long t(int k) {
            for (Map.Entry<Long, String> e : txNames.entrySet()) if (e.getValue().equals("T" + k)) return e.getKey();
            throw new IllegalArgumentException("T" + k);
        }

        Object arg(String name) {
            switch (name) {
                case "log": return log;
                case "log-before-T4": return logBeforeT4;
                case "db": return db();
                case "ann": return annId;
                case "past": return t(4) + 100;
                case "-5": return -5L;
                case "\"x\"": return "x";
                case ":x": return keyword("x");
                case "inst1970": return new Date(0);
                case "inst-future": return new Date(System.currentTimeMillis() + 100_000_000L);
                default:
            }
            Matcher m = Pattern.compile("(double |int |bigint )?(t|tx|inst)(\\d)(\\+1|\\+1ms|-1ms)?").matcher(name);
            if (!m.matches()) throw new IllegalArgumentException(name);
            long t = t(Integer.parseInt(m.group(3)));
            String shift = m.group(4) == null ? "" : m.group(4);
            if (m.group(2).equals("inst")) {
                long ms = instants.get(t).getTime() + (shift.equals("+1ms") ? 1 : shift.equals("-1ms") ? -1 : 0);
                return new Date(ms);
            }
            long n = m.group(2).equals("tx") ? EntityIds.tToTx(t) : t + (shift.equals("+1") ? 1 : 0);
            String type = m.group(1) == null ? "" : m.group(1).trim();
            return switch (type) {
                case "double" -> (double) n;
                case "int" -> (int) n;
                case "bigint" -> BigInteger.valueOf(n);
                default -> n;
            };
        }

        String outcome(Case c) {
            try {
                Object[] inputs = new Object[c.args().size()];
                for (int i = 0; i < inputs.length; i++) inputs[i] = arg(c.args().get(i));
                return "answer " + label(q(c.query(), inputs));
            } catch (Exception e) {
                return refusal(e);
            }
        }

        /** The answer with ids replaced by names; sets sorted, vectors in their order. */
        String label(Object v) throws Exception {
            if (v instanceof Set<?> s) {
                TreeSet<String> out = new TreeSet<>();
                for (Object x : s) out.add(label(x));
                return out.toString();
            }
            if (v instanceof Collection<?> c) {
                List<String> out = new ArrayList<>();
                for (Object x : c) out.add(label(x));
                return out.toString();
            }
            if (v instanceof datomic.Datom d) return label(List.of(d.e(), d.a(), d.v(), d.tx(), d.added()));
            if (v instanceof Date) return "inst";
            if (v instanceof String s) return '"' + s + '"';
            if (v instanceof Long || v instanceof Integer) {
                long n = ((Number) v).longValue();
                if (EntityIds.isTx(n)) return txNames.getOrDefault(EntityIds.txToT(n), "T?" + EntityIds.txToT(n));
                if (entityNames.containsKey(n)) return entityNames.get(n);
                Object ident = n < 0 ? null : q("[:find ?i . :in $ ?e :where [?e :db/ident ?i]]", db(), n);
                return ident != null ? String.valueOf(ident) : String.valueOf(n);
            }
            return String.valueOf(v);
        }
    }

    static final class DatomicSide extends Side {
        final datomic.Connection conn;

        DatomicSide(datomic.Connection conn) { this.conn = conn; }

        @Override long transact(String edn) throws Exception {
            Map<?, ?> r = conn.transact((List<?>) DatomicMem.read(edn)).get();
            return ((datomic.Database) r.get(datomic.Connection.DB_AFTER)).basisT();
        }
        @Override Object q(String query, Object... inputs) {
            List<Object> call = new ArrayList<>();
            call.add(query);
            call.addAll(java.util.Arrays.asList(inputs));
            return DatomicQueryEdgeCasesDifferentialTest.Q.applyTo(clojure.lang.RT.seq(call));
        }
        @Override Object db() { return conn.db(); }
        @Override Object currentLog() { return conn.log(); }
        @Override Object keyword(String text) { return DatomicMem.read(":" + text); }

        @Override String refusal(Exception e) {
            for (Throwable x = e; x != null; x = x.getCause()) {
                if (x instanceof clojure.lang.IExceptionInfo info) {
                    Object category = info.getData().valAt(Clojure.read(":db/error"));
                    if (category != null) return "refused " + category;
                }
                Matcher m = Pattern.compile("^(?:.*message: )?(:db\\.error/[a-z-]+)").matcher(String.valueOf(x.getMessage()));
                if (m.find()) return "refused " + m.group(1);
            }
            return "refused";
        }
    }

    static final class AccreteSide extends Side {
        final TempDb tmp;

        AccreteSide(TempDb tmp) { this.tmp = tmp; }

        @Override long transact(String edn) { return tmp.tx(edn).dbAfter().basisT(); }
        @Override Object q(String query, Object... inputs) { return Query.q(query, inputs); }
        @Override Db db() { return tmp.conn.db(); }
        @Override Object currentLog() { return tmp.conn.log(); }
        @Override Object keyword(String text) { return Keyword.of(text); }

        @Override String refusal(Exception e) {
            if (e instanceof AccreteException a) return "refused " + a.category() + " (" + a.getMessage() + ")";
            return "failed " + e;
        }
    }
}
