package org.accessdenied.core.spam;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.accessdenied.core.text.SafeText;

/**
 * The spam score of one message, or why there is none. "No score" is a defined outcome (spamd down, slow, the
 * message too big, a garbled reply): the mail is then delivered normally.
 */
public final class SpamScore {
    public static final int MAX_RULES = 100;

    public enum Status {
        /** Scored. */
        SCORED,
        /** Not scanned on purpose: larger than the configured maximum. */
        NOT_SCANNED,
        /** spamd could not be reached, timed out, or answered with an error or garbage. */
        UNAVAILABLE
    }

    /** Where the score came from. */
    public enum Source {
        /** The pack asked spamd. */
        SPAMD,
        /** James's SpamAssassin mailet, earlier in the pipeline. */
        JAMES_SPAMASSASSIN,
        /** An X-Spam-Status/X-Spam-Score header added by a trusted upstream filter. */
        TRUSTED_HEADER,
        NONE
    }

    private final Status status;
    private final Source source;
    private final double score;
    private final double required;
    private final List<String> rules;
    private final Optional<String> problem;

    private SpamScore(Status status, Source source, double score, double required, List<String> rules, Optional<String> problem) {
        this.status = status;
        this.source = source;
        this.score = score == 0.0 ? 0.0 : score;
        this.required = required;
        this.rules = rules.stream().limit(MAX_RULES).map(r -> SafeText.printable(r, 60)).collect(Collectors.toUnmodifiableList());
        this.problem = problem.map(p -> SafeText.printable(p, 200));
    }

    public static SpamScore scored(Source source, double score, double required, List<String> rules) {
        return new SpamScore(Status.SCORED, source, score, required, rules, Optional.empty());
    }

    public static SpamScore notScanned(String why) {
        return new SpamScore(Status.NOT_SCANNED, Source.NONE, 0, 0, List.of(), Optional.of(why));
    }

    public static SpamScore unavailable(String why) {
        return new SpamScore(Status.UNAVAILABLE, Source.NONE, 0, 0, List.of(), Optional.of(why));
    }

    /** Rebuilds a score read back from a mail attribute. */
    public static SpamScore of(Status status, Source source, double score, double required, List<String> rules, Optional<String> problem) {
        return new SpamScore(status, source, score, required, rules, problem);
    }

    public Status status() {
        return status;
    }

    public boolean isScored() {
        return status == Status.SCORED;
    }

    public Source source() {
        return source;
    }

    /** The score; negative zero is read as zero. Meaningful only when {@link #isScored()}. */
    public double score() {
        return score;
    }

    /** The scanner's own spam threshold (usually 5.0). */
    public double required() {
        return required;
    }

    /** Names of the rules that fired, when known. */
    public List<String> rules() {
        return rules;
    }

    public Optional<String> problem() {
        return problem;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpamScore)) {
            return false;
        }
        SpamScore other = (SpamScore) o;
        return status == other.status && source == other.source && Double.compare(score, other.score) == 0
            && Double.compare(required, other.required) == 0 && rules.equals(other.rules) && problem.equals(other.problem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, source, score, required, rules, problem);
    }

    @Override
    public String toString() {
        if (!isScored()) {
            return "spam=" + status + problem.map(p -> " (" + p + ")").orElse("");
        }
        return "spam=" + score + "/" + required + " " + source + (rules.isEmpty() ? "" : " " + rules);
    }
}
