package io.accrete.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSON query inputs are read by what the query compares them with: JSON has one number type and
 * no instants, so {@code 72} must find a double 72.0 and an ISO-8601 string an instant, as JSON
 * tx-data does; what the query does not compare with an attribute is read as before.
 */
class JsonQueryInputsTest {
    static ServerFixture f;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll static void start() {
        f = ServerFixture.start();
        f.createWithSchema("jq");
        f.postOk("/databases/jq/transact", "{:tx-data [{:db/id \"a\" :p/name \"Ann\" :p/score 72.0 :p/born #inst \"2001-02-03T04:05:06Z\""
                + " :p/dec 1.50M :p/big 12N :p/kw :gold :p/tags [\":colon\" \"plain\"] :p/id #uuid \"7f0c1e8e-54a4-4b8f-9d6a-3a2b1c0d9e8f\"}"
                + " {:db/id \"b\" :p/name \":x\" :p/score 12.5 :p/born #inst \"1999-12-31T00:00:00Z\" :p/friend \"a\"}]}");
    }

    @AfterAll static void stop() {
        f.close();
    }

    static JsonNode q(String query, String argsJson) throws Exception {
        String body = "{\"query\": " + JSON.writeValueAsString(query) + ", \"args\": " + argsJson + "}";
        Response r = f.given().contentType(ServerFixture.JSON).accept(ServerFixture.JSON).body(body).post("/databases/jq/q");
        assertEquals(200, r.statusCode(), r.asString());
        return JSON.readTree(r.asString());
    }

    static List<String> texts(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.isArray() ? x.get(0).asText() : x.asText()));
        out.sort(null);
        return out;
    }

    @Test void aWholeNumberFindsADouble() throws Exception {
        assertEquals("Ann", q("[:find ?n . :in $ ?s :where [?e :p/score ?s] [?e :p/name ?n]]", "[72]").asText());
        assertEquals("Ann", q("[:find ?n . :in $ ?s :where [?e :p/score ?s] [?e :p/name ?n]]", "[72.0]").asText());
    }

    @Test void anIsoStringOrEpochMillisecondsFindsAnInstant() throws Exception {
        assertEquals("Ann", q("[:find ?n . :in $ ?d :where [?e :p/born ?d] [?e :p/name ?n]]", "[\"2001-02-03T04:05:06Z\"]").asText());
        assertEquals("Ann", q("[:find ?n . :in $ ?d :where [?e :p/born ?d] [?e :p/name ?n]]", "[981173106000]").asText());
    }

    @Test void collectionsTuplesAndRelationsAreReadElementByElement() throws Exception {
        assertEquals(List.of(":x", "Ann"), texts(q("[:find ?n :in $ [?s ...] :where [?e :p/score ?s] [?e :p/name ?n]]", "[[72, 12.5, 3]]")));
        assertEquals("Ann", q("[:find ?n . :in $ [?s ?d] :where [?e :p/score ?s] [?e :p/born ?d] [?e :p/name ?n]]",
                "[[72, \"2001-02-03T04:05:06Z\"]]").asText());
        assertEquals(List.of(":x"), texts(q("[:find ?n :in $ [[?s ?d]] :where [?e :p/score ?s] [?e :p/born ?d] [?e :p/name ?n]]",
                "[[[72, \"1999-12-31T00:00:00Z\"], [12.5, \"1999-12-31\"]]]")));
    }

    @Test void exactNumbersUuidsKeywordsAndTextTakeTheirAttributesTypes() throws Exception {
        assertEquals("Ann", q("[:find ?n . :in $ ?d ?b :where [?e :p/dec ?d] [?e :p/big ?b] [?e :p/name ?n]]", "[\"1.50\", 12]").asText());
        assertEquals("Ann", q("[:find ?n . :in $ ?u :where [?e :p/id ?u] [?e :p/name ?n]]", "[\"7f0c1e8e-54a4-4b8f-9d6a-3a2b1c0d9e8f\"]").asText());
        assertEquals("Ann", q("[:find ?n . :in $ ?k :where [?e :p/kw ?k] [?e :p/name ?n]]", "[\":gold\"]").asText());
        // A string attribute keeps ":x" as text; read generically it would be a keyword and match nothing.
        assertTrue(q("[:find ?e . :in $ ?n :where [?e :p/name ?n]]", "[\":x\"]").isNumber(), "the entity named \":x\"");
        assertEquals("Ann", q("[:find ?n . :in $ ?t :where [?e :p/tags ?t] [?e :p/name ?n]]", "[\":colon\"]").asText());
    }

    @Test void entityPositionsTakeIdsAsNumbersOrDigitStringsAndIdents() throws Exception {
        long ann = q("[:find ?e . :where [?e :p/name \"Ann\"]]", "[]").asLong();
        assertEquals("Ann", q("[:find ?n . :in $ ?e :where [?e :p/name ?n]]", "[" + ann + "]").asText());
        assertEquals("Ann", q("[:find ?n . :in $ ?e :where [?e :p/name ?n]]", "[\"" + ann + "\"]").asText());
        // A ref attribute's value position: an id, a digit string, or a lookup ref.
        assertEquals(":x", q("[:find ?n . :in $ ?f :where [?e :p/friend ?f] [?e :p/name ?n]]", "[\"" + ann + "\"]").asText());
        assertEquals(":x", q("[:find ?n . :in $ ?f :where [?e :p/friend ?f] [?e :p/name ?n]]", "[[\":p/name\", \"Ann\"]]").asText());
        assertEquals("p/name", q("[:find ?i . :in $ ?a :where [?a :db/ident ?i]]", "[\":p/name\"]").asText().replaceFirst("^:", ""));
    }

    @Test void thePatternsOwnSourceAndScopeDecide() throws Exception {
        // A second source: its pattern is read with that source's schema.
        assertEquals(List.of("Ann"), texts(q("[:find ?n :in $a $b ?s :where [$b ?e :p/score ?s] [$b ?e :p/name ?n]]",
                "[{\"db-name\": \"accrete\"}, {\"db-name\": \"jq\"}, 72]")));
        // Map form, and or-join: only the joined variable is the outer one.
        assertEquals(List.of("Ann"), texts(q("{:find [?n] :in [$ ?s] :where [[?e :p/score ?s] [?e :p/name ?n]]}", "[72]")));
        assertEquals(List.of("Ann"), texts(q("[:find ?n :in $ ?s :where [?e :p/name ?n] (or-join [?e ?s] [?e :p/score ?s])]", "[72]")));
        // Inside not-join, an unjoined ?s is another variable: the input ?s is not a :p/tags value, so ":x" stays a keyword.
        assertEquals(List.of(), texts(q("[:find ?n :in $ ?s :where [?e :p/name ?n] (not-join [?e] [?e :p/tags ?s]) [(= ?s \":x\")]]", "[\":x\"]")));
        assertEquals(List.of(":x"), texts(q("[:find ?n :in $ ?s :where [?e :p/name ?n] (not-join [?e] [?e :p/tags _]) [(= ?s :x)]]", "[\":x\"]")));
        // A variable that is both a ref's value and an entity is read as an entity either way.
        long ann = q("[:find ?e . :where [?e :p/name \"Ann\"]]", "[]").asLong();
        assertEquals(":x", q("[:find ?n . :in $ ?f :where [?e :p/friend ?f] [?f :p/name \"Ann\"] [?e :p/name ?n]]", "[\"" + ann + "\"]").asText());
    }

    @Test void inputsNoPatternComparesStayGeneric() throws Exception {
        // Used only by a predicate: no attribute decides, so ":x" is a keyword and 70 a long, as before.
        assertEquals(List.of("Ann"), texts(q("[:find ?n :in $ ?min :where [?e :p/score ?s] [(> ?s ?min)] [?e :p/name ?n]]", "[70]")));
        assertEquals("Ann", q("[:find ?n . :in $ ?k :where [?e :p/name ?n] [?e :p/score 72.0] [(= ?k :gold)]]", "[\":gold\"]").asText(),
                "\":gold\" compared by a predicate only is the keyword :gold");
    }

    @Test void argsGivenAsOneEdnStringAreNotTouched() throws Exception {
        assertEquals("Ann", q("[:find ?n . :in $ ?s :where [?e :p/score ?s] [?e :p/name ?n]]", "\"[72.0]\"").asText());
        Response r = f.given().contentType(ServerFixture.JSON).accept(ServerFixture.JSON)
                .body("{\"query\": \"[:find ?n . :in $ ?s :where [?e :p/score ?s] [?e :p/name ?n]]\", \"args\": \"[72]\"}").post("/databases/jq/q");
        assertEquals(200, r.statusCode());
        assertEquals("null", r.asString().trim(), "EDN carries its types: the long 72 does not match the double 72.0");
    }
}
