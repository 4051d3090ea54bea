package io.jenkins.plugins.aigovernance.core.question;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A blocking question put to a person (in Jenkins: an {@code input} step), and the one function
 * that turns its answer into a decision. It never defaults to a choice: an answer is a decision only
 * when it names one of the offered choices (and gives a reason where the choice needs one).
 *
 * <h2>The shapes of an answer</h2>
 * Jenkins' {@code input} step returns (pipeline-input-step, {@code InputStepExecution.proceed}): a
 * map of parameter name to value when more than one parameter was submitted; the bare value when
 * exactly one was (whichever one it was: a REST {@code proceed} may post only some parameters, and
 * the deprecated {@code proceed(Object)} wraps a non-map value as one parameter); {@code null} when
 * none was ({@code proceedEmpty}). {@link #judge} reads each:
 * <ul>
 * <li>{@code null}: no decision.</li>
 * <li>a map: its keys must be the question's parameter names (anything else: no decision); the
 *     decision parameter must hold text naming a choice; the reason parameter, when present, must be
 *     text. Without a decision parameter in the question (a question with one implied choice, such as
 *     a scope override) the reason alone answers it.</li>
 * <li>a bare value: text. When the question has a decision parameter, the text must name a choice
 *     (then there is no reason); any other text (a comment posted alone) is no decision, because it
 *     cannot be told from a missing decision. Without a decision parameter, the text is the reason.</li>
 * <li>anything else (a number, a file, a list): no decision.</li>
 * </ul>
 * A choice is named by its label, compared after NFKC normalisation, stripping and ignoring case
 * ({@code deny} is {@code Deny}); the decision reports the label as offered. A choice that
 * {@linkplain Choice#needsReason needs a reason} with a blank reason is no decision ({@code Deny},
 * {@code Break glass} alone). A reason longer than {@value #MAX_REASON} characters is no decision.
 *
 * @param decisionParameter the name of the parameter holding the choice, or {@code null} when the
 *                          question has exactly one implied choice
 * @param choices           the choices offered, in order; labels unique ignoring case
 * @param reasonParameter   the name of the parameter holding the reason or comment, or {@code null}
 */
public record Question(String decisionParameter, List<Choice> choices, String reasonParameter) {

    /** Longest reason accepted, in characters. */
    public static final int MAX_REASON = 4000;

    public Question {
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("a question needs at least one choice");
        }
        if (decisionParameter == null && choices.size() != 1) {
            throw new IllegalArgumentException("a question without a decision parameter has exactly one implied choice");
        }
        if (decisionParameter == null && reasonParameter == null) {
            throw new IllegalArgumentException("a question needs a decision or a reason parameter");
        }
        if (decisionParameter != null && decisionParameter.equals(reasonParameter)) {
            throw new IllegalArgumentException("the decision and reason parameters must differ");
        }
        List<String> seen = new ArrayList<>();
        for (Choice c : choices) {
            String k = key(c.label());
            if (seen.contains(k)) {
                throw new IllegalArgumentException("two choices are labelled '" + c.label() + "'");
            }
            seen.add(k);
        }
    }

    /** A question asking for one of {@code choices} in {@code decisionParameter}, with an optional reason. */
    public static Question choose(String decisionParameter, String reasonParameter, Choice... choices) {
        return new Question(decisionParameter, List.of(choices), reasonParameter);
    }

    /** A question with one implied choice whose answer is the reason alone (an override). */
    public static Question reasonFor(String choice, String reasonParameter) {
        return new Question(null, List.of(new Choice(choice, true)), reasonParameter);
    }

    /**
     * Turns an answer into a decision (see the class documentation for every shape).
     *
     * @param answer what the input returned: a {@link Map}, a bare value or {@code null}
     * @return a decision, or no decision with the reason; never a default choice
     */
    public Answer judge(Object answer) {
        if (answer == null) {
            return Answer.none("the answer carries no value (proceedEmpty or no parameter submitted): no decision");
        }
        if (answer instanceof Map<?, ?> map) {
            return judgeMap(map);
        }
        if (!(answer instanceof CharSequence text)) {
            return Answer.none("an answer of type " + answer.getClass().getSimpleName() + " is no decision");
        }
        if (decisionParameter == null) {
            return decide(choices.get(0), text.toString());
        }
        Choice c = choiceNamed(text.toString());
        if (c == null) {
            return Answer.none("the answer is one value, '" + shorten(text.toString()) + "', which is none of " + labels()
                    + ": the '" + decisionParameter + "' parameter is missing, so there is no decision");
        }
        return decide(c, null);
    }

    /**
     * Turns the answer {@code who} gave into a decision: an anonymous answer ({@code who == null}: nobody,
     * or the system, is authenticated) is never one; otherwise as {@link #judge(Object)}.
     */
    public Answer judge(Respondent who, Object answer) {
        if (who == null) {
            return Answer.none("an anonymous answer is no decision");
        }
        return judge(answer);
    }

    private Answer judgeMap(Map<?, ?> map) {
        for (Object k : map.keySet()) {
            if (!(k instanceof String name) || !(name.equals(decisionParameter) || name.equals(reasonParameter))) {
                return Answer.none("the answer has an unexpected parameter '" + k + "': no decision");
            }
        }
        Object reason = reasonParameter == null ? null : map.get(reasonParameter);
        if (reason != null && !(reason instanceof CharSequence)) {
            return Answer.none("the '" + reasonParameter + "' parameter is not text: no decision");
        }
        String why = reason == null ? null : reason.toString();
        if (decisionParameter == null) {
            return decide(choices.get(0), why);
        }
        Object decision = map.get(decisionParameter);
        if (decision == null) {
            return Answer.none("the answer has no '" + decisionParameter + "' parameter: no decision");
        }
        if (!(decision instanceof CharSequence text)) {
            return Answer.none("the '" + decisionParameter + "' parameter is not text: no decision");
        }
        Choice c = choiceNamed(text.toString());
        if (c == null) {
            return Answer.none("'" + shorten(text.toString()) + "' is none of " + labels() + ": no decision");
        }
        return decide(c, why);
    }

    private static Answer decide(Choice c, String reason) {
        String r = reason == null ? null : reason.strip();
        if (r != null && r.isEmpty()) {
            r = null;
        }
        if (r != null && r.length() > MAX_REASON) {
            return Answer.none("the reason is longer than " + MAX_REASON + " characters: no decision");
        }
        if (c.needsReason() && r == null) {
            return Answer.none("'" + c.label() + "' needs a reason: no decision");
        }
        return Answer.decided(c.label(), r);
    }

    private Choice choiceNamed(String text) {
        String k = key(text);
        for (Choice c : choices) {
            if (key(c.label()).equals(k)) {
                return c;
            }
        }
        return null;
    }

    private static String key(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }

    private String labels() {
        return String.join(", ", choices.stream().map(Choice::label).toList());
    }

    private static String shorten(String s) {
        String t = s.strip();
        return t.length() <= 60 ? t : t.substring(0, 57) + "...";
    }
}
