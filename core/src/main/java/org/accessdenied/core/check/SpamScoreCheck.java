package org.accessdenied.core.check;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.spam.SpamScore;
import org.accessdenied.core.evidence.Transaction;

/**
 * The message's spam score is at or above the threshold. The rule only compares: the score comes from the evidence
 * (a trusted earlier score, else spamd, once per message, asked within the caller's deadline). Condition:
 * {@code <threshold>[, temporary=nomatch|match]}.
 * <ul>
 * <li>No score because spamd is unavailable (down, hanging or slower than the deadline, answering garbage, its
 * circuit open, the client's queue full): a <em>temporary</em> verdict. At the end of DATA the admission rule's
 * {@code <onTemporary>} decides (defer = 451 4.7.1, pass = accept unscored); in the spooler {@code temporary=}
 * decides (default {@code nomatch}: delivered unscored; {@code match}: the rule's mailet gets the unscored mail).</li>
 * <li>Not scanned on purpose (the message is over {@code spamd.maxSize}, no message yet): not applicable, never a
 * match.</li>
 * </ul>
 */
public final class SpamScoreCheck implements Check {
    public static final String NAME = "HighSpamScore";
    private static final Set<String> OPTIONS = Set.of("temporary");

    private final double threshold;
    private final boolean temporaryMatches;

    public SpamScoreCheck(double threshold) {
        this(threshold, false);
    }

    public SpamScoreCheck(double threshold, boolean temporaryMatches) {
        this.threshold = threshold;
        this.temporaryMatches = temporaryMatches;
    }

    public static SpamScoreCheck parse(String condition) {
        Condition parsed = Condition.parse(NAME, condition, OPTIONS);
        if (parsed.words().size() != 1) {
            throw new IllegalArgumentException(NAME + ": expected one threshold, e.g. " + NAME + "=15 or " + NAME + "=15,temporary=match");
        }
        String word = parsed.words().get(0);
        try {
            double threshold = Double.parseDouble(word);
            if (Double.isNaN(threshold) || Double.isInfinite(threshold)) {
                throw new NumberFormatException(word);
            }
            return new SpamScoreCheck(threshold, parsed.temporaryMatches());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(NAME + ": threshold must be a number, e.g. 15 or 7.5, got '" + word + "'", e);
        }
    }

    public double threshold() {
        return threshold;
    }

    @Override
    public boolean needsMessage() {
        return true;
    }

    @Override
    public boolean readsConnectionEvidence() {
        return false;
    }

    @Override
    public boolean temporaryMatches() {
        return temporaryMatches;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletableFuture<Verdict> evaluate(EvidenceSession session, Transaction transaction) {
        return session.spamScore(transaction).thenApply(this::verdict);
    }

    private Verdict verdict(SpamScore score) {
        if (score.status() == SpamScore.Status.UNAVAILABLE) {
            return Verdict.temporary(NAME, "no spam score: " + score.problem().orElse("spamd unavailable"), temporaryMatches);
        }
        if (!score.isScored()) {
            return Verdict.notApplicable(NAME, "not scanned: " + score.problem().orElse(score.status().name()));
        }
        String rules = score.rules().isEmpty() ? "" : " (" + String.join(",", score.rules()) + ")";
        String text = "spam score " + format(score.score()) + " (required " + format(score.required()) + ", threshold "
            + format(threshold) + ")" + rules;
        if (score.score() >= threshold) {
            return Verdict.match(NAME, text, "the message looks like spam to the content filter; if it is not, "
                + "ask the recipient to whitelist you or send it without the flagged content");
        }
        return Verdict.noMatch(NAME, text);
    }

    static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) + ".0" : String.valueOf(value);
    }
}
