package io.jenkins.plugins.aigovernance.core.change;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jgit.lib.FileMode;
import org.junit.jupiter.api.Test;

/** The changed-file mode text without {@code String.format} (docs/performance.md): the same six octal digits for every mode. */
class GitFileModeTest {

    @Test
    void everyModeIsWrittenAsSixOctalDigitsAsStringFormatWritesIt() {
        for (int bits = 0; bits <= 0177777; bits++) {
            FileMode m = FileMode.fromBits(bits);
            if (m == FileMode.MISSING) {
                continue;
            }
            assertThat(GitChangeReader.mode(m, false)).as("mode %o", bits).isEqualTo(String.format("%06o", m.getBits()));
        }
        assertThat(GitChangeReader.mode(FileMode.REGULAR_FILE, false)).isEqualTo("100644");
        assertThat(GitChangeReader.mode(FileMode.TREE, false)).isEqualTo("040000");
        assertThat(GitChangeReader.mode(FileMode.REGULAR_FILE, true)).isNull();
        assertThat(GitChangeReader.mode(FileMode.MISSING, false)).isNull();
    }
}
