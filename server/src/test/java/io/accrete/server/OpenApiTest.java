package io.accrete.server;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** openapi.yaml at the repository root describes exactly the routes the server registers. */
class OpenApiTest {
    private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
    private static final Pattern METHOD = Pattern.compile("^    (get|put|post|delete|patch|head|options):\\s*$");

    static Set<String> documented() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "openapi.yaml"));
        Set<String> out = new TreeSet<>();
        boolean inPaths = false;
        String path = null;
        for (String line : lines) {
            if (line.startsWith("paths:")) { inPaths = true; continue; }
            if (inPaths && !line.isEmpty() && !line.startsWith(" ")) inPaths = false;
            if (!inPaths) continue;
            Matcher p = PATH.matcher(line);
            if (p.matches()) { path = p.group(1); continue; }
            Matcher m = METHOD.matcher(line);
            if (m.matches() && path != null) out.add(m.group(1).toUpperCase() + " " + path);
        }
        return out;
    }

    @Test void everyRegisteredRouteIsDocumented() throws Exception {
        Set<String> doc = documented();
        List<String> missing = new ArrayList<>();
        for (String r : RouteTable.mounted()) if (!doc.contains(r)) missing.add(r);
        assertEquals(List.of(), missing, "routes missing from openapi.yaml");
        assertTrue(RouteTable.mounted().size() > 20);
    }

    /** The line scan above would not notice a file that OpenAPI tools cannot load at all. */
    @Test void theFileIsValidYamlWithEveryPathDescribed() throws Exception {
        var root = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(Path.of("..", "openapi.yaml").toFile());
        assertTrue(root.path("openapi").asText().startsWith("3."), "an OpenAPI 3 document");
        Set<String> parsed = new TreeSet<>();
        root.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (!m.equals("parameters")) parsed.add(m.toUpperCase() + " " + p.getKey());
        }));
        assertEquals(documented(), parsed);
        for (String r : RouteTable.mounted()) {
            String[] mp = r.split(" ", 2);
            var op = root.path("paths").path(mp[1]).path(mp[0].toLowerCase());
            assertFalse(op.path("summary").asText().isBlank(), r + " has a summary");
            assertFalse(op.path("responses").isEmpty(), r + " describes its responses");
        }
    }

    @Test void nothingDocumentedThatDoesNotExist() throws Exception {
        Set<String> extra = new TreeSet<>(documented());
        RouteTable.mounted().forEach(extra::remove);
        assertEquals(Set.of(), extra, "openapi.yaml describes routes the server does not have");
    }
}
