package io.accrete.client;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A server's answer as the SDK reads it, whichever {@link HttpSender} carried it: header names are lower case. */
record HttpAnswer(int status, Map<String, List<String>> headers, byte[] body) {

    Optional<String> firstValue(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    List<String> allValues(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
