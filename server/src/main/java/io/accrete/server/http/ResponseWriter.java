package io.accrete.server.http;

import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Writes every answer. Answers too small for Javalin to compress go straight to the servlet
 * response with their Content-Length: handed to {@code ctx.result}, each one was copied through
 * a fresh buffer and scanned for compressibility (a case-insensitive search of the excluded MIME
 * types), together a fifth of a unique lookup's server time, for a body that would never be
 * compressed. Larger answers take Javalin's path, so they are compressed exactly as before.
 */
final class ResponseWriter {
    private ResponseWriter() {}

    /** Javalin compresses a body of at least this many bytes; AccreteServer keeps its default strategy. */
    static final int COMPRESSIBLE = CompressionStrategy.GZIP.getDefaultMinSizeForCompression();

    static void write(Context ctx, int status, String contentType, byte[] body) {
        ctx.status(status).contentType(contentType);
        if (body.length >= COMPRESSIBLE) {
            ctx.result(body);
            return;
        }
        HttpServletResponse res = ctx.res();
        res.setContentLength(body.length);
        try {
            res.getOutputStream().write(body);
        } catch (IOException e) {
            // The client has gone: there is no one left to tell, as when Javalin's own copy fails.
        }
    }
}
