package io.jenkins.plugins.aigovernance.core.audit.postgresql;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A database user and password: from a pgpass file (libpq's format,
 * {@code hostname:port:database:username:password}, {@code *} matching anything, {@code \:} and
 * {@code \\} escaped; the first matching line wins) or from the environment ({@code PGUSER},
 * {@code PGPASSWORD}), never from a command line.
 */
public record PostgresCredentials(String user, String password) {

    @Override
    public String toString() {
        return "PostgresCredentials[user=" + user + "]";
    }

    /** From {@code PGUSER} and {@code PGPASSWORD}. */
    public static PostgresCredentials fromEnvironment(Map<String, String> env) {
        String user = env.get("PGUSER");
        if (user == null || user.isEmpty()) {
            throw new InvalidInputException("PGUSER", "no database user: set PGUSER (and PGPASSWORD), or give a pgpass file");
        }
        return new PostgresCredentials(user, env.get("PGPASSWORD"));
    }

    /** The first line of the pgpass file {@code file} that matches {@code location}. */
    public static PostgresCredentials fromPgpass(Path file, PostgresLocation location) {
        String text;
        try {
            if (Files.size(file) > 1 << 20) {
                throw new InvalidInputException(file.toString(), "larger than 1 MiB: not a pgpass file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read credentials: " + e.getMessage(), e);
        }
        int lineNo = 0;
        for (String line : text.split("\r?\n")) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = fields(line);
            if (f.length != 5) {
                throw new InvalidInputException(file + ":" + lineNo, "expected hostname:port:database:username:password");
            }
            if (matches(f[0], location.host()) && matches(f[1], Integer.toString(location.port())) && matches(f[2], location.database())) {
                return new PostgresCredentials(f[3], f[4]);
            }
        }
        throw new InvalidInputException(file.toString(), "no line for " + location);
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    private static String[] fields(String line) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
            } else if (c == ':') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out.toArray(String[]::new);
    }
}
