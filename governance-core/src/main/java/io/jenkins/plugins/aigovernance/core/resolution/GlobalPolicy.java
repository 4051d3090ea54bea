package io.jenkins.plugins.aigovernance.core.resolution;

import java.util.Arrays;
import java.util.Objects;

/**
 * A default policy a front end holds as text rather than as a file in the repository (the Jenkins
 * global configuration's default policy): a name for error messages and reports, and the bytes.
 *
 * @param name  how errors and the policy label name it, e.g. {@code Jenkins global default policy}
 * @param bytes the policy document (YAML), at most {@link io.jenkins.plugins.aigovernance.core.policy.PolicyLoader#MAX_BYTES}
 */
public record GlobalPolicy(String name, byte[] bytes) {

    public GlobalPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GlobalPolicy g && g.name.equals(name) && Arrays.equals(g.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "GlobalPolicy[" + name + ", " + bytes.length + " bytes]";
    }
}
