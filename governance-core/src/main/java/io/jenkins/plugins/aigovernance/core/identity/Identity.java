package io.jenkins.plugins.aigovernance.core.identity;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One person or agent as the engine compares them: the spelling as written and the comparison keys
 * every spelling of the same account reduces to. Two identities are {@link #sameAs the same} when
 * they share a key. Used by approval exclusions (authors, committers, the build initiator, requesters
 * and AI identities never approve), distinct-person counting and initiator checks alike.
 *
 * <h2>Keys</h2>
 * Every text is first {@linkplain #fold folded}: Unicode NFKC with case folding (ICU's
 * {@code NFKC_Casefold}, which also drops default-ignorable code points such as the zero-width
 * space and the soft hyphen), every remaining format character ({@code Cf}), control character and
 * separator ({@code Z*}, whitespace) removed and ideographic full stops written {@code .} (they separate domain
 * labels, RFC 3490 section 3.1), then the UTS #39 confusable skeleton (ICU
 * {@link SpoofChecker#getSkeleton}) folded again (repeated to the fixed point), so look-alike letters ({@code а} Cyrillic,
 * {@code 0}/{@code o}, {@code rn}/{@code m}) compare equal. Keys are for comparing only, never shown.
 * <ul>
 * <li>{@code Name <email>} is its email; display names are not compared (neither unique nor verified).</li>
 * <li>An email {@code local@domain} has the keys {@code local@domain} and {@code local}, where
 *     {@code local} drops a plus-address tag ({@code alice+ops} is {@code alice}); for GitHub's
 *     noreply domain ({@code 12345+login@users.noreply.github.com}) the numeric prefix is dropped
 *     instead, so the key is the login.</li>
 * <li>Wrappings are dropped first ({@link #account}: {@code mailto:}, {@code CORP\\}, quotes, trailing dots), and
 *     every id and local part has a further key without {@code .}, {@code -} and {@code _}.</li>
 * <li>An id without {@code @} has its folded self as key; so {@code sam}, {@code Sam},
 *     {@code sam@corp.example} and {@code Sam+ops@corp.example} are one person, in both directions.</li>
 * </ul>
 * This deliberately over-matches ({@code sam@a.example} and {@code sam@b.example} share the key
 * {@code sam}): an identity is used to exclude and to de-duplicate, where treating two accounts as one
 * person can only make a gate stricter. Never use it to grant a privilege.
 *
 * @param written the identity as given (trimmed)
 * @param keys    the comparison keys, never empty for a non-blank spelling
 */
public record Identity(String written, Set<String> keys) {

    /** GitHub's noreply email domain ({@code [id+]login@users.noreply.github.com}). */
    public static final String GITHUB_NOREPLY = "users.noreply.github.com";

    /**
     * ICU's normaliser and confusable data, loaded on the first text that is not ASCII (a fifth of a short run's start-up,
     * docs/performance.md): an ASCII text folds through {@link #ASCII_ROUND} to the same keys.
     */
    private static final class Icu {
        static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();
        /** Immutable once built: ICU documents SpoofChecker as thread-safe. */
        static final SpoofChecker SKELETONS = new SpoofChecker.Builder().build();
    }

    public Identity {
        written = written == null ? "" : written.strip();
        keys = Collections.unmodifiableSet(new LinkedHashSet<>(keys == null ? Set.of() : keys));
    }

    /**
     * The identity of a spelling: {@code Name <email>}, an email, or an id.
     *
     * @param spelling any spelling; {@code null} or blank gives an identity with no keys, the same as nobody
     */
    public static Identity of(String spelling) {
        Set<String> keys = new LinkedHashSet<>();
        addKeys(keys, spelling);
        return new Identity(spelling, keys);
    }

    /** The identity of an account known by id and email (either may be {@code null}): the union of both keys. */
    public static Identity of(String id, String email) {
        Set<String> keys = new LinkedHashSet<>();
        addKeys(keys, id);
        addKeys(keys, email);
        String written = id == null || id.isBlank() ? email : email == null || email.isBlank() ? id : id + " <" + email.strip() + ">";
        return new Identity(written, keys);
    }

    /** Whether the two spellings name the same account (they share a key). */
    public boolean sameAs(Identity other) {
        if (other == null) {
            return false;
        }
        for (String k : other.keys) {
            if (keys.contains(k)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this identity has no keys (it was blank). */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    private static void addKeys(Set<String> keys, String spelling) {
        if (spelling == null || spelling.isBlank()) {
            return;
        }
        String s = spelling.strip();
        int lt = s.lastIndexOf('<');
        int gt = s.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            String email = s.substring(lt + 1, gt).strip();
            s = email.isEmpty() ? s.substring(0, lt).strip() : email;
            if (s.isEmpty()) {
                return;
            }
        }
        String f = accountKey(s);
        int at = f.lastIndexOf('@');
        if (at > 0 && at < f.length() - 1) {
            String local = localPart(f.substring(0, at), f.substring(at + 1));
            keys.add(local + "@" + f.substring(at + 1));
            keys.add(local);
            addWithoutSeparators(keys, local);
        } else if (!f.isEmpty()) {
            keys.add(f);
            addWithoutSeparators(keys, f);
        }
    }

    /**
     * The folded comparison form of an account spelling (an id or an email, no display name): {@link #fold} with the
     * {@link #account} wrappings dropped before the skeleton (which spells a quote as two apostrophes) and after it.
     */
    public static String accountKey(String spelling) {
        return account(fold(account(clean(spelling))));
    }

    /**
     * The account a cleaned or folded spelling names, without the wrappings directories and mail clients add: a {@code mailto:}
     * scheme (RFC 6068), a Windows down-level logon domain ({@code CORP\alice}), quotes around a local part
     * ({@code "alice"@corp.example}, RFC 5321 quoted string) and trailing dots ({@code alice.}, the fully qualified
     * {@code corp.example.}).
     */
    public static String account(String folded) {
        String f = folded;
        if (f.startsWith("mailto:")) {
            f = f.substring("mailto:".length());
        }
        int backslash = f.lastIndexOf('\\');
        if (backslash >= 0 && f.indexOf('@') < 0) {
            f = f.substring(backslash + 1);
        }
        f = f.replace("\"", "");
        int end = f.length();
        while (end > 0 && f.charAt(end - 1) == '.') {
            end--;
        }
        return f.substring(0, end);
    }

    /** A further key without {@code .}, {@code -} and {@code _} ({@code claude_code}, {@code claude.code}, {@code claudecode}). */
    private static void addWithoutSeparators(Set<String> keys, String key) {
        String bare = withoutSeparators(key);
        if (!bare.isEmpty() && !bare.equals(key)) {
            keys.add(bare);
        }
    }

    /** {@code text} without {@code .}, {@code -} and {@code _}. */
    public static String withoutSeparators(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '.' && c != '-' && c != '_') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The local part that names the account: GitHub noreply drops its numeric prefix, others drop a plus tag. */
    private static String localPart(String local, String domain) {
        int plus = local.indexOf('+');
        if (plus < 0) {
            return local;
        }
        if (domain.equals(GITHUB_NOREPLY_FOLDED)) {
            return local.substring(plus + 1);
        }
        return plus == 0 ? local : local.substring(0, plus);
    }

    /**
     * The comparison form of a text: NFKC case folding, format, control and separator characters
     * removed, the UTS #39 skeleton, folded again. {@code null} gives {@code ""}.
     */
    public static String fold(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        return isAscii(text) ? foldAscii(text) : foldWithIcu(text);
    }

    /** {@link #fold} through ICU, for any text. */
    static String foldWithIcu(String text) {
        String s = strip(Icu.NFKC_CASEFOLD.normalize(text));
        // skeleton and case folding can feed each other (a skeleton letter whose case fold has a
        // skeleton of its own): repeat to the fixed point, which a few rounds reach
        for (int round = 0; round < 8 && !s.isEmpty(); round++) {
            String next = strip(Icu.NFKC_CASEFOLD.normalize(Icu.SKELETONS.getSkeleton(s)));
            if (next.equals(s)) {
                break;
            }
            s = next;
        }
        return s;
    }

    /**
     * The readable clean form of a text: NFKC case folding with format, control and separator
     * characters removed, but no skeleton (for matching against name globs).
     */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        return isAscii(text) ? strip(lowerAscii(text)) : strip(Icu.NFKC_CASEFOLD.normalize(text));
    }

    /**
     * What one round of {@link #foldWithIcu} makes of each ASCII character, {@code strip(NFKC_Casefold(skeleton(c)))}: upper
     * case letters fold to lower case; the UTS #39 confusables map {@code 0} to {@code o}, {@code 1}, {@code I} and
     * {@code |} to {@code l}, {@code m} to {@code rn}, {@code `} to {@code '}, {@code "} to {@code ''} and {@code %} to
     * {@code º/₀} (which case folds to {@code o/0}); controls and white space are removed; every other character is itself.
     * On ASCII, NFKC is the identity, the skeleton maps character by character (the text is its own NFD), and every
     * result is ASCII again, so a round is this table applied to each character. {@code IdentityAsciiFoldTest} compares it
     * with ICU for every ASCII character and pair, and for random ASCII texts.
     */
    static final String[] ASCII_ROUND = asciiRound();
    /** {@link #GITHUB_NOREPLY} folded (declared after the table it needs). */
    static final String GITHUB_NOREPLY_FOLDED = fold(GITHUB_NOREPLY);

    private static String[] asciiRound() {
        String[] t = new String[128];
        for (char c = 0; c < 128; c++) {
            t[c] = c < 0x20 || c == 0x7f || c == ' ' ? "" : String.valueOf(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        t['0'] = "o";
        t['1'] = "l";
        t['I'] = "l";
        t['|'] = "l";
        t['m'] = "rn";
        t['`'] = "'";
        t['"'] = "''";
        t['%'] = "o/0";
        return t;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String lowerAscii(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return sb.toString();
    }

    /** {@link #foldWithIcu} of an ASCII text, without ICU: the same rounds, each through {@link #ASCII_ROUND}. */
    private static String foldAscii(String text) {
        String s = strip(lowerAscii(text));
        for (int round = 0; round < 8 && !s.isEmpty(); round++) {
            StringBuilder sb = new StringBuilder(s.length() + 8);
            for (int i = 0; i < s.length(); i++) {
                sb.append(ASCII_ROUND[s.charAt(i)]);
            }
            String next = sb.toString();
            if (next.equals(s)) {
                break;
            }
            s = next;
        }
        return s;
    }

    /**
     * Removes format, control and separator characters and writes every full stop as {@code .}: the ideographic
     * full stop {@code U+3002}, which NFKC leaves alone (and to which it maps {@code U+FF61} and {@code U+FE12}), is a
     * domain label separator (IDNA, RFC 3490 section 3.1; UTS #46), and its UTS #39 skeleton {@code U+02F3} is no dot.
     * The other full-stop look-alikes ({@code U+FF0E}, {@code U+2024}, {@code U+0701}, ...) already fold to {@code .}.
     */
    private static String strip(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            // a combining mark left after NFKC has no precomposed letter to join (i + U+0307, the case fold of U+0130 İ):
            // it only decorates the letter before it, so it is dropped (é and other composed letters are kept)
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.FORMAT || type == Character.CONTROL || type == Character.SPACE_SEPARATOR
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || Character.isWhitespace(cp)) {
                continue;
            }
            sb.appendCodePoint(cp == IDEOGRAPHIC_FULL_STOP || cp == IDEOGRAPHIC_FULL_STOP_SKELETON ? '.' : cp);
        }
        return sb.toString();
    }

    private static final int IDEOGRAPHIC_FULL_STOP = 0x3002;
    /** {@code ˳} MODIFIER LETTER LOW RING, the UTS #39 skeleton of {@code U+3002}. */
    private static final int IDEOGRAPHIC_FULL_STOP_SKELETON = 0x02F3;

    @Override
    public String toString() {
        return written;
    }
}
