package io.jenkins.plugins.aigovernance.core.provenance;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person or agent as git writes it: {@code Name <email>}.
 *
 * @param name  display name, possibly empty
 * @param email email address as written, possibly empty
 */
public record GitIdentity(String name, String email) {

    private static final Pattern NAME_EMAIL = Pattern.compile("^(.*?)\\s*<([^<>]*)>\\s*$");

    public GitIdentity {
        name = name == null ? "" : name.strip();
        email = email == null ? "" : email.strip();
    }

    /**
     * Parses {@code Name <email>}, {@code <email>} or a bare {@code user@host}; empty for anything
     * else (a tool name such as {@code claude-code/1.0}).
     */
    public static Optional<GitIdentity> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        Matcher m = NAME_EMAIL.matcher(v);
        if (m.matches()) {
            return Optional.of(new GitIdentity(m.group(1), m.group(2)));
        }
        if (v.indexOf('@') > 0 && v.chars().noneMatch(Character::isWhitespace)) {
            return Optional.of(new GitIdentity("", v));
        }
        return Optional.empty();
    }

    /** The email in lower case, for comparisons. */
    public String normalizedEmail() {
        return email.toLowerCase(Locale.ROOT);
    }

    /** {@code Name <email>} (or just the name or the email when the other is empty). */
    @Override
    public String toString() {
        if (email.isEmpty()) {
            return name;
        }
        return name.isEmpty() ? "<" + email + ">" : name + " <" + email + ">";
    }
}
