package io.jenkins.plugins.aigovernance.core.provenance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * An inclusive, 1-based range of lines of one file.
 *
 * @param start first line (at least 1)
 * @param end   last line (at least {@code start})
 */
public record LineRange(int start, int end) {

    public LineRange {
        if (start < 1 || end < start) {
            throw new IllegalArgumentException("invalid line range " + start + "-" + end);
        }
    }

    /** Number of lines in the range. */
    public int length() {
        return end - start + 1;
    }

    /** Number of distinct lines the ranges cover (overlaps counted once). */
    public static int countDistinct(Collection<LineRange> ranges) {
        if (ranges.isEmpty()) {
            return 0;
        }
        List<LineRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(LineRange::start));
        long total = 0;
        int curStart = sorted.get(0).start;
        int curEnd = sorted.get(0).end;
        for (int i = 1; i < sorted.size(); i++) {
            LineRange r = sorted.get(i);
            if (r.start <= curEnd + 1) {
                curEnd = Math.max(curEnd, r.end);
            } else {
                total += curEnd - curStart + 1L;
                curStart = r.start;
                curEnd = r.end;
            }
        }
        total += curEnd - curStart + 1L;
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    /**
     * Parses git-ai's range list: comma-separated single lines and {@code start-end} ranges
     * ({@code 1-4,9,12-20}), without spaces.
     *
     * @throws IllegalArgumentException when a part is not a line number or a valid range
     */
    public static List<LineRange> parseList(String spec) {
        List<LineRange> out = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            try {
                if (dash < 0) {
                    int line = Integer.parseInt(part);
                    out.add(new LineRange(line, line));
                } else {
                    out.add(new LineRange(Integer.parseInt(part.substring(0, dash)), Integer.parseInt(part.substring(dash + 1))));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part + "' is not a line number or range");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty line range list");
        }
        return out;
    }

    @Override
    public String toString() {
        return start == end ? Integer.toString(start) : start + "-" + end;
    }
}
