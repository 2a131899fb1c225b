package io.accrete.server.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.accrete.engine.data.Edn;
import io.accrete.engine.data.EdnPrintable;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.data.Symbol;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code application/json}. Reading gives raw values that {@link JsonConvention} then interprets
 * by position: object keys become keywords (a leading {@code :} is optional), integers are
 * {@code Long} ({@code BigInteger} past 64 bits) and decimals {@code BigDecimal} (a negative zero {@code -0.0}) so no digit is
 * lost before an attribute's type is known. Writing follows the documented convention: keyword
 * map keys without the colon, keyword values with it, integers beyond ±2^53 (what a JavaScript
 * number holds exactly) and big numbers as strings, instants as ISO-8601, bytes as base64,
 * sets and lists as arrays.
 */
final class JsonCodec implements Codec {
    static final long MAX_SAFE = (1L << 53) - 1;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(BodyGuard.MAX_DEPTH).maxNumberLength(1000).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    @Override public Object read(byte[] body) {
        BodyGuard.utf8(body);
        BodyGuard.checkJsonDepth(body);
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonToken t = p.nextToken();
            if (t == null) throw Errors.error(Errors.PARSE, "Empty JSON body");
            Object v = readValue(p, t);
            if (p.nextToken() != null) throw Errors.error(Errors.PARSE, "Unexpected content after the JSON value");
            return v;
        } catch (JsonProcessingException e) {
            throw Errors.error(Errors.PARSE, "Malformed JSON: " + forClient(e.getOriginalMessage()));
        } catch (IOException e) {
            throw Errors.error(Errors.PARSE, "Malformed JSON: " + e.getMessage());
        }
    }

    private static Object readValue(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<Object, Object> m = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (name.isEmpty() || name.equals(":")) throw Errors.error(Errors.PARSE, "Empty JSON object key");
                    m.put(Keyword.of(name), readValue(p, p.nextToken()));
                }
                return Collections.unmodifiableMap(m);
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) l.add(readValue(p, e));
                return Collections.unmodifiableList(l);
            }
            case VALUE_STRING: return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT: {
                BigDecimal d = io.accrete.engine.data.NumberLimits.checked(p.getDecimalValue());
                // A BigDecimal has no negative zero; a double attribute must still get the -0.0 it was sent.
                return d.signum() == 0 && p.getText().startsWith("-") ? (Object) (-0.0) : d;
            }
            case VALUE_TRUE: return Boolean.TRUE;
            case VALUE_FALSE: return Boolean.FALSE;
            case VALUE_NULL: return null;
            default: throw Errors.error(Errors.PARSE, "Unexpected JSON token " + t);
        }
    }

    @Override public byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeValue(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) g.writeNull();
        else if (v instanceof String s) g.writeString(s);
        else if (v instanceof Boolean b) g.writeBoolean(b);
        else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long l = ((Number) v).longValue();
            if (Math.abs(l) > MAX_SAFE || l == Long.MIN_VALUE) g.writeString(Long.toString(l));
            else g.writeNumber(l);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) g.writeString(d.toString());
            else g.writeNumber(d);
        } else if (v instanceof Float f) {
            if (f.isNaN() || f.isInfinite()) g.writeString(f.toString());
            else g.writeNumber(f);
        } else if (v instanceof Keyword k) g.writeString(":" + k.fullName());
        else if (v instanceof Symbol s) g.writeString(s.fullName());
        else if (v instanceof BigInteger || v instanceof BigDecimal) g.writeString(v.toString());
        else if (v instanceof Date d) g.writeString(d.toInstant().toString());
        else if (v instanceof java.time.Instant i) g.writeString(i.toString());
        else if (v instanceof UUID || v instanceof URI) g.writeString(v.toString());
        else if (v instanceof byte[] b) g.writeString(Base64.getEncoder().encodeToString(b));
        else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(key(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) writeValue(g, o);
            g.writeEndArray();
        } else if (v instanceof EdnPrintable || v instanceof io.accrete.engine.data.TempId
                || v instanceof io.accrete.engine.data.TaggedValue) {
            g.writeString(Edn.print(v));
        } else g.writeString(String.valueOf(v));
    }

    private static String key(Object k) {
        if (k instanceof Keyword kw) return kw.fullName();
        if (k instanceof String s) return s;
        if (k instanceof Number || k instanceof Boolean) return String.valueOf(k);
        try {
            return Edn.print(k);
        } catch (AccreteException e) {
            return String.valueOf(k);
        }
    }

    /**
     * Jackson's message without what means nothing to a client: where its source was ("REDACTED"),
     * and the names of its own settings ("enable `JsonReadFeature…` to allow").
     */
    static String forClient(String m) {
        if (m == null) return "unreadable input";
        return m.replaceAll("\\s*\\(start marker at \\[Source: .*?; line: (\\d+), column: (\\d+)\\]\\)", " (opened at line $1, column $2)")
                .replaceAll(": enable `[A-Za-z_.]+` to allow", " (JSON has no such token)")
                .replaceAll(", from `[A-Za-z.()]+`\\)", ")");
    }
}
