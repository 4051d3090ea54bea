package io.jenkins.plugins.aigovernance.core.audit.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store URL and where credentials come from (never the URL). */
class PostgresConnectionTest {

    @TempDir
    Path dir;

    @Test
    void parsesTheUrlAndRefusesCredentialsParametersAndOtherShapes() {
        assertThat(PostgresLocation.parse("--store", "postgresql://db.example.com/governance"))
                .isEqualTo(new PostgresLocation("db.example.com", 5432, "governance"));
        assertThat(PostgresLocation.parse("--store", "postgres://127.0.0.1:6543/audit").jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:6543/audit");
        assertThat(PostgresLocation.parse("auditStoreUrl", "jdbc:postgresql://db.example.com:5433/governance"))
                .isEqualTo(new PostgresLocation("db.example.com", 5433, "governance"));
        assertThat(PostgresLocation.isUrl("jdbc:postgresql://db/g")).isTrue();
        assertThat(PostgresLocation.isUrl("jdbc:mysql://db/g")).isFalse();
        assertThatThrownBy(() -> PostgresLocation.parse("--store", "postgresql://aigov:secret@db/governance"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--store").hasMessageNotContaining("secret");
        for (String bad : new String[] {"postgresql://db/governance?sslmode=disable", "postgresql://db:99999/g", "postgresql://db", "mysql://db/g",
            "postgresql://db/g;DROP", "jdbc:postgresql://db/g?user=aigov", "jdbc:postgres://db/g"}) {
            assertThatThrownBy(() -> PostgresLocation.parse("--store", bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void credentialsComeFromTheEnvironmentOrTheFirstMatchingPgpassLine() throws Exception {
        assertThat(PostgresCredentials.fromEnvironment(Map.of("PGUSER", "aigov", "PGPASSWORD", "pw"))).isEqualTo(new PostgresCredentials("aigov", "pw"));
        assertThatThrownBy(() -> PostgresCredentials.fromEnvironment(Map.of("PGPASSWORD", "pw"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("PGUSER");
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "# comment\nother:5432:*:x:y\ndb:*:governance:audit:p\\:w\\\\d\n*:*:*:fallback:z\n", StandardCharsets.UTF_8);
        PostgresLocation db = PostgresLocation.parse("--store", "postgresql://db:7000/governance");
        assertThat(PostgresCredentials.fromPgpass(pgpass, db)).isEqualTo(new PostgresCredentials("audit", "p:w\\d"));
        assertThat(PostgresCredentials.fromPgpass(pgpass, PostgresLocation.parse("--store", "postgresql://elsewhere/x")).user()).isEqualTo("fallback");
        assertThat(PostgresCredentials.fromPgpass(pgpass, db).toString()).doesNotContain("p:w");
        Files.writeString(pgpass, "db:5432:governance\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PostgresCredentials.fromPgpass(pgpass, db)).isInstanceOf(InvalidInputException.class).hasMessageContaining(":1");
    }
}
