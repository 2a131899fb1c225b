package io.accrete.engine.storage;

import io.accrete.engine.data.Edn;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.schema.Attribute;
import io.accrete.engine.schema.Schema;
import io.accrete.engine.schema.ValueType;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a transaction's datoms as EDN text, {@code [[e a v tx added] …]} with the attribute
 * as its numeric id, so that the log reads in any SQL tool. EDN has one float type, so values of
 * float attributes are narrowed back by the schema when decoding.
 */
public final class LogCodec {
    private LogCodec() {}

    public static String encode(List<Datom> datoms) {
        StringBuilder sb = new StringBuilder(datoms.size() * 48);
        sb.append('[');
        for (int i = 0; i < datoms.size(); i++) {
            if (i > 0) sb.append('\n');
            datoms.get(i).printEdn(sb);
        }
        return sb.append(']').toString();
    }

    public static List<Datom> decode(String text, Schema schema) {
        Object parsed = Edn.read(text);
        if (!(parsed instanceof List<?> rows)) throw corrupt("log entry is not a vector");
        List<Datom> out = new ArrayList<>(rows.size());
        for (Object row : rows) {
            if (!(row instanceof List<?> r) || r.size() != 5) throw corrupt("log datom is not [e a v tx added]: " + Edn.printShort(row));
            int a = (int) (long) (Long) r.get(1);
            Object v = r.get(2);
            Attribute attr = schema.attribute(a);
            if (attr != null && attr.type() == ValueType.FLOAT && v instanceof Double d) v = d.floatValue();
            out.add(new Datom((Long) r.get(0), a, v, (Long) r.get(3), (Boolean) r.get(4)));
        }
        return out;
    }

    private static AccreteException corrupt(String why) {
        return Errors.error(Errors.STORAGE, "Corrupt log: " + why);
    }
}
