package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * An {@link ApprovalNotice} as a Slack message (Block Kit), within every limit Slack documents and
 * with every string that comes from the change escaped, so Slack accepts the message and no part
 * of it can pose as the notice's own text.
 *
 * <p>Limits (Slack Block Kit reference, <a href="https://api.slack.com/reference/block-kit/blocks">blocks</a>
 * and <a href="https://api.slack.com/reference/block-kit/block-elements">elements</a>): at most
 * {@value #MAX_BLOCKS} blocks; a header's text at most {@value #MAX_HEADER} characters; a section's
 * text at most {@value #MAX_SECTION_TEXT}; at most {@value #MAX_FIELDS} fields of at most
 * {@value #MAX_FIELD} characters each; a button's text at most {@value #MAX_BUTTON_TEXT} and its URL
 * at most {@value #MAX_URL}. Slack answers 400 {@code invalid_blocks} beyond any of them, and the
 * notice is lost, so the list of changed resources is cut to fit and ends with
 * "… and N more — see the build" (linking the notice's link), and every value is cut with "…".
 *
 * <p>Escaping (Slack, <a href="https://api.slack.com/reference/surfaces/formatting">Formatting text</a>):
 * mrkdwn has no escape for its formatting characters {@code * _ ~ `} (only {@code & < >} have
 * entities), so no string from the change (paths, resource addresses, agent id, group names) is ever
 * put in mrkdwn: they go in {@code plain_text} objects (not parsed for formatting, links or
 * mentions; {@code emoji: false}), with {@code &}, {@code <}, {@code >} as entities, and every line
 * break (CR, LF, NEL, U+2028, U+2029, VT, FF) shown as {@code ⏎}, other control characters and the
 * bidirectional overrides (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F) as {@code �}, so a value
 * can neither start a line of its own nor reorder what is shown. The only mrkdwn text is the
 * "and N more" line, with the link escaped for Slack's {@code <url|text>} syntax. The top-level
 * {@code text} (notifications, clients without blocks) carries no string from the change (tier,
 * numbers, the fingerprint, the policy's group names, escaped and on one line).
 */
public final class SlackBlocks {

    public static final int MAX_BLOCKS = 50;
    public static final int MAX_HEADER = 150;
    public static final int MAX_SECTION_TEXT = 3000;
    public static final int MAX_FIELDS = 10;
    public static final int MAX_FIELD = 2000;
    public static final int MAX_BUTTON_TEXT = 75;
    public static final int MAX_URL = 3000;
    /** Longest single listed resource, so that one long path does not push all others out. */
    static final int MAX_LISTED_ITEM = 300;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SlackBlocks() {}

    /** The Slack payload: {@code text} and {@code blocks}. */
    public static ObjectNode render(ApprovalNotice n) {
        String who = String.join(", ", n.slots().stream().map(s -> s.count() + " × " + s.group()).toList());
        String title = n.tier() + " change needs approval (blast radius " + n.blastRadius() + "/100)";
        ObjectNode o = F.objectNode();
        o.put("text", escape(inline(title + ": change " + n.fingerprint().shortForm() + "; needs " + who + "; expires " + n.expiresAt())));
        ArrayNode blocks = o.putArray("blocks");
        blocks.addObject().put("type", "header").set("text", plain(cut(title, MAX_HEADER)));
        ObjectNode fields = blocks.addObject().put("type", "section");
        ArrayNode fl = fields.putArray("fields");
        fl.add(plain(field("Tier: " + n.tier())));
        fl.add(plain(field("Environment: " + (n.environment() == null ? "none named (judged as production)" : n.environment()))));
        fl.add(plain(field("Blast radius: " + n.blastRadius() + "/100")));
        fl.add(plain(field("Agent: " + (n.agentId() == null ? "none / unknown" : n.agentId()))));
        fl.add(plain(field("Needs: " + who)));
        fl.add(plain(field("Change: " + n.fingerprint().shortForm())));
        fl.add(plain(field("Expires: " + n.expiresAt())));
        List<String> listed = n.changedResources();
        int total = listed.size() + n.moreResources();
        String heading = "Changed (" + total + "):";
        StringBuilder list = new StringBuilder(heading);
        int shown = 0;
        // room for the text as escaped (entities are longer than the characters they stand for)
        for (String r : listed) {
            String line = "\n• " + cut(inline(r), MAX_LISTED_ITEM);
            if (escapedLength(list) + escapedLength(line) > MAX_SECTION_TEXT) {
                break;
            }
            list.append(line);
            shown++;
        }
        blocks.addObject().put("type", "section").set("text", plain(list.toString()));
        int more = total - shown;
        String link = safeLink(n.link());
        if (more > 0) {
            String text = "… and " + more + " more" + (link == null ? "" : " — <" + link + "|see the build>");
            if (text.length() > MAX_SECTION_TEXT) {
                text = "… and " + more + " more — see the build";
            }
            blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn").put("text", text);
        }
        if (link != null) {
            ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject().put("type", "button")
                    .put("url", n.link());
            button.set("text", plain("Review and decide"));
        }
        return o;
    }

    private static String field(String s) {
        return cut(inline(s), MAX_FIELD);
    }

    /** A plain_text object (emoji off) of text whose values are {@link #inline}d and {@link #cut} already. */
    private static ObjectNode plain(String text) {
        return F.objectNode().put("type", "plain_text").put("text", escape(text)).put("emoji", false);
    }

    /** {@code &}, {@code <}, {@code >} as Slack's entities. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static int escapedLength(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c == '&' ? 5 : c == '<' || c == '>' ? 4 : 1;
        }
        return n;
    }

    /** One line: line breaks become ⏎, other controls and bidi overrides become �. */
    static String inline(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0x0B || cp == 0x0C) {
                b.append('⏎');
                if (cp == '\r' && i < s.length() && s.charAt(i) == '\n') {
                    i++;
                }
            } else if (Character.isISOControl(cp) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E
                    || cp == 0x200F) {
                b.append('\uFFFD');
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }

    /** At most {@code max} characters once escaped; cut at a code point boundary with "…". */
    static String cut(String s, int max) {
        if (escapedLength(s) <= max) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String one = new String(Character.toChars(cp));
            int len = escapedLength(one);
            if (used + len > max - 1) {
                break;
            }
            b.append(one);
            used += len;
            i += Character.charCount(cp);
        }
        return b.append('…').toString();
    }

    /**
     * The link as it may stand in {@code <url|text>}: an absolute http(s) URL of at most
     * {@value #MAX_URL} characters without spaces, {@code |}, {@code <} or {@code >} (which would
     * end or split the link), {@code &} as its entity; {@code null} when there is no such link.
     */
    static String safeLink(String link) {
        if (link == null || link.length() > MAX_URL) {
            return null;
        }
        try {
            URI u = new URI(link);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null) {
                return null;
            }
        } catch (URISyntaxException e) {
            return null; // spaces, '|', '<', '>' and other characters a URI may not hold
        }
        return link.replace("&", "&amp;");
    }
}
