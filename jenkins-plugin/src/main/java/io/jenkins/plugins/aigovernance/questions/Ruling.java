package io.jenkins.plugins.aigovernance.questions;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import java.util.Objects;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What a {@link BlockingQuestion} does after the engine judged one answer: ask again (the answer was
 * refused, or counted but the question is still open) or stop asking (the question is settled; the
 * asker has ended or continued its step). A refusal carries its console line and its record on the
 * build's AI Governance trail, which the question writes.
 */
@Restricted(NoExternalUse.class)
public final class Ruling {

    private final boolean settled;
    private final String refusalLine;
    private final GovernanceRecord refusalRecord;

    private Ruling(boolean settled, @CheckForNull String refusalLine, @CheckForNull GovernanceRecord refusalRecord) {
        this.settled = settled;
        this.refusalLine = refusalLine;
        this.refusalRecord = refusalRecord;
    }

    /** The answer counted and settles the question. */
    public static Ruling settled() {
        return new Ruling(true, null, null);
    }

    /** The answer counted; the question stays open (another answer is needed). */
    public static Ruling askAgain() {
        return new Ruling(false, null, null);
    }

    /** The answer does not count: the question prints {@code line}, records {@code record} and asks again. */
    public static Ruling refused(@NonNull String line, @NonNull GovernanceRecord record) {
        return new Ruling(false, Objects.requireNonNull(line), Objects.requireNonNull(record));
    }

    public boolean isSettled() {
        return settled;
    }

    @CheckForNull
    String refusalLine() {
        return refusalLine;
    }

    @CheckForNull
    GovernanceRecord refusalRecord() {
        return refusalRecord;
    }
}
