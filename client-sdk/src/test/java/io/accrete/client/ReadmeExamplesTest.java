package io.accrete.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static io.accrete.client.Edn.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's examples, verbatim, run in order against a real server; and a check that the
 * README still shows exactly this code, so the two cannot drift apart.
 */
class ReadmeExamplesTest extends ServerTestBase {

    @Test void theExamplesRun() throws Exception {
        connectCreateAndTransact(server.uri());
        Connection conn = client.connection("shop");
        long ada = conn.<Long>qScalar("[:find ?e . :where [?e :person/email \"ada@example.com\"]]", conn.db());
        valuesAndQueries(conn, ada);
        time(conn, ada);
        txReports(conn);
        errors(conn);
        assertEquals("Ada Lovelace", conn.pull(conn.db(), "[:person/name]", ada).get(kw(":person/name")));
    }

    @Test void theReadmeShowsThisCode() throws Exception {
        List<String> source = stripped(Files.readAllLines(Path.of("src/test/java/io/accrete/client/ReadmeExamplesTest.java")));
        List<List<String>> blocks = javaBlocks(Files.readAllLines(Path.of("README.md")));
        assertEquals(5, blocks.size(), "every README example is one of the methods below");
        for (List<String> block : blocks) {
            assertTrue(java.util.Collections.indexOfSubList(source, block) >= 0,
                    "README example not found verbatim in this test:\n" + String.join("\n", block));
        }
    }

    static void connectCreateAndTransact(URI serverUri) {
        // serverUri: e.g. URI.create("http://127.0.0.1:8080"), what `scripts/accrete serve` listens on
        try (AccreteClient client = AccreteClient.connect(serverUri)) {
            client.createDatabase("shop");               // idempotent
            Connection conn = client.connection("shop");

            // Schema and data as EDN text, exactly as a Datomic user writes it...
            conn.transact("[{:db/ident :person/email :db/valueType :db.type/string"
                    + "  :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
                    + " {:db/ident :person/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]");

            // ...or as Java data, with Keywords from kw(...)
            TxReport report = conn.transact(vec(
                    map(kw(":db/id"), "ada", kw(":person/email"), "ada@example.com", kw(":person/name"), "Ada")));
            long ada = report.tempid("ada");
            System.out.println("t=" + report.t() + " datoms=" + report.txData().size() + " ada=" + ada);
        }
    }

    static void valuesAndQueries(Connection conn, long ada) {
        Db db = conn.db();                               // a value: reading it again gives the same answer

        String name = conn.qScalar("[:find ?n . :in $ ?email :where [?e :person/email ?email] [?e :person/name ?n]]",
                db, "ada@example.com");

        Object query = vec(kw(":find"), sym("?e"), sym("?n"),
                kw(":where"), vec(sym("?e"), kw(":person/name"), sym("?n")));
        Collection<List<Object>> people = conn.qRelation(query, db);

        Map<Keyword, Object> entity = conn.pull(db, "[*]", vec(kw(":person/email"), "ada@example.com"));
        List<Map<Keyword, Object>> some = conn.pullMany(db, vec(kw(":person/name")), List.of(ada));

        for (Datom d : conn.datoms(db, kw(":avet"), kw(":person/email"))) {
            System.out.println(d.e() + " " + d.v());
        }

        assertEquals("Ada", name);
        assertEquals(List.of(List.of(ada, "Ada")), new ArrayList<>(people));
        assertEquals(ada, entity.get(kw(":db/id")));
        assertEquals(List.of(Map.of(kw(":person/name"), "Ada")), some);
    }

    static void time(Connection conn, long ada) {
        long before = conn.db().basisT();
        conn.transact(vec(map(kw(":person/email"), "ada@example.com", kw(":person/name"), "Ada Lovelace")));

        Db now = conn.db();
        Db then = now.asOf(before);                      // no round trip: a descriptor
        Object oldName = conn.pull(then, "[:person/name]", ada).get(kw(":person/name"));   // "Ada"
        Db changes = now.since(before);
        Db lastWeek = now.asOf(Instant.now().minus(Duration.ofDays(7)));   // as Datomic's as-of with a date
        Db everything = now.history();

        Db synced = conn.sync(now.basisT(), Duration.ofSeconds(5));   // waits until the server has that t

        assertEquals("Ada", oldName);
        assertEquals(List.of("Ada Lovelace"), conn.qCollection("[:find [?n ...] :where [_ :person/name ?n]]", changes));
        assertEquals(3, conn.qRelation("[:find ?n ?op :where [_ :person/name ?n _ ?op]]", everything).size());
        assertEquals(List.of(), conn.qCollection("[:find [?n ...] :where [_ :person/name ?n]]", lastWeek), "nothing a week ago");
        assertTrue(synced.basisT() >= now.basisT());
    }

    static void txReports(Connection conn) throws InterruptedException {
        try (TxReportQueue reports = conn.txReports()) {
            conn.transact(vec(map(kw(":person/email"), "bob@example.com", kw(":person/name"), "Bob")));
            TxReport seen = reports.poll(Duration.ofSeconds(10));
            System.out.println("committed t=" + seen.t());
        }
    }

    static void errors(Connection conn) {
        try {
            conn.transact(vec(map(kw(":person/email"), "ada@example.com", kw(":person/name"), 42L)));
        } catch (AccreteException e) {
            System.out.println(e.category() + ": " + e.getMessage());   // :db.error/wrong-type-for-attribute: ...
        }

        try {
            conn.transact(vec(map(kw(":person/email"), "carol@example.com")), Duration.ofMillis(1));
        } catch (AccreteException e) {
            if (e.isOutcomeUnknown()) {
                // It may or may not have been applied. This one upserts on a unique identity, so sending
                // it again is safe; a transaction that is not idempotent should be checked by a read first.
                conn.transact(vec(map(kw(":person/email"), "carol@example.com")));
            }
        }
    }

    private static List<List<String>> javaBlocks(List<String> readme) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : readme) {
            if (current == null && line.trim().equals("```java")) {
                current = new ArrayList<>();
            } else if (current != null && line.trim().equals("```")) {
                blocks.add(stripped(current));
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    private static List<String> stripped(List<String> lines) {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
