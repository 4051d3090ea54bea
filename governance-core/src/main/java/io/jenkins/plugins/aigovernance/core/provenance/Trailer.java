package io.jenkins.plugins.aigovernance.core.provenance;

import java.util.Optional;

/**
 * One git trailer ({@code Key: value}) of a commit message. Keys compare case-insensitively, so
 * {@code Co-Authored-By} and {@code Co-authored-by} are the same trailer.
 *
 * @param key   the key as written
 * @param value the value, continuation lines unfolded into single spaces
 */
public record Trailer(String key, String value) {

    public Trailer {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("trailer key is empty");
        }
        value = value == null ? "" : value.strip();
    }

    /** Whether this trailer's key is {@code key}, ignoring case. */
    public boolean is(String key) {
        return this.key.equalsIgnoreCase(key);
    }

    /** The value as a {@code Name <email>} identity, when it is one. */
    public Optional<GitIdentity> identity() {
        return GitIdentity.parse(value);
    }

    @Override
    public String toString() {
        return key + ": " + value;
    }
}
