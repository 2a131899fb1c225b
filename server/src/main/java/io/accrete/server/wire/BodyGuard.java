package io.accrete.server.wire;

import io.accrete.engine.data.Edn;
import io.accrete.engine.error.Errors;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks made on raw bytes before a parser sees them: bodies are hostile, and the JSON and
 * transit readers recurse per nesting level, so depth is bounded here as the EDN reader bounds
 * it, rather than left to the thread's stack.
 */
public final class BodyGuard {
    private BodyGuard() {}

    public static final int MAX_DEPTH = Edn.MAX_DEPTH;

    /** Strict UTF-8: malformed input is a parse error, not replacement characters. */
    public static String utf8(byte[] body) {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw Errors.error(Errors.PARSE, "The request body is not valid UTF-8");
        }
    }

    /** Bracket depth of JSON text, ignoring brackets inside strings. */
    public static void checkJsonDepth(byte[] body) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') i++;
                else if (b == '"') inString = false;
            } else if (b == '"') {
                inString = true;
            } else if (b == '[' || b == '{') {
                if (++depth > MAX_DEPTH) {
                    throw Errors.error(Errors.PARSE, "The request body nests deeper than " + MAX_DEPTH + " levels");
                }
            } else if (b == ']' || b == '}') {
                depth--;
            }
        }
    }
}
