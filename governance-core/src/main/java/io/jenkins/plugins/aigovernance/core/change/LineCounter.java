package io.jenkins.plugins.aigovernance.core.change;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.diff.Sequence;
import org.eclipse.jgit.diff.SequenceComparator;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.BinaryBlobException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Counts the lines a changed file adds and deletes, as {@code git diff --numstat} does, straight from the two blobs:
 * each blob is opened once ({@link RawText#load}, so a file is binary exactly when JGit's {@code DiffFormatter} calls it
 * binary: a NUL byte, or a CR not followed by LF, in its first 8 KiB ({@link RawText#isBinary(byte[], int, boolean)};
 * git looks for a NUL in the first 8,000 bytes only, so a file with old Mac line ends is binary here and text to git), or
 * over {@value #BINARY_FILE_THRESHOLD} bytes) and no patch header is written or parsed.
 *
 * <p>The counts are those of git's default diff ({@code diff.algorithm} unset, {@code myers}, {@code default} or
 * {@code minimal}): a shortest edit script, whose added and deleted line counts are fixed by the two files alone
 * (deleted = lines of the old file minus the longest common subsequence, added likewise), whichever shortest script an
 * algorithm picks. They are computed as git's xdiff prepares them: the common first and last lines are trimmed, lines
 * with no equal line on the other side are set aside (they can never be common; a hash that matches keeps a line, so
 * nothing common is set aside), and Myers' greedy search finds the edit distance of the rest ({@link #common}; the counts
 * equal those of JGit's {@code MyersDiff} over the whole files, {@code GitLineCountTest}). Setting those lines aside keeps
 * a rewritten file linear (JGit's Myers alone takes seconds for a 20,000-line rewrite). A repository's or user's
 * {@code diff.algorithm} ({@code histogram}, {@code patience}) is not followed: the size of a change is a fact of the two
 * revisions that every reviewer and CI agent must read alike, whatever their git config, and a shortest script never
 * counts fewer lines than any other script (JGit's histogram diff took 24 s for one shuffled 50,000-line file and counted
 * fewer lines than git's histogram numstat). git's own Myers gives up on a shortest script when one region costs too much
 * (xdiff's {@code mxcost} heuristic, large and heavily interleaved edits), so there its counts can be higher than these.
 *
 * <p>Immutable; safe to share between threads (each thread passes its own {@link ObjectReader}).
 */
final class LineCounter {

    /** Larger blobs are counted as binary, as {@code DiffFormatter} does by default (git's {@code core.bigFileThreshold}). */
    static final int BINARY_FILE_THRESHOLD = 50 * 1024 * 1024;

    /** Lines added and deleted, or a binary file (no lines). */
    record Count(int added, int deleted, boolean binary) {
        static final Count BINARY = new Count(0, 0, true);
    }

    /** Most steps of the shortest-script search for one file ({@link #common}). */
    private final long maxSteps;
    /** Whether a file's budget also scales with its size ({@link #budget}). */
    private final boolean scaled;

    private LineCounter(long maxSteps, boolean scaled) {
        this.maxSteps = maxSteps;
        this.scaled = scaled;
    }

    /** git's default: a shortest edit script, each file searched within {@link #budget} steps. */
    static LineCounter shortest() {
        return new LineCounter(MAX_STEPS, true);
    }

    /** A shortest edit script, searched for at most {@code maxSteps} steps per file whatever its size ({@link #common}). */
    static LineCounter shortest(long maxSteps) {
        return new LineCounter(maxSteps, false);
    }

    /**
     * The lines {@code e} adds and deletes, reading its blobs with {@code reader}; a side that is absent (added or deleted
     * file) or not a blob counts as empty.
     *
     * @throws IOException when a blob cannot be read
     */
    Count count(ObjectReader reader, DiffEntry e) throws IOException {
        RawText a;
        RawText b;
        try {
            a = open(reader, e.getOldMode(), e.getOldId());
            b = open(reader, e.getNewMode(), e.getNewId());
        } catch (BinaryBlobException binary) {
            return Count.BINARY;
        }
        return count(a, b);
    }

    private static RawText open(ObjectReader reader, FileMode mode, AbbreviatedObjectId id) throws IOException, BinaryBlobException {
        if (mode == FileMode.MISSING || mode.getObjectType() != Constants.OBJ_BLOB || id == null) {
            return RawText.EMPTY_TEXT;
        }
        ObjectId full;
        if (id.isComplete()) {
            full = id.toObjectId();
        } else {
            Collection<ObjectId> found = reader.resolve(id);
            if (found.size() != 1) {
                throw found.isEmpty() ? new MissingObjectException(id, Constants.OBJ_BLOB) : new AmbiguousObjectException(id, found);
            }
            full = found.iterator().next();
        }
        return RawText.load(reader.open(full, Constants.OBJ_BLOB), BINARY_FILE_THRESHOLD);
    }

    /** The lines {@code b} adds to and deletes from {@code a}. */
    Count count(RawText a, RawText b) {
        Edit region = RawTextComparator.DEFAULT.reduceCommonStartEnd(a, b, new Edit(0, a.size(), 0, b.size()));
        int lengthA = region.getLengthA();
        int lengthB = region.getLengthB();
        if (lengthA == 0 || lengthB == 0) {
            return new Count(lengthB, lengthA, false);
        }
        int[] hashA = hashes(a, region.getBeginA(), lengthA);
        int[] hashB = hashes(b, region.getBeginB(), lengthB);
        Lines keptA = kept(a, region.getBeginA(), hashA, sorted(hashB));
        Lines keptB = kept(b, region.getBeginB(), hashB, sorted(hashA));
        return counts(lengthA, lengthB, keptA.size() == 0 || keptB.size() == 0 ? 0 : common(keptA, keptB, budget(keptA.size() + keptB.size())));
    }

    /**
     * The steps one file's search may take: {@value #STEPS_PER_LINE} per kept line, at least {@value #MIN_STEPS} and at
     * most {@code maxSteps}, so that the work for a whole change grows linearly with its lines (a commit of many files
     * whose lines were all shuffled costs milliseconds a file, not a second each); an explicit {@link #shortest(long)}
     * budget is used as it is. A file past its budget counts more changed lines than git would, never fewer.
     */
    long budget(int keptLines) {
        return scaled ? Math.min(maxSteps, Math.max(MIN_STEPS, STEPS_PER_LINE * keptLines)) : maxSteps;
    }

    /** Search steps a file may take per kept line ({@link #budget}). */
    static final long STEPS_PER_LINE = 128;
    /** Search steps any file may take ({@link #budget}): a few milliseconds. */
    static final long MIN_STEPS = 1L << 21;

    private static Count counts(int lengthA, int lengthB, int common) {
        return new Count(lengthB - common, lengthA - common, false);
    }

    /**
     * Most steps of the shortest-script search for one file, as (kept lines of both sides) x (edit distance): about a
     * second on one core. Past it no line is taken as common. The default counter's budget is smaller for all but huge
     * files ({@link #budget}).
     */
    static final long MAX_STEPS = 400_000_000L;

    /**
     * The number of lines common to {@code a} and {@code b} in a shortest edit script: Myers' greedy search for the edit
     * distance D ("An O(ND) Difference Algorithm and Its Variations", 1986, section 3), which needs one array of
     * furthest reaching paths and no edit list; common = (|a| + |b| - D) / 2. When D grows past
     * {@code maxSteps} / (|a| + |b|) (lines that all have a match elsewhere, in a different order), the search stops
     * and 0 is returned: every kept line counts as changed, more than git would count, never fewer (failing closed: a
     * change never looks smaller than it is).
     */
    private static int common(Lines a, Lines b, long maxSteps) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        long maxD = maxSteps / max;
        int[] v = new int[2 * max + 2];
        int offset = max + 1;
        for (int d = 0; d <= max && d <= maxD; d++) {
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && LINES.equals(a, x, b, y)) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    return (n + m - d) / 2;
                }
            }
        }
        return 0;
    }

    private static int[] hashes(RawText t, int begin, int length) {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = RawTextComparator.DEFAULT.hash(t, begin + i);
        }
        return out;
    }

    private static int[] sorted(int[] hashes) {
        int[] out = hashes.clone();
        Arrays.sort(out);
        return out;
    }

    /** The lines of {@code t} from {@code begin} whose hash is among {@code otherSorted}: the only ones that can be common. */
    private static Lines kept(RawText t, int begin, int[] hashes, int[] otherSorted) {
        int[] line = new int[hashes.length];
        int[] hash = new int[hashes.length];
        int n = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (Arrays.binarySearch(otherSorted, hashes[i]) >= 0) {
                line[n] = begin + i;
                hash[n] = hashes[i];
                n++;
            }
        }
        return new Lines(t, line, hash, n);
    }

    /**
     * Some lines of a text, in order, with their hashes (lines with equal hashes are compared byte for byte: the hash
     * rules most pairs out with one comparison).
     */
    private static final class Lines extends Sequence {
        final RawText text;
        final int[] line;
        final int[] hash;
        final int size;

        Lines(RawText text, int[] line, int[] hash, int size) {
            this.text = text;
            this.line = line;
            this.hash = hash;
            this.size = size;
        }

        @Override
        public int size() {
            return size;
        }
    }

    /** Compares kept lines as {@link RawTextComparator#DEFAULT} compares the lines they are (bytes, end of line included). */
    private static final SequenceComparator<Lines> LINES = new SequenceComparator<>() {
        @Override
        public boolean equals(Lines a, int ai, Lines b, int bi) {
            return a.hash[ai] == b.hash[bi] && RawTextComparator.DEFAULT.equals(a.text, a.line[ai], b.text, b.line[bi]);
        }

        @Override
        public int hash(Lines seq, int i) {
            return seq.hash[i];
        }
    };
}
