package io.accrete.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.concurrent.atomic.AtomicInteger;

/** One real server and one client per test class; each test gets its own database. */
abstract class ServerTestBase {
    static final String SCHEMA = """
            [{:db/ident :person/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one
              :db/unique :db.unique/identity}
             {:db/ident :person/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
             {:db/ident :person/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
             {:db/ident :person/friends :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}
             {:db/ident :person/born :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}
             {:db/ident :person/id :db/valueType :db.type/uuid :db/cardinality :db.cardinality/one}
             {:db/ident :person/balance :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/one}
             {:db/ident :person/tags :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many}]""";

    private static final AtomicInteger DBS = new AtomicInteger();

    static TestServer server;
    static AccreteClient client;

    @BeforeAll static void startServer() {
        server = TestServer.start();
        client = AccreteClient.connect(server.uri());
    }

    @AfterAll static void stopServer() {
        if (client != null) client.close();
        if (server != null) server.close();
    }

    /** A new database with the test schema. */
    static Connection freshDb() {
        String name = "t" + DBS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
        client.createDatabase(name);
        Connection conn = client.connection(name);
        conn.transact(SCHEMA);
        return conn;
    }
}
