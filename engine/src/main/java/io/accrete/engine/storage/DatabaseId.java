package io.accrete.engine.storage;

import io.accrete.engine.error.Errors;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * A database's identity, made once when its folder is first opened and kept in
 * {@code accrete.id}. A t means something only within one database: a client that remembers
 * t 1019 of a database since deleted and created again under the same name must not wait for a
 * t 1019 of the new one. Clients compare this id to know which is which.
 */
public final class DatabaseId {
    private DatabaseId() {}

    static final String FILE = "accrete.id";

    /** The id of the database in {@code dir} (held by the caller), made and stored if it has none. */
    public static String of(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!id.isEmpty()) return id;
            }
            String id = UUID.randomUUID().toString();
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                c.write(java.nio.ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII)));
                c.force(true);
            }
            return id;
        } catch (IOException e) {
            throw Errors.error(Errors.STORAGE, "Cannot read or make the database id in " + dir + ": " + e.getMessage());
        }
    }
}
