package org.accessdenied.core.evidence;

import java.util.Objects;
import java.util.Optional;

import org.accessdenied.core.text.SafeText;

/**
 * What one check concluded about a connection: the outcome, whether the rule matches (a temporary outcome matches
 * only when the rule says so), a reason for the sender and, where there is one, a remedy. Reason and remedy are
 * printable ASCII and bounded: safe in a log line and in an SMTP reply.
 */
public final class Verdict {
    public static final int MAX_TEXT_LENGTH = 400;

    public enum Outcome {
        /** The check found the problem it looks for. */
        MATCH,
        /** The check found no problem. */
        NO_MATCH,
        /** A DNS failure left the answer unknown. */
        TEMPORARY,
        /** The check cannot apply (no client address, mail not received over SMTP...). */
        NOT_APPLICABLE
    }

    private final String check;
    private final Outcome outcome;
    private final boolean matched;
    private final String reason;
    private final Optional<String> remedy;

    private Verdict(String check, Outcome outcome, boolean matched, String reason, Optional<String> remedy) {
        this.check = check;
        this.outcome = outcome;
        this.matched = matched;
        this.reason = SafeText.printable(reason, MAX_TEXT_LENGTH);
        this.remedy = remedy.map(r -> SafeText.printable(r, MAX_TEXT_LENGTH));
    }

    public static Verdict match(String check, String reason, String remedy) {
        return new Verdict(check, Outcome.MATCH, true, reason, Optional.of(remedy));
    }

    public static Verdict noMatch(String check, String reason) {
        return new Verdict(check, Outcome.NO_MATCH, false, reason, Optional.empty());
    }

    public static Verdict temporary(String check, String reason, boolean matches) {
        return new Verdict(check, Outcome.TEMPORARY, matches, reason, Optional.empty());
    }

    public static Verdict notApplicable(String check, String reason) {
        return new Verdict(check, Outcome.NOT_APPLICABLE, false, reason, Optional.empty());
    }

    /** Rebuilds a verdict read back from a mail attribute. */
    public static Verdict of(String check, Outcome outcome, boolean matched, String reason, Optional<String> remedy) {
        return new Verdict(check, outcome, matched, reason, remedy);
    }

    /** The check's name, e.g. {@code RemoteAddrInDnsbl}. */
    public String check() {
        return check;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** True when the rule applies: a {@link Outcome#MATCH}, or a {@link Outcome#TEMPORARY} the rule counts. */
    public boolean matched() {
        return matched;
    }

    public boolean isTemporary() {
        return outcome == Outcome.TEMPORARY;
    }

    public String reason() {
        return reason;
    }

    public Optional<String> remedy() {
        return remedy;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Verdict)) {
            return false;
        }
        Verdict other = (Verdict) o;
        return check.equals(other.check) && outcome == other.outcome && matched == other.matched
            && reason.equals(other.reason) && remedy.equals(other.remedy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(check, outcome, matched, reason, remedy);
    }

    @Override
    public String toString() {
        return check + "=" + outcome + (matched ? "(matched)" : "") + ": " + reason + remedy.map(r -> " | remedy: " + r).orElse("");
    }
}
