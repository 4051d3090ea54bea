package io.jenkins.plugins.aigovernance.core.audit;

/**
 * Bytes after the last newline of a log: an append that did not finish (the writer died before its
 * newline was written). Readers ignore them and say so; the next writer moves them to
 * {@code <log>.torn} and cuts them off.
 *
 * @param offset where the torn bytes start
 * @param length how many there are
 * @param line   the line number they would have had
 */
public record TornTail(long offset, long length, long line) {

    public String describe() {
        return "torn last line " + line + " at byte " + offset + " (" + length + " bytes without a newline): an unfinished append, ignored";
    }
}
