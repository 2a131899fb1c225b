package io.accrete.engine.pull;

import io.accrete.engine.data.Edn;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed patterns fail with :db.error/invalid-pull and a message that names the offending form. */
class PullErrorsTest {
    static MusicFixture f;
    static Db db;

    @BeforeAll static void setUp() {
        f = new MusicFixture();
        db = f.db();
        Xforms.register("test/explode", v -> { throw new IllegalStateException("boom"); });
    }

    @AfterAll static void tearDown() { f.close(); }

    static AccreteException fail(String pattern) {
        return assertThrows(AccreteException.class, () -> Pull.pull(db, pattern, f.id("ann")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            ":person/name                        | must be a vector              | :person/name",
            "[1]                                 | attribute spec                | 1",
            "[[]]                                | attribute spec                | []",
            "[\"person/name\"]                   | attribute spec                | \"person/name\"",
            "[[:person/name :as]]                | pairs                         | [:person/name :as]",
            "[(:person/name :limit 1 :as)]       | pairs                         | (:person/name :limit 1 :as)",
            "[[1 :as 2]]                         | start with an attribute name  | [1 :as 2]",
            "[{:person/friend :person/name}]     | recursive pull specification  | :person/name",
            "[{:person/friend 0}]                | recursive pull specification  | 0",
            "[{:person/friend -1}]               | recursive pull specification  | -1",
            "[{:person/friend 1.5}]              | recursive pull specification  | 1.5",
            "[{:person/friend :as}]              | recursive pull specification  | :as",
            "[{}]                                | at least one attribute        | {}",
            "[{:db/id [:person/name]}]           | :db/id cannot be navigated    | {:db/id [:person/name]}",
            "[{1 [:person/name]}]                | attribute spec in a map spec  | 1",
            "[(limit :person/aka)]               | (limit attr-name value)       | (limit :person/aka)",
            "[(default :person/aka 1 2)]         | (default attr-name value)     | (default :person/aka 1 2)",
            "[(limit 1 2)]                       | Expected an attribute name    | (limit 1 2)",
            "[[:person/aka :limit \"2\"]]        | integer or nil                | [:person/aka :limit \"2\"]",
            "[[:person/aka :xform 12]]           | must be a symbol              | [:person/aka :xform 12]",
            "[[:person/aka :xform no/such-fn]]   | no/such-fn is not a registered | [:person/aka :xform no/such-fn]",
            "[:person/name :person/name]         | Multiple specifications for :person/name | :person/name",
            "[:person/name [:person/name :as 1]] | Multiple specifications for :person/name | [:person/name :as 1]",
            "[{:person/friend [1]}]              | attribute spec                | 1",
    })
    void malformedPatterns(String pattern, String message, String form) {
        AccreteException e = fail(pattern);
        assertEquals(Errors.INVALID_PULL, e.category());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(Edn.read(form), e.data().get(Keyword.of("form")), e.getMessage());
        assertTrue(e.getMessage().contains(form), e.getMessage());
    }

    @Test void invalidEdnText() {
        AccreteException e = fail("[:person/name");
        assertEquals(Errors.INVALID_PULL, e.category());
        assertTrue(e.getMessage().contains("[:person/name"), e.getMessage());
    }

    @Test void missingPattern() {
        assertEquals(Errors.INVALID_PULL, assertThrows(AccreteException.class, () -> Pull.pull(db, null, f.id("ann"))).category());
    }

    @Test void navigatingANonRefAttribute() {
        AccreteException e = fail("[{:person/name [:person/age]}]");
        assertEquals(Errors.INVALID_PULL, e.category());
        assertTrue(e.getMessage().contains(":person/name is not a reference"), e.getMessage());
        assertTrue(fail("[{:person/name ...}]").getMessage().contains("{:person/name ...}"));
    }

    @Test void failingXform() {
        AccreteException e = fail("[[:person/name :xform test/explode]]");
        assertEquals(Errors.INVALID_PULL, e.category());
        assertTrue(e.getMessage().contains("test/explode failed"), e.getMessage());
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }
}
