package io.jenkins.plugins.aigovernance.core.audit.postgresql;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;

/**
 * A PostgreSQL database named by a {@code postgresql://host[:port]/database} URL (the libpq connection
 * URI form; {@code jdbc:postgresql://host[:port]/database}, the JDBC driver's, means the same), without
 * user information or parameters: credentials never travel in the URL, see {@link PostgresCredentials}.
 *
 * @param host     host name or IPv4 address
 * @param port     TCP port (default 5432)
 * @param database database name
 */
public record PostgresLocation(String host, int port, String database) {

    private static final Pattern URL = Pattern.compile("(?:jdbc:postgresql|postgres(?:ql)?)://([A-Za-z0-9.-]{1,253})(?::(\\d{1,5}))?/([A-Za-z0-9_-]{1,63})");

    /**
     * Whether {@code text} is meant as a PostgreSQL URL (starts with {@code postgresql://}, {@code postgres://}
     * or, as the JDBC driver spells it, {@code jdbc:postgresql://}).
     */
    public static boolean isUrl(String text) {
        return text.startsWith("postgresql://") || text.startsWith("postgres://") || text.startsWith("jdbc:postgresql://");
    }

    /**
     * Parses the URL.
     *
     * @param input what to name in errors (e.g. {@code --store})
     * @throws InvalidInputException when it has user information, parameters or another shape
     */
    public static PostgresLocation parse(String input, String url) {
        if (url.contains("@")) {
            throw new InvalidInputException(input, "credentials do not belong in the URL; set PGUSER and PGPASSWORD, or give a pgpass file");
        }
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new InvalidInputException(input, "expected postgresql://HOST[:PORT]/DATABASE, not '" + url + "'");
        }
        int port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw new InvalidInputException(input, "port " + port + " is out of range");
        }
        return new PostgresLocation(m.group(1), port, m.group(3));
    }

    /** The JDBC URL. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }
}
