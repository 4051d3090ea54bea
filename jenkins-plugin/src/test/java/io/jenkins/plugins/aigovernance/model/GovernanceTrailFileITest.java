package io.jenkins.plugins.aigovernance.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.jvnet.localizer.Localizable;

/**
 * Where a build's governance data lives (a small action in {@code build.xml}, the trail in
 * {@code ai-governance.xml} beside it, as junit's {@code junitResult.xml}), how old builds with the trail in
 * {@code build.xml} are moved, and that trail lines are stored as message keys and shown in the locale of the
 * request that shows them.
 */
@WithJenkins
class GovernanceTrailFileITest {

    private static final String ACTION = "io.jenkins.plugins.aigovernance.model.GovernanceRunAction";

    private static Path buildXml(FreeStyleBuild b) {
        return b.getRootDir().toPath().resolve("build.xml");
    }

    private static Path trailXml(FreeStyleBuild b) {
        return b.getRootDir().toPath().resolve(TrailFile.NAME);
    }

    /** The build as read again from disk (a new object: the run map's cache is dropped). */
    private static FreeStyleBuild reloaded(FreeStyleProject p, FreeStyleBuild b) {
        p._getRuns().purgeCache();
        FreeStyleBuild again = p.getBuildByNumber(b.getNumber());
        assertThat(again == b, is(false));
        return again;
    }

    @Test
    void recordsGoToTheTrailFileAndBuildXmlIsSavedOnlyWhenAFigureChanges(JenkinsRule j) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        GovernanceRunAction action = GovernanceRunAction.of(b);
        b.save();
        String saved = Files.readString(buildXml(b), StandardCharsets.UTF_8);
        assertThat(saved, containsString("<" + ACTION));

        for (int i = 0; i < 200; i++) {
            action.add(
                    GovernanceRecord.of(RecordKind.AUDIT, "audit line " + i, "risk-assessed", "{\"seq\":" + i + "}"));
        }
        assertThat(
                "build.xml is not rewritten for records that change no figure",
                Files.readString(buildXml(b), StandardCharsets.UTF_8),
                is(saved));
        String trail = Files.readString(trailXml(b), StandardCharsets.UTF_8);
        assertThat(trail, containsString("audit line 0"));
        assertThat(trail, containsString("audit line 199"));

        action.add(GovernanceRecord.of(RecordKind.SCOPE, "scope denied", "deny", null)
                .blocking(true));
        String after = Files.readString(buildXml(b), StandardCharsets.UTF_8);
        assertThat(after, containsString("<blocked>true</blocked>"));
        assertThat(after, not(containsString("audit line")));
        assertThat(after, not(containsString("scope denied")));

        GovernanceRunAction loaded = reloaded(p, b).getAction(GovernanceRunAction.class);
        assertThat(loaded.isBlocked(), is(true));
        List<GovernanceRecord> records = loaded.getRecords();
        assertThat(records.size(), is(201));
        assertThat(records.get(150).getSummary(), is("audit line 150"));
        assertThat(records.get(150).getDocument().get("seq"), is(150));
        assertThat(records.get(200).getOutcome(), is("deny"));
    }

    @Test
    void theFiguresComeFromBuildXmlAndAnUnreadableTrailFailsClosed(JenkinsRule j) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        GovernanceRunAction action = GovernanceRunAction.of(b);
        action.add(GovernanceRecord.of(RecordKind.APPROVAL, "denied", "denied", null)
                .blocking(true)
                .lasting(4200));
        Files.writeString(trailXml(b), "<ai-governance-trail><records><record>", StandardCharsets.UTF_8);

        FreeStyleBuild again = reloaded(p, b);
        GovernanceRunAction loaded = again.getAction(GovernanceRunAction.class);
        // the project page's figures need no trail file
        BuildSummary summary = loaded.summary();
        assertThat(summary.blocked(), is(true));
        assertThat(summary.approvalMillis(), is(4200L));
        // what a later step would read is not there: it fails, naming the file
        UncheckedIOException e = assertThrows(UncheckedIOException.class, loaded::getRequirementJson);
        assertThat(e.getMessage(), containsString(trailXml(b).toString()));
        assertThrows(
                UncheckedIOException.class, () -> loaded.add(GovernanceRecord.of(RecordKind.AUDIT, "more", "x", null)));
        // the build's page says so instead of showing an empty trail
        String html = j.createWebClient()
                .goTo(again.getUrl() + GovernanceRunAction.URL_NAME + "/")
                .getWebResponse()
                .getContentAsString();
        assertThat(html, containsString("cannot read the governance trail"));
        assertThat(html, containsString(TrailFile.NAME));
        assertThat(
                "the damaged file is not overwritten",
                Files.readString(trailXml(b), StandardCharsets.UTF_8),
                is("<ai-governance-trail><records><record>"));
    }

    @Test
    void anOldBuildWithTheTrailInBuildXmlIsMovedToTheTrailFile(JenkinsRule j) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        GovernanceRunAction.of(b);
        b.save();
        // build.xml as builds recorded before the trail file wrote it: the trail inside the action
        String legacy = """
                <records class="java.util.concurrent.CopyOnWriteArrayList">
                  <io.jenkins.plugins.aigovernance.model.GovernanceRecord>
                    <kind>RISK</kind>
                    <timestamp>1700000000000</timestamp>
                    <summary>HIGH, blast radius 42</summary>
                    <outcome>HIGH</outcome>
                    <blocked>false</blocked>
                    <durationMillis>-1</durationMillis>
                    <document>{"tier":"HIGH"}</document>
                  </io.jenkins.plugins.aigovernance.model.GovernanceRecord>
                  <io.jenkins.plugins.aigovernance.model.GovernanceRecord>
                    <kind>APPROVAL</kind>
                    <timestamp>1700000060000</timestamp>
                    <summary>legacy approval expired</summary>
                    <outcome>expired</outcome>
                    <blocked>true</blocked>
                    <durationMillis>60000</durationMillis>
                  </io.jenkins.plugins.aigovernance.model.GovernanceRecord>
                </records>
                <riskJson>{"tier":"HIGH","blastRadius":42,"fingerprint":"sha256:0123","effectiveSource":"ai"}</riskJson>
                <requirementJson>{"tier":"HIGH","slots":[]}</requirementJson>
                <moreNoticeResources>3</moreNoticeResources>
                """;
        String xml = Files.readString(buildXml(b), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile(
                        "(<" + Pattern.quote(ACTION) + "[^>]*>).*?(</" + Pattern.quote(ACTION) + ">)", Pattern.DOTALL)
                .matcher(xml);
        assertThat(m.find(), is(true));
        Files.writeString(
                buildXml(b),
                xml.substring(0, m.start()) + m.group(1) + legacy + m.group(2) + xml.substring(m.end()),
                StandardCharsets.UTF_8);
        assertThat(Files.exists(trailXml(b)), is(false));

        FreeStyleBuild old = reloaded(p, b);
        GovernanceRunAction moved = old.getAction(GovernanceRunAction.class);
        assertThat("moved when loaded", Files.exists(trailXml(b)), is(true));
        assertThat(Files.readString(trailXml(b), StandardCharsets.UTF_8), containsString("legacy approval expired"));
        assertThat(moved.getTier(), is("HIGH"));
        assertThat(moved.getBlastRadius(), is(42));
        assertThat(moved.getFingerprint(), is("sha256:0123"));
        assertThat(moved.isBlocked(), is(true));
        assertThat(moved.summary().aiChange(), is(true));
        assertThat(moved.summary().approvalMillis(), is(60000L));
        assertThat(moved.getRequirementJson(), is("{\"tier\":\"HIGH\",\"slots\":[]}"));
        assertThat(moved.getMoreNoticeResources(), is(3));
        assertThat(
                moved.getRecords().stream().map(GovernanceRecord::getSummary).toList(),
                is(List.of("HIGH, blast radius 42", "legacy approval expired")));

        // the next save writes the small action
        old.save();
        String small = Files.readString(buildXml(b), StandardCharsets.UTF_8);
        assertThat(small, not(containsString("<records")));
        assertThat(small, not(containsString("riskJson")));
        assertThat(small, containsString("<tier>HIGH</tier>"));
        GovernanceRunAction again = reloaded(p, old).getAction(GovernanceRunAction.class);
        assertThat(again.getRecords().size(), is(2));
        assertThat(again.getRecords().get(1).getOutcome(), is("expired"));
    }

    private static JSONObject trailJson(JenkinsRule.WebClient wc, FreeStyleBuild b, String language) throws Exception {
        WebRequest request = new WebRequest(
                new URL(wc.getContextPath() + b.getUrl() + GovernanceRunAction.URL_NAME + "/api/json"), HttpMethod.GET);
        request.setAdditionalHeader("Accept-Language", language);
        return JSONObject.fromObject(wc.loadWebResponse(request).getContentAsString());
    }

    private static String page(JenkinsRule.WebClient wc, FreeStyleBuild b, String language) throws Exception {
        WebRequest request = new WebRequest(
                new URL(wc.getContextPath() + b.getUrl() + GovernanceRunAction.URL_NAME + "/"), HttpMethod.GET);
        request.setAdditionalHeader("Accept-Language", language);
        return wc.loadWebResponse(request).getContentAsString();
    }

    @Test
    void summariesAreStoredAsMessageKeysAndShownInTheViewersLocale(JenkinsRule j) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        GovernanceRunAction action = GovernanceRunAction.of(b);
        action.add(GovernanceRecord.of(
                RecordKind.CREDENTIALS,
                io.jenkins.plugins.aigovernance.credentials.Messages._WithAiCredentialsStep_Ended(),
                "unbound",
                null));
        // arguments of any kind (here an immutable list) are stored as their text
        action.add(GovernanceRecord.of(
                RecordKind.CREDENTIALS,
                io.jenkins.plugins.aigovernance.credentials.Messages._WithAiCredentialsStep_Summary(
                        "aws-readonly", List.of("aws-deployer", "oidc"), 30, ""),
                "plan-and-apply",
                null));
        Localizable ended = io.jenkins.plugins.aigovernance.credentials.Messages._WithAiCredentialsStep_Ended();
        String german = ended.toString(Locale.GERMAN);
        String english = ended.toString(Locale.ENGLISH);
        assertThat("the plugin ships a German text for this line", german, not(is(english)));

        String stored = Files.readString(trailXml(b), StandardCharsets.UTF_8);
        assertThat(stored, containsString("<key>WithAiCredentialsStep.Ended</key>"));
        assertThat(stored, not(containsString(english)));
        assertThat(stored, not(containsString(german)));

        FreeStyleBuild again = reloaded(p, b);
        GovernanceRecord summary =
                again.getAction(GovernanceRunAction.class).getRecords().get(1);
        assertThat(
                summary.summaryIn(Locale.GERMAN),
                is(io.jenkins.plugins.aigovernance.credentials.Messages._WithAiCredentialsStep_Summary(
                                "aws-readonly", "[aws-deployer, oidc]", "30", "")
                        .toString(Locale.GERMAN)));

        JenkinsRule.WebClient wc = j.createWebClient();
        JSONArray de = trailJson(wc, again, "de-DE,de;q=0.9").getJSONArray("records");
        JSONArray en = trailJson(wc, again, "en-US,en;q=0.9").getJSONArray("records");
        assertThat(de.getJSONObject(0).getString("summary"), is(german));
        assertThat(en.getJSONObject(0).getString("summary"), is(english));
        assertThat(de.getJSONObject(0).getString("summaryKey"), is("WithAiCredentialsStep.Ended"));
        assertThat(page(wc, again, "de").contains(german), is(true));
        assertThat(page(wc, again, "en").contains(english), is(true));
        assertThat(page(wc, again, "en").contains(german), is(false));
    }

    @Test
    void aNewActionHasNoTrailFileUntilItRecords(JenkinsRule j) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        GovernanceRunAction action = GovernanceRunAction.of(b);
        assertThat(action, sameInstance(GovernanceRunAction.of(b)));
        assertThat(action.getRecords().isEmpty(), is(true));
        assertThat(action.getRiskJson(), nullValue());
        assertThat(Files.exists(trailXml(b)), is(false));
        action.add(GovernanceRecord.of(RecordKind.AUDIT, "first", "x", null));
        assertThat(Files.exists(trailXml(b)), is(true));
        assertThat(action.getRecords().get(0).getSummaryKey(), nullValue());
        assertThat(action.getRecords().get(0).getTime(), notNullValue());
    }
}
