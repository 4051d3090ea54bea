package io.jenkins.plugins.aigovernance.core.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParallelDigestInputStreamTest {

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void digestCoversExactlyTheBytesReadWhateverTheReadSizes() throws Exception {
        Random random = new Random(42);
        byte[] data = new byte[3_000_000];
        random.nextBytes(data);
        try (ParallelDigestInputStream in = new ParallelDigestInputStream(new ByteArrayInputStream(data))) {
            byte[] buf = new byte[70_000];
            int total = 0;
            while (true) {
                int mode = random.nextInt(4);
                int n;
                if (mode == 0) {
                    n = in.read();
                    n = n < 0 ? -1 : 1;
                } else if (mode == 1) {
                    n = (int) in.skip(random.nextInt(5_000));
                    if (n == 0 && total == data.length) {
                        n = -1;
                    }
                } else {
                    n = in.read(buf, random.nextInt(100), 1 + random.nextInt(60_000));
                }
                if (n < 0) {
                    break;
                }
                total += n;
            }
            assertThat(total).isEqualTo(data.length);
            assertThat(in.finish()).isEqualTo(sha256(data));
        }
    }

    @Test
    void emptyInputHasTheEmptyDigest() throws Exception {
        try (ParallelDigestInputStream in = new ParallelDigestInputStream(InputStream.nullInputStream())) {
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.finish()).isEqualTo(sha256(new byte[0]));
        }
    }

    @Test
    void readErrorsPropagateAndStopTheHasher() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        ParallelDigestInputStream in = new ParallelDigestInputStream(broken);
        assertThatThrownBy(in::read).hasMessage("disk gone");
        in.stopHashing();
    }
}
