package org.accessdenied.smtp;

import java.util.Locale;
import java.util.Optional;

import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.policy.SmtpReply;

/** What the admission policy decided for one recipient (or one message), with the rule and evidence that decided it. */
final class Decision {
    enum Kind {
        /** No rule applied. */
        PASS,
        /** An allow rule matched: the rest of the policy is skipped. */
        ALLOW,
        /** A reject rule matched: 5xx. */
        REJECT,
        /** A rule could not be decided (DNS failure, deadline): 451. */
        DEFER,
        /** The session is exempt (relaying allowed, or a recipient that stays reachable). */
        EXEMPT
    }

    final Kind kind;
    final boolean observed;
    final Optional<AdmissionRule> rule;
    final Optional<Verdict> verdict;
    final Optional<SmtpReply> reply;
    final String note;
    /** The check whose verdict the policy waited for longest; empty when every verdict was ready when it was needed. */
    final Optional<String> waitedFor;
    /** A RCPT TO's decision made at the end of DATA ({@link DecisionAtData}). */
    final boolean atEndOfData;

    private Decision(Kind kind, boolean observed, Optional<AdmissionRule> rule, Optional<Verdict> verdict, Optional<SmtpReply> reply, String note,
                     Optional<String> waitedFor, boolean atEndOfData) {
        this.kind = kind;
        this.observed = observed;
        this.rule = rule;
        this.verdict = verdict;
        this.reply = reply;
        this.note = note;
        this.waitedFor = waitedFor;
        this.atEndOfData = atEndOfData;
    }

    private Decision(Kind kind, boolean observed, Optional<AdmissionRule> rule, Optional<Verdict> verdict, Optional<SmtpReply> reply, String note) {
        this(kind, observed, rule, verdict, reply, note, Optional.empty(), false);
    }

    Decision waitedFor(Optional<String> check) {
        return new Decision(kind, observed, rule, verdict, reply, note, check, atEndOfData);
    }

    Decision decidedAtEndOfData() {
        return new Decision(kind, observed, rule, verdict, reply, note, waitedFor, true);
    }

    /** The same rule and evidence with another reply: a recipient that must not share the transaction's refusal. */
    Decision withReply(Kind kind, SmtpReply reply) {
        return new Decision(kind, false, rule, verdict, Optional.of(reply), note, waitedFor, false);
    }

    static Decision pass() {
        return new Decision(Kind.PASS, false, Optional.empty(), Optional.empty(), Optional.empty(), "no rule matched");
    }

    static Decision exempt(String why) {
        return new Decision(Kind.EXEMPT, false, Optional.empty(), Optional.empty(), Optional.empty(), why);
    }

    static Decision allow(AdmissionRule rule, Verdict verdict) {
        return new Decision(Kind.ALLOW, false, Optional.of(rule), Optional.of(verdict), Optional.empty(), verdict.reason());
    }

    static Decision refuse(Kind kind, boolean observed, AdmissionRule rule, Verdict verdict, SmtpReply reply) {
        return new Decision(kind, observed, Optional.of(rule), Optional.of(verdict), Optional.of(reply), verdict.reason());
    }

    /** True when the client gets the refusal (not in observe mode). */
    boolean refuses() {
        return (kind == Kind.REJECT || kind == Kind.DEFER) && !observed;
    }

    /** The word in the log line and in the metric name. */
    String label() {
        String base = kind.name().toLowerCase(Locale.ROOT);
        return observed ? "would-" + base : base;
    }
}
