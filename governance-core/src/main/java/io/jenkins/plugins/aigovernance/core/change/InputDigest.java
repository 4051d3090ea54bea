package io.jenkins.plugins.aigovernance.core.change;

/**
 * The sha256 of an input that is not in git (a plan file, a manifests folder), so that the change
 * fingerprint moves when it moves.
 *
 * @param kind   {@code terraform-plan}, {@code kubernetes-manifests}, ...
 * @param name   the input as the user named it
 * @param sha256 hex digest of its bytes (for folders: of the sorted file names and their digests)
 */
public record InputDigest(String kind, String name, String sha256) {
}
