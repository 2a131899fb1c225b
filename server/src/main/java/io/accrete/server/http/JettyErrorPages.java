package io.accrete.server.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Requests Jetty refuses before any route sees them (a malformed or over-long URI, headers too
 * large, a NUL in the path) get the same EDN error body as every other error, instead of Jetty's
 * HTML page. No request exists yet to negotiate a format with, so the body is EDN.
 */
public final class JettyErrorPages extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/edn; charset=utf-8");
        String category = status == 414 || status == 431 ? ":db.error/request-too-large" : ":db.error/invalid-request";
        String message = "The server could not read the request (" + status + (reason == null ? "" : ", " + reason) + ")";
        String body = "{:category " + category + " :message \"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\" :data {}}";
        return ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Installs it on a Jetty server. */
    public static void install(org.eclipse.jetty.server.Server server) {
        server.setErrorHandler(new JettyErrorPages());
    }
}
