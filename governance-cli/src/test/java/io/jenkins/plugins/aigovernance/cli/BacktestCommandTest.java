package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aigov backtest} over a real repository generated with a known mix of changes. */
class BacktestCommandTest {

    @TempDir
    Path repo;

    private final ObjectMapper json = new ObjectMapper();
    private static final PersonIdent ALICE = new PersonIdent("Alice Smith", "alice@corp.example");
    private int inWindow;
    private int aiInWindow;
    private int migrationsInWindow;

    private static AigovRun aigov(String... args) {
        return AigovRun.of(args);
    }

    private RevCommit commit(Git git, Instant at, String path, String text, boolean ai) throws Exception {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        git.add().addFilepattern(".").call();
        PersonIdent who = new PersonIdent(ALICE, at);
        return git.commit().setMessage("change " + path + (ai ? "\n\nCo-authored-by: Claude <noreply@anthropic.com>" : "")).setAuthor(who)
                .setCommitter(who).setSign(false).call();
    }

    @BeforeEach
    void history() throws Exception {
        Instant now = Instant.now();
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Instant old = now.minus(Duration.ofDays(120));
            commit(git, old, "README.md", "hello\n", false);
            // outside the window: an AI migration 100 days ago is not counted
            commit(git, now.minus(Duration.ofDays(100)), "db/migrate/V0__old.sql", "create table old(id int);\n", true);
            for (int i = 1; i <= 40; i++) {
                Instant at = now.minus(Duration.ofHours(24L * 60 - i * 30L));
                boolean ai = i % 3 == 0;
                boolean migration = i % 5 == 0;
                String path = migration ? "db/migrate/V" + i + "__step.sql" : i % 2 == 0 ? "src/main/java/App" + i + ".java" : "docs/page" + i + ".md";
                commit(git, at, path, "content " + i + "\n", ai);
                inWindow++;
                aiInWindow += ai ? 1 : 0;
                migrationsInWindow += migration ? 1 : 0;
            }
            // a feature branch merged with a merge commit: first-parent counts the merge once, with what it merged
            git.checkout().setCreateBranch(true).setName("feature").call();
            commit(git, now.minus(Duration.ofHours(5)), "src/main/java/Feature.java", "a\n", true);
            commit(git, now.minus(Duration.ofHours(4)), "db/migrate/V99__feature.sql", "alter table t add c int;\n", false);
            git.checkout().setName("main").call();
            commit(git, now.minus(Duration.ofHours(3)), "docs/late.md", "late\n", false);
            inWindow++;
            PersonIdent who = new PersonIdent(ALICE, now.minus(Duration.ofHours(2)));
            git.merge().include(git.getRepository().resolve("feature")).setFastForward(MergeCommand.FastForwardMode.NO_FF).setCommit(false).call();
            git.commit().setMessage("Merge feature").setAuthor(who).setCommitter(who).setSign(false).call();
            inWindow++;
            aiInWindow++; // the merge brings an AI-assisted commit
            migrationsInWindow++; // and a migration
        }
    }

    private static int sum(JsonNode counts) {
        int n = 0;
        for (Iterator<JsonNode> it = counts.elements(); it.hasNext(); ) {
            n += it.next().asInt();
        }
        return n;
    }

    @Test
    void replaysThePolicyOverFirstParentHistoryInTheWindow() throws Exception {
        AigovRun r = aigov("backtest", "--repo", repo.toString(), "--since", "90d", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = json.readTree(r.out());
        assertThat(doc.get("changes").asInt()).isEqualTo(inWindow);
        JsonNode p = doc.get("policy");
        assertThat(p.get("label").asText()).startsWith("builtin");
        assertThat(sum(p.get("tiers"))).isEqualTo(inWindow);
        assertThat(p.get("aiChanges").asInt()).isEqualTo(aiInWindow);
        assertThat(p.get("rules").get("schema-migration").asInt()).isEqualTo(migrationsInWindow);
        assertThat(p.get("tiers").get("CRITICAL").asInt()).isEqualTo(migrationsInWindow);
        // every CRITICAL change needs one CTO: the weekly CTO approvals add up to the CRITICAL changes
        int cto = 0;
        int weeks = 0;
        for (Iterator<JsonNode> it = p.get("approvalsByWeek").elements(); it.hasNext(); weeks++) {
            cto += it.next().path("cto").asInt();
        }
        assertThat(cto).isEqualTo(migrationsInWindow);
        assertThat(weeks).isGreaterThan(4);
        assertThat(p.get("approvalsByWeek").fieldNames().next()).matches("\\d{4}-W\\d{2}");

        // a shorter window replays fewer changes
        AigovRun week = aigov("backtest", "--repo", repo.toString(), "--since", "1d", "--json");
        assertThat(json.readTree(week.out()).get("changes").asInt()).isEqualTo(2);
    }

    @Test
    void comparesTwoPoliciesChangeByChange() throws Exception {
        Path old = repo.getParent().resolve(repo.getFileName() + "-old.yml");
        Files.writeString(old, """
                apiVersion: ai-governance/v1
                risk:
                  rules:
                    - {id: schema-migration, tier: HIGH}
                """);
        AigovRun r = aigov("backtest", "--repo", repo.toString(), "--compare", old.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = json.readTree(r.out());
        assertThat(doc.get("moved").get("HIGH→CRITICAL").asInt()).isEqualTo(migrationsInWindow);
        assertThat(doc.get("moved").size()).isEqualTo(1);
        assertThat(doc.get("compared").get("tiers").get("CRITICAL").asInt()).isZero();
        assertThat(doc.get("examples").get(0).get("subject").asText()).isEqualTo("Merge feature");

        AigovRun text = aigov("backtest", "--repo", repo.toString(), "--compare", old.toString());
        assertThat(text.out()).contains("AI Governance policy backtest").contains("rules that fire most").contains("schema-migration")
                .contains("HIGH→CRITICAL").contains("× cto");
    }

    @Test
    void timesThatAreNoWindowExit2NamingTheOption() {
        // red team, third landing: these were internal errors (exit 3)
        for (String since : new String[] {"-5d", "99999999999d", "+999999999-12-31T23:59:59Z", "2999-01-01"}) {
            AigovRun r = aigov("backtest", "--repo", repo.toString(), "--since=" + since);
            assertThat(r.code()).as(since + ": " + r.err()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(r.err()).as(since).contains("--since").doesNotContain("aigov: internal error").doesNotContain("Exception:");
        }
    }

    @Test
    void badInputIsNamed() {
        AigovRun r = aigov("backtest", "--repo", repo.toString(), "--head", "no-such-branch");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("no-such-branch");
        AigovRun p = aigov("backtest", "--repo", repo.toString(), "--compare", repo.resolve("missing.yml").toString());
        assertThat(p.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(p.err()).contains("missing.yml");
    }
}
