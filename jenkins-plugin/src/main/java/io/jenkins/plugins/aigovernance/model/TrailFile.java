package io.jenkins.plugins.aigovernance.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.XmlFile;
import hudson.model.Run;
import hudson.util.XStream2;
import java.io.File;
import java.io.IOException;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * A build's {@code ai-governance.xml}: the {@link GovernanceTrail} in the build directory beside
 * {@code build.xml}, as junit's {@code TestResultAction} keeps {@code junitResult.xml}, so that recording a
 * line rewrites this file and not {@code build.xml}. Written whole through {@link XmlFile#write(Object)},
 * which replaces the file atomically ({@code AtomicFileWriter}: a temporary file moved over the old one), so a
 * reader sees the old trail or the new one, never a torn one.
 */
@Restricted(NoExternalUse.class)
final class TrailFile {

    /** File name in {@link Run#getRootDir()}. */
    static final String NAME = "ai-governance.xml";

    private static final XStream2 XSTREAM = new XStream2();

    static {
        XSTREAM.alias("ai-governance-trail", GovernanceTrail.class);
        XSTREAM.alias("record", GovernanceRecord.class);
        XSTREAM.registerConverter(new LocalizedTextConverter(XSTREAM.getReflectionProvider()), 10);
    }

    private final XmlFile file;

    private TrailFile(File file) {
        this.file = new XmlFile(XSTREAM, file);
    }

    /** The trail file of {@code run}. */
    static TrailFile of(@NonNull Run<?, ?> run) {
        return new TrailFile(new File(run.getRootDir(), NAME));
    }

    boolean exists() {
        return file.exists();
    }

    File file() {
        return file.getFile();
    }

    /**
     * The stored trail.
     *
     * @throws IOException when the file cannot be read or does not hold a trail (the message names the file)
     */
    @NonNull
    GovernanceTrail read() throws IOException {
        Object o = file.read();
        if (o instanceof GovernanceTrail trail) {
            return trail;
        }
        throw new IOException(
                file + " holds " + (o == null ? "nothing" : o.getClass().getName()) + ", not an AI Governance trail");
    }

    /** Replaces the stored trail atomically. */
    void write(@NonNull GovernanceTrail trail) throws IOException {
        file.write(trail);
    }
}
