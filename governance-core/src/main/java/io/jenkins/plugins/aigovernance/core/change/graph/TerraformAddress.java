package io.jenkins.plugins.aigovernance.core.change.graph;

/**
 * Splits Terraform resource instance addresses ({@code module.svc["a"].module.db[0].aws_db_instance.main[1]}) into
 * the module instance path ({@code module.svc["a"].module.db[0].}), the resource's configuration address inside
 * the module ({@code aws_db_instance.main}) and the configuration path without instance keys
 * ({@code module.svc.module.db.}). Instance keys may be numbers or quoted strings with escapes and dots.
 * See <a href="https://developer.hashicorp.com/terraform/cli/state/resource-addressing">Resource addressing</a>.
 */
record TerraformAddress(String modulePath, String local, String configModulePath) {

    static TerraformAddress parse(String address) {
        int i = 0;
        StringBuilder stripped = new StringBuilder();
        while (address.startsWith("module.", i)) {
            int nameStart = i + 7;
            int j = nameStart;
            while (j < address.length() && address.charAt(j) != '.' && address.charAt(j) != '[') {
                j++;
            }
            stripped.append("module.").append(address, nameStart, j).append('.');
            if (j < address.length() && address.charAt(j) == '[') {
                j = closingBracket(address, j) + 1;
            }
            if (j >= address.length() || address.charAt(j) != '.') {
                break;
            }
            i = j + 1;
        }
        String rest = address.substring(i);
        int bracket = rest.indexOf('[');
        String local = bracket < 0 ? rest : rest.substring(0, bracket);
        return new TerraformAddress(address.substring(0, i), local, stripped.toString());
    }

    /** The length of the module instance path at the start of {@code address} ({@code module.a["x"].} for {@code module.a["x"].aws_s3_bucket.b}); 0 in the root module. */
    static int moduleEnd(String address) {
        int i = 0;
        while (address.startsWith("module.", i)) {
            int j = i + 7;
            while (j < address.length() && address.charAt(j) != '.' && address.charAt(j) != '[') {
                j++;
            }
            if (j < address.length() && address.charAt(j) == '[') {
                j = closingBracket(address, j) + 1;
            }
            if (j >= address.length() || address.charAt(j) != '.') {
                break;
            }
            i = j + 1;
        }
        return i;
    }

    /** The index of the {@code ]} closing the {@code [} at {@code open}, skipping quoted strings; the last index when unclosed. */
    private static int closingBracket(String s, int open) {
        boolean quoted = false;
        for (int k = open + 1; k < s.length(); k++) {
            char c = s.charAt(k);
            if (quoted) {
                if (c == '\\') {
                    k++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ']') {
                return k;
            }
        }
        return s.length() - 1;
    }

    /** The outermost module instance ({@code module.svc["a"]}), or {@code null} in the root module. */
    String outermostModule() {
        return outermostModule(modulePath);
    }

    /** The outermost module instance of module instance path {@code modulePath}, or {@code null} for the root module. */
    static String outermostModule(String modulePath) {
        if (modulePath.isEmpty()) {
            return null;
        }
        int end = 7;
        while (end < modulePath.length() && modulePath.charAt(end) != '.' && modulePath.charAt(end) != '[') {
            end++;
        }
        if (end < modulePath.length() && modulePath.charAt(end) == '[') {
            end = closingBracket(modulePath, end) + 1;
        }
        return modulePath.substring(0, end);
    }

    /** The configuration address without instance keys ({@code module.svc.aws_iam_role.r}). */
    String configAddress() {
        return configModulePath + local;
    }

    /** The instance path of the module containing module instance {@code modulePath}, e.g. {@code module.a[0].} for {@code module.a[0].module.b.}. */
    static String parentModule(String modulePath) {
        if (modulePath.isEmpty()) {
            return null;
        }
        TerraformAddress inner = parse(modulePath + "x.y");
        String p = inner.modulePath();
        // find the start of the last module segment
        int last = 0;
        int i = 0;
        while (p.startsWith("module.", i)) {
            last = i;
            int j = i + 7;
            while (j < p.length() && p.charAt(j) != '.' && p.charAt(j) != '[') {
                j++;
            }
            if (j < p.length() && p.charAt(j) == '[') {
                j = closingBracket(p, j) + 1;
            }
            i = j + 1;
        }
        return p.substring(0, last);
    }

    /** The call name of the last module segment of {@code modulePath} ({@code b} for {@code module.a[0].module.b["k"].}). */
    static String callName(String modulePath) {
        String parent = parentModule(modulePath);
        int start = parent.length() + 7;
        int j = start;
        while (j < modulePath.length() && modulePath.charAt(j) != '.' && modulePath.charAt(j) != '[') {
            j++;
        }
        return modulePath.substring(start, j);
    }
}
