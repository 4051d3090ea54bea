package io.jenkins.plugins.aigovernance.core.change;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;

/**
 * Finds the governance inputs among a change's files and reads them: AWS CloudFormation (and SAM) templates
 * ({@code *.yaml}, {@code *.yml}, {@code *.json}, {@code *.template}) with {@link CloudFormationTemplateReader}, Kubernetes
 * manifests ({@code *.yaml}, {@code *.yml}, {@code *.json}) with {@link KubernetesManifestReader} and IAM policy documents
 * ({@code *.json}) with {@link IamPolicyReader}. Other YAML and JSON (lockfiles, CI and compose files, data) are not inputs
 * and never stop the gate, whatever they hold (repeated keys, many aliases, megabytes). A template is read once per version:
 * a file that is one is not read again as a manifest or policy document (unless its top level is also one of those); for a
 * modified template the previous version is read too, to tell created, updated, unchanged and deleted resources apart.
 *
 * <p>A file that <em>might</em> be an input and cannot be read fails closed for that file alone: a file that
 * mentions {@code apiVersion} and {@code kind} (a manifest, or looks like one) becomes one resource read the strictest
 * way ({@link #unreadableManifest}: cluster-scoped RBAC with account-level power), a JSON file that mentions
 * {@code "Statement"} a policy document read as {@code Allow * on *}, a file that names {@code AWSTemplateFormatVersion}, or
 * a {@code Resources:} key and {@code AWS::}, a template read as an administrator role anyone can assume
 * ({@link CloudFormationTemplateReader#unreadable}); each gets an {@link InputNote.Kind#READ_FAIL_CLOSED}
 * note naming the file and the reason. A deleted file is read leniently (its last content says what the change
 * deletes): if that content cannot be read, the file adds nothing. Files are read by blob id; at most
 * {@link InputLimits#maxManifestBytes()} bytes of a file are read (a larger one is judged by its first
 * {@value #PREFIX_BYTES} bytes). This class holds no mutable state.
 */
public final class ChangedFileReader {

    /** The type of a manifest read fail-closed. */
    public static final String UNREADABLE_MANIFEST = "UnreadableManifest";
    /** Bytes of an over-limit file read to tell whether it might be an input. */
    static final int PREFIX_BYTES = 64 * 1024;

    private final InputLimits limits;
    private final KubernetesManifestReader manifests;
    private final IamPolicyReader iam;
    /** Made for the first file that may be a template: a change without one loads none of its classes (docs/performance.md). */
    private final java.util.function.Supplier<CloudFormationTemplateReader> templates;

    public ChangedFileReader(InputLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.manifests = new KubernetesManifestReader(limits);
        this.iam = new IamPolicyReader(limits);
        this.templates = new io.jenkins.plugins.aigovernance.core.document.OnFirstUse<>(() -> new CloudFormationTemplateReader(limits));
    }

    /** How a file's name says it is read: YAML ({@code *.yaml}, {@code *.yml}), JSON, or a template ({@code *.template}, either). */
    enum Format {
        YAML, JSON, TEMPLATE;

        /** The format a path's name says, or {@code null} for a name that is not read. */
        static Format of(String path) {
            String lower = path.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
                return YAML;
            }
            if (lower.endsWith(".json")) {
                return JSON;
            }
            return lower.endsWith(".template") ? TEMPLATE : null;
        }
    }

    /** What the changed files hold: resources, and notes on files read fail-closed. */
    public record Result(List<ResourceChange> resources, List<InputNote> notes) {
        public Result {
            resources = List.copyOf(resources);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Reads the inputs among {@code files} from {@code repo}: added, modified, renamed and copied files at their new blob,
     * deleted ones at their old blob (a modified or renamed template at its old blob too). Submodules and files that are
     * neither YAML, JSON nor {@code *.template} are skipped (such a file git calls binary is read: UTF-16 text holds NUL
     * bytes); a file renamed from such a name to another is read at its old blob as deleted.
     *
     * @throws InvalidInputException only when the repository itself cannot be read
     */
    public Result read(Repository repo, List<FileChange> files) {
        return read(repo, files, null);
    }

    /**
     * {@link #read(Repository, List)}, showing every Kubernetes object of a file that was read to {@code objects}
     * (the resource graph); a file read fail-closed shows none.
     *
     * @param objects sees each object with its document; {@code null} for none
     */
    public Result read(Repository repo, List<FileChange> files, ManifestObjectListener objects) {
        List<ResourceChange> resources = new ArrayList<>();
        List<InputNote> notes = new ArrayList<>();
        for (FileChange f : files) {
            Format format = Format.of(f.path());
            if (format == null && f.kind() == ChangeKind.RENAME && !f.submodule() && f.oldPath() != null && f.oldBlob() != null
                    && isInputName(f.oldPath())) {
                // renamed to a name that is not read (guard.json -> guard.md, -> guard.json.bak): for the gates the document
                // at the old path is deleted, exactly as if the file had been removed
                resources.addAll(readOne(f.oldPath(), content(repo, f.oldPath(), f.oldBlob()), Format.of(f.oldPath()),
                        ResourceAction.DELETE, true, null, notes, objects));
                continue;
            }
            // a file named as an input is read even when git calls it binary: UTF-16 text holds NUL bytes
            if (f.submodule() || format == null) {
                continue;
            }
            boolean deleted = f.kind() == ChangeKind.DELETE;
            String blob = deleted ? f.oldBlob() : f.newBlob();
            if (blob == null) {
                continue;
            }
            ResourceAction action = switch (f.kind()) {
                case ADD, COPY -> ResourceAction.CREATE;
                case DELETE -> ResourceAction.DELETE;
                default -> ResourceAction.UPDATE;
            };
            Content content = content(repo, f.path(), blob);
            // the version before, read only if this file is a template (to tell what it creates, changes and deletes)
            String oldPath = f.oldPath() == null ? f.path() : f.oldPath();
            java.util.function.Supplier<Content> previous = action == ResourceAction.UPDATE && f.oldBlob() != null && isInputName(oldPath)
                    ? () -> content(repo, oldPath, f.oldBlob()) : null;
            resources.addAll(readOne(f.path(), content, format, action, deleted, previous, notes, objects));
        }
        return new Result(resources, notes);
    }

    /**
     * The resources of one file, failing closed for that file when it might be an input and cannot be read.
     *
     * @param previous for a modified or renamed file, its version before (read only when the file is a template); else {@code null}
     */
    List<ResourceChange> readOne(String path, Content content, Format format, ResourceAction action, boolean deleted,
            java.util.function.Supplier<Content> previous, List<InputNote> notes, ManifestObjectListener objects) {
        String text = decode(content.bytes());
        boolean json = format == Format.JSON;
        boolean templateName = format == Format.TEMPLATE;
        boolean manifest = !templateName && (content.truncated() ? content.namesManifest() : mightBeManifest(text));
        boolean policy = json && (content.truncated() ? content.namesStatement() : text.contains("\"Statement\""));
        boolean template = content.truncated() ? content.namesTemplate() : mightBeTemplate(text);
        if (content.truncated()) {
            String why = "the file is " + content.size() + " bytes, over the limit of " + limits.maxManifestBytes()
                    + " bytes (maxManifestBytes) for manifests, policy documents and templates";
            return failClosed(path, why, manifest, policy, template, action, deleted, notes);
        }
        if (isLfsPointer(text)) {
            // the document itself is in Git LFS, not in git: whatever it deploys or grants cannot be read from the change
            String why = "the file is a Git LFS pointer: its content is not in the repository";
            return failClosed(path, why, format == Format.YAML, json, templateName, action, deleted, notes);
        }
        byte[] bytes = utf8(content.bytes(), text);
        List<ResourceChange> out = new ArrayList<>();
        if (template) {
            byte[] before = previousTemplate(previous);
            try {
                CloudFormationTemplateReader.Read read = templates.get().read(path, bytes, before, action);
                if (read.template()) {
                    notes.addAll(read.notes());
                    out.addAll(read.resources());
                    if (templateName || !read.alsoManifestOrPolicy()) {
                        return out;
                    }
                }
            } catch (InvalidInputException e) {
                out.addAll(failClosed(path, problem(e), false, false, true, action, deleted, notes));
                if (!manifest) {
                    // read as the riskiest template, which grants more than any policy document could
                    return out;
                }
            }
        }
        if (templateName) {
            // *.template files are read only as templates
            return out;
        }
        try {
            Optional<ResourceChange> document = json ? iam.read(path, bytes, action) : Optional.empty();
            if (document.isPresent()) {
                ResourceChange d = document.get();
                d.details().stream().filter(x -> x.endsWith(IamPolicyAnalysis.FAIL_CLOSED)).findFirst()
                        .ifPresent(x -> notes.add(new InputNote(InputNote.Kind.READ_FAIL_CLOSED, path, x)));
                out.add(d);
                return out;
            }
            List<ResourceChange> read = manifests.readDocuments(path, bytes, action, objects);
            if (read.isEmpty() && manifest && !deleted && text.contains("{{")) {
                notes.add(new InputNote(InputNote.Kind.NOT_RENDERED, path, "a template (" + "{{ }}" + "): its objects are known only once "
                        + "rendered; render it (helm template ...) and pass the output with --manifests"));
            }
            out.addAll(read);
            return out;
        } catch (InvalidInputException e) {
            out.addAll(failClosed(path, problem(e), manifest, policy, false, action, deleted, notes));
            return out;
        }
    }

    /** The previous version of a template as UTF-8, or {@code null} when there is none or it cannot be read (over a limit, LFS). */
    private static byte[] previousTemplate(java.util.function.Supplier<Content> previous) {
        if (previous == null) {
            return null;
        }
        Content c = previous.get();
        String text = decode(c.bytes());
        if (c.truncated() || isLfsPointer(text)) {
            return null;
        }
        return utf8(c.bytes(), text);
    }

    /**
     * Whether text may be a CloudFormation template (so that it fails closed when it cannot be read): it names
     * {@code AWSTemplateFormatVersion}, or has a {@code Resources} key (at the start of a line, or after {@code {} or {@code ,})
     * and names {@code AWS::}.
     */
    static boolean mightBeTemplate(String text) {
        return text.contains("AWSTemplateFormatVersion") || (text.contains("Resources") && text.contains("AWS::")
                && RESOURCES_KEY.matcher(text).find());
    }

    private static final java.util.regex.Pattern RESOURCES_KEY = java.util.regex.Pattern.compile("(?m)(^|[{,])\\s*[\"']?Resources[\"']?\\s*:");

    /** The exception's message without the input name it starts with. */
    private static String problem(InvalidInputException e) {
        String m = e.getMessage();
        String prefix = e.input() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private List<ResourceChange> failClosed(String path, String why, boolean manifest, boolean policy, boolean template,
            ResourceAction action, boolean deleted, List<InputNote> notes) {
        if (deleted || (!manifest && !policy && !template)) {
            // not an input (a lockfile, CI or compose file), or a deleted file whose last content cannot be read
            return List.of();
        }
        List<ResourceChange> out = new ArrayList<>(2);
        if (template) {
            out.add(CloudFormationTemplateReader.unreadable(path, why, action));
            notes.add(new InputNote(InputNote.Kind.READ_FAIL_CLOSED, path, "cannot be read as a CloudFormation template (" + why
                    + "); read as an administrator role anyone can assume"));
            if (!manifest && !policy) {
                return out;
            }
        }
        ResourceChange r;
        if (policy) {
            IamPolicyAnalysis a = IamPolicyAnalysis.unreadable("unreadable policy document (" + why + ")");
            r = new ResourceChange(ResourceSource.IAM_POLICY, path, IamPolicyReader.TYPE, null, name(path), null, action, a.traits(),
                    path, a.details());
            notes.add(new InputNote(InputNote.Kind.READ_FAIL_CLOSED, path, "cannot be read as a policy document (" + why
                    + "); read as Allow * on *"));
        } else {
            r = unreadableManifest(path, why, action);
            notes.add(new InputNote(InputNote.Kind.READ_FAIL_CLOSED, path, "looks like a Kubernetes manifest but cannot be read ("
                    + why + "); read as a cluster-wide RBAC grant with account-level power"));
        }
        out.add(r);
        return out;
    }

    /**
     * The fail-closed reading of a manifest that cannot be read: one cluster-scoped object of type
     * {@value #UNREADABLE_MANIFEST} with the traits of the riskiest manifest (RBAC granting {@code *} on {@code *},
     * account-level, secret), so that it can never lower a tier or pass a scope rule a readable manifest would fail.
     */
    static ResourceChange unreadableManifest(String path, String why, ResourceAction action) {
        EnumSet<ResourceTrait> traits = EnumSet.of(ResourceTrait.IAM, ResourceTrait.RBAC, ResourceTrait.IAM_WILDCARD_ACTION,
                ResourceTrait.IAM_WILDCARD_RESOURCE, ResourceTrait.IAM_ACCOUNT_LEVEL, ResourceTrait.CLUSTER_SCOPED, ResourceTrait.SECRET);
        return new ResourceChange(ResourceSource.KUBERNETES, UNREADABLE_MANIFEST + "/" + path, UNREADABLE_MANIFEST, null, name(path), null,
                action, traits, path, List.of("unreadable manifest (" + why + "); read as a cluster-wide RBAC grant (fail closed)"));
    }

    /** Whether text may be a Kubernetes manifest: it names both {@code apiVersion} and {@code kind} (block, flow or JSON style). */
    static boolean mightBeManifest(String text) {
        return text.contains("apiVersion") && text.contains("kind");
    }

    /**
     * Whether text is a Git LFS pointer file: its first line is {@code version https://git-lfs.github.com/spec/v1} (or the
     * pre-release {@code https://hawser.github.com/spec/v1}), as the Git LFS specification (docs/spec.md) requires of every
     * pointer, which the blob then holds in place of the file.
     */
    static boolean isLfsPointer(String text) {
        return text.length() < 1024 && (text.startsWith("version https://git-lfs.github.com/spec/v1")
                || text.startsWith("version https://hawser.github.com/spec/v1"));
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * A file's bytes, or its first {@link #PREFIX_BYTES} when it is over the limit; then whether the whole file names
     * {@code "Statement"}, both {@code apiVersion} and {@code kind}, or {@code AWSTemplateFormatVersion} (or both
     * {@code Resources} and {@code AWS::}) (in UTF-8 or UTF-16), since padding can push those past any prefix.
     */
    record Content(byte[] bytes, long size, boolean truncated, boolean namesStatement, boolean namesManifest, boolean namesTemplate) {
        Content(byte[] bytes, long size, boolean truncated) {
            this(bytes, size, truncated, false, false, false);
        }
    }

    /**
     * Whether a path has a name the gates read as a possible input ({@code *.json}, {@code *.yaml}, {@code *.yml},
     * {@code *.template}).
     */
    static boolean isInputName(String path) {
        return Format.of(path) != null;
    }

    /**
     * The text of a file: UTF-8 (a byte order mark dropped), or UTF-16 when it starts with a UTF-16 byte order mark or
     * its first two bytes hold one NUL (RFC 8259 section 8.1's detection: JSON text starts with an ASCII character).
     */
    static String decode(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            return new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
        }
        if (b.length >= 2 && b[0] == 0 && b[1] != 0) {
            return new String(b, StandardCharsets.UTF_16BE);
        }
        if (b.length >= 2 && b[0] != 0 && b[1] == 0) {
            return new String(b, StandardCharsets.UTF_16LE);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The bytes the readers parse: the file's own when it is UTF-8 without a byte order mark, else {@code text} as UTF-8. */
    private static byte[] utf8(byte[] original, String text) {
        boolean plainUtf8 = original.length < 2 || (original[0] != 0 && original[1] != 0 && (original[0] & 0xff) != 0xFE
                && (original[0] & 0xff) != 0xFF && (original[0] & 0xff) != 0xEF);
        return plainUtf8 ? original : text.getBytes(StandardCharsets.UTF_8);
    }

    private static final List<byte[]> STATEMENT = encodings("\"Statement\"");
    private static final List<byte[]> API_VERSION = encodings("apiVersion");
    private static final List<byte[]> KIND = encodings("kind");
    private static final List<byte[]> FORMAT_VERSION = encodings("AWSTemplateFormatVersion");
    private static final List<byte[]> RESOURCES = encodings("Resources");
    private static final List<byte[]> AWS_TYPE = encodings("AWS::");

    private static List<byte[]> encodings(String s) {
        return List.of(s.getBytes(StandardCharsets.UTF_8), s.getBytes(StandardCharsets.UTF_16LE), s.getBytes(StandardCharsets.UTF_16BE));
    }

    /** Which of the markers occur anywhere in a stream, read once in 64 KiB chunks (linear in the file's size). */
    private static boolean[] scan(InputStream in, byte[] first, List<List<byte[]>> markers) throws IOException {
        boolean[] found = new boolean[markers.size()];
        int keep = 64; // the longest marker, AWSTemplateFormatVersion, is 48 bytes in UTF-16
        byte[] window = new byte[keep + 64 * 1024];
        int carried = Math.min(keep, first.length);
        System.arraycopy(first, first.length - carried, window, 0, carried);
        mark(first, first.length, markers, found);
        int n;
        while ((n = in.read(window, carried, window.length - carried)) > 0) {
            int len = carried + n;
            mark(window, len, markers, found);
            carried = Math.min(keep, len);
            System.arraycopy(window, len - carried, window, 0, carried);
        }
        return found;
    }

    private static void mark(byte[] buf, int len, List<List<byte[]>> markers, boolean[] found) {
        for (int m = 0; m < markers.size(); m++) {
            for (byte[] needle : markers.get(m)) {
                if (!found[m] && indexOf(buf, len, needle) >= 0) {
                    found[m] = true;
                }
            }
        }
    }

    private static int indexOf(byte[] buf, int len, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= len; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (buf[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private Content content(Repository repo, String path, String blob) {
        try {
            ObjectLoader loader = repo.open(ObjectId.fromString(blob), Constants.OBJ_BLOB);
            long size = loader.getSize();
            if (size > limits.maxManifestBytes()) {
                try (InputStream in = loader.openStream()) {
                    byte[] prefix = in.readNBytes(PREFIX_BYTES);
                    boolean[] found = scan(in, prefix, List.of(STATEMENT, API_VERSION, KIND, FORMAT_VERSION, RESOURCES, AWS_TYPE));
                    return new Content(prefix, size, true, found[0], found[1] && found[2], found[3] || (found[4] && found[5]));
                }
            }
            return new Content(loader.getCachedBytes(Math.toIntExact(limits.maxManifestBytes())), size, false);
        } catch (IOException e) {
            throw new InvalidInputException(path + "@" + blob.substring(0, Math.min(12, blob.length())), "cannot read file: " + e.getMessage(), e);
        }
    }
}
