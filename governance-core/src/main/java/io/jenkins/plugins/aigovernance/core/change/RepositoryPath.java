package io.jenkins.plugins.aigovernance.core.change;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;

/**
 * Normalizes repository-relative paths: {@code \} becomes {@code /}, {@code ./} and duplicate
 * slashes go; absolute paths, {@code ..} segments and NUL characters are refused, so a pattern can
 * never be dodged or escaped with path tricks. Matching is case-sensitive, as git is.
 */
public final class RepositoryPath {

    private RepositoryPath() {
    }

    /**
     * Returns the normalized form of {@code path}.
     *
     * @throws InvalidInputException when the path is empty, absolute, contains {@code ..} or a NUL
     */
    public static String normalize(String path) {
        if (path == null || path.isEmpty()) {
            throw new InvalidInputException("path", "empty path");
        }
        if (path.indexOf('\0') >= 0) {
            throw new InvalidInputException(path.replace('\0', '?'), "path contains a NUL character");
        }
        if (alreadyNormal(path)) {
            return path; // the common case (every path of a git tree): no copy
        }
        String p = path.replace('\\', '/');
        if (p.startsWith("/") || (p.length() > 1 && p.charAt(1) == ':')) {
            throw new InvalidInputException(path, "absolute paths are not repository paths");
        }
        StringBuilder out = new StringBuilder(p.length());
        for (String seg : p.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                throw new InvalidInputException(path, "'..' segments are not allowed in repository paths");
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(seg);
        }
        if (out.length() == 0) {
            throw new InvalidInputException(path, "path names no file");
        }
        return out.toString();
    }

    /**
     * Whether {@link #normalize} would return {@code path} unchanged: no backslash or NUL, not {@code C:}-like, and every
     * {@code /}-separated segment non-empty and neither {@code .} nor {@code ..}.
     */
    private static boolean alreadyNormal(String path) {
        int n = path.length();
        if (n > 1 && path.charAt(1) == ':') {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? path.charAt(i) : '/';
            if (c == '\\' || c == '\0') {
                return false;
            }
            if (c == '/') {
                int len = i - start;
                if (len == 0 || path.charAt(start) == '.' && (len == 1 || len == 2 && path.charAt(start + 1) == '.')) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }
}
