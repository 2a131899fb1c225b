package io.accrete.server;

import io.accrete.engine.data.Edn;
import io.accrete.engine.storage.Durability;
import io.accrete.server.config.ServerConfig;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A real server on a free port and a temporary data folder, for one test class. */
public final class ServerFixture implements AutoCloseable {
    public static final String EDN = "application/edn";
    public static final String JSON = "application/json";
    public static final String TRANSIT = "application/transit+json";

    public final Path dir;
    public final AccreteServer server;
    public final String base;
    public final ServerConfig config;

    private ServerFixture(Path dir, ServerConfig config) {
        this.dir = dir;
        this.config = config;
        this.server = AccreteServer.start(config);
        this.base = "http://127.0.0.1:" + server.port();
    }

    public static ServerFixture start() {
        return start(c -> c);
    }

    public static ServerFixture start(UnaryOperator<ServerConfig> tweak) {
        try {
            Path dir = Files.createTempDirectory("accrete-server-test");
            ServerConfig cfg = tweak.apply(ServerConfig.defaults(dir.resolve("data")).withPort(0).withDurability(Durability.NO_FSYNC));
            return new ServerFixture(dir, cfg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** REST Assured must not add ISO-8859-1 to our media types: the server reads only UTF-8. */
    public RequestSpecification given() {
        return RestAssured.given().baseUri(base).urlEncodingEnabled(false).config(RestAssuredConfig.config().encoderConfig(
                EncoderConfig.encoderConfig().defaultContentCharset("UTF-8").appendDefaultContentCharsetToContentTypeIfUndefined(false)
                        .encodeContentTypeAs(EDN, ContentType.TEXT).encodeContentTypeAs(TRANSIT, ContentType.TEXT)));
    }

    public RequestSpecification edn() {
        return given().contentType(EDN).accept(EDN);
    }

    /** POSTs EDN text and returns the response. */
    public Response post(String path, String ednBody) {
        return edn().body(ednBody).post(path);
    }

    public Object postOk(String path, String ednBody) {
        Response r = post(path, ednBody);
        if (r.statusCode() != 200) throw new AssertionError("POST " + path + " gave " + r.statusCode() + ": " + r.asString());
        return Edn.read(r.asString());
    }

    public Object getOk(String path) {
        Response r = edn().get(path);
        if (r.statusCode() != 200) throw new AssertionError("GET " + path + " gave " + r.statusCode() + ": " + r.asString());
        return Edn.read(r.asString());
    }

    public static final String SCHEMA = "{:tx-data [{:db/ident :p/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
            + " {:db/ident :p/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
            + " {:db/ident :p/friend :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}"
            + " {:db/ident :p/born :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}"
            + " {:db/ident :p/id :db/valueType :db.type/uuid :db/cardinality :db.cardinality/one}"
            + " {:db/ident :p/score :db/valueType :db.type/double :db/cardinality :db.cardinality/one}"
            + " {:db/ident :p/big :db/valueType :db.type/bigint :db/cardinality :db.cardinality/one}"
            + " {:db/ident :p/dec :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/one}"
            + " {:db/ident :p/kw :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}"
            + " {:db/ident :p/tags :db/valueType :db.type/string :db/cardinality :db.cardinality/many}"
            + " {:db/ident :p/bytes :db/valueType :db.type/bytes :db/cardinality :db.cardinality/one}"
            + " {:db/ident :p/uri :db/valueType :db.type/uri :db/cardinality :db.cardinality/one}"
            + " {:db/ident :p/sym :db/valueType :db.type/symbol :db/cardinality :db.cardinality/one}]}";

    /** Creates database {@code name} with the test schema. */
    public void createWithSchema(String name) {
        int s = edn().put("/databases/" + name).statusCode();
        if (s != 201 && s != 200) throw new AssertionError("PUT gave " + s);
        postOk("/databases/" + name + "/transact", SCHEMA);
    }

    @Override public void close() {
        server.close();
        deleteTree(dir);
    }

    /** Removes a temporary data folder and everything in it. */
    static void deleteTree(java.nio.file.Path dir) {
        if (!java.nio.file.Files.exists(dir)) return;
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
