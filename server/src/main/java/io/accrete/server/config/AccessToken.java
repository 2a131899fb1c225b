package io.accrete.server.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A bearer token with a role on one database or on all ({@code db == "*"}). Written in
 * configuration as {@code secret:role} or {@code secret:role:db}, several separated by commas.
 * Each role includes the ones before it: {@code read} (queries and every other read),
 * {@code write} (transactions), {@code admin} (creating and deleting databases).
 */
public record AccessToken(String secret, Role role, String db) {
    public enum Role { READ, WRITE, ADMIN }

    private static final java.util.regex.Pattern DB_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public boolean allows(Role needed, String database) {
        boolean dbOk = "*".equals(db) || db.equals(database);
        return dbOk && role.compareTo(needed) >= 0;
    }

    /** Constant-time so that response timing tells nothing about how much of a guess was right. */
    public boolean matches(String candidate) {
        return MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    public static List<AccessToken> parseList(String text) {
        List<AccessToken> out = new ArrayList<>();
        if (text == null || text.isBlank()) return out;
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            String[] f = p.split(":");
            if (f.length < 2 || f.length > 3 || f[0].isEmpty()) {
                throw new IllegalArgumentException("A token is secret:role or secret:role:db (role read, write or admin)");
            }
            Role role = switch (f[1].toLowerCase()) {
                case "read" -> Role.READ;
                case "write" -> Role.WRITE;
                case "admin" -> Role.ADMIN;
                default -> throw new IllegalArgumentException("A token's role is read, write or admin, not '" + f[1] + "'");
            };
            if (f.length == 3 && !f[2].equals("*") && !DB_NAME.matcher(f[2]).matches()) {
                throw new IllegalArgumentException("A token's database is a database name (1 to 64 letters, digits, '-' or '_') or *, not '" + f[2] + "'");
            }
            for (AccessToken t : out) {
                // Only one of them could ever match: the configuration is a mistake.
                if (t.secret.equals(f[0])) throw new IllegalArgumentException("Two tokens have the same secret");
            }
            out.add(new AccessToken(f[0], role, f.length == 3 ? f[2] : "*"));
        }
        return out;
    }

    @Override public String toString() { return "AccessToken[" + role + " on " + db + "]"; }
}
