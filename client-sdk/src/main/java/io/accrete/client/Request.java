package io.accrete.client;

import java.time.Duration;

/**
 * One HTTP exchange as the SDK sees it. {@code write} marks a request whose effect must not be
 * repeated blindly (a transaction): such a request is retried on another server only when it
 * provably never left (connect failure), and any other failure makes its outcome unknown.
 */
record Request(String method, String path, byte[] body, String contentType, Long basisT,
               Duration timeout, boolean write, String dbName) {

    static final String TRANSIT = "application/transit+json";
    static final String EDN = "application/edn";

    static Request get(String path, String dbName, Long basisT, Duration timeout) {
        return new Request("GET", path, null, null, basisT, timeout, false, dbName);
    }

    /** A body of Java data, sent as transit+json; a {@link RawEdn} anywhere inside switches to EDN text. */
    static Request post(String path, Object body, String dbName, Long basisT, Duration timeout, boolean write) {
        boolean edn;
        byte[] bytes;
        try {
            edn = RawEdn.containsRaw(body);
            bytes = edn ? Edn.print(body).getBytes(java.nio.charset.StandardCharsets.UTF_8) : TransitCodec.encode(body);
        } catch (RuntimeException | StackOverflowError e) {
            if (e instanceof AccreteException a) throw a;
            String why = e instanceof StackOverflowError ? "it nests too deeply" : String.valueOf(e.getMessage());
            throw new AccreteException(AccreteException.INVALID_REQUEST, "the request could not be encoded (" + why + "); it was not sent",
                    java.util.Map.of(), 0, e);
        }
        return new Request("POST", path, bytes, edn ? EDN : TRANSIT, basisT, timeout, write, dbName);
    }
}
