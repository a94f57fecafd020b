package org.accessdenied.smtp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.time.Deadline;

/**
 * The RCPT TOs of one transaction accepted before their decision was in, decided together at the end of DATA. A
 * sender that pipelines MAIL FROM and RCPT TO (RFC 2920; most MTAs do) names its domain in the write that carries its
 * RCPT TO, so no read pause can let that domain's SPF come in first; deciding at RCPT TO would hold a James thread
 * for the lookup. Only rules that are the pack's checks are left for later (their verdicts depend on the client and
 * the sender, never on the recipient), so one decision holds for every recipient of the transaction, and the message
 * is refused as a whole, with the rule's own reply, when it refuses.
 */
final class DecisionAtData {
    /** The RCPT TO that left the decision: its facts fill the reply ({@code {recipient}} names it). */
    final Attempt first;
    final List<AdmissionRule> rules;
    final List<CompletableFuture<Verdict>> verdicts;
    /** The deadline of the RCPT TO that left the decision, counted from MAIL FROM. */
    final Deadline until;
    final Duration deadline;
    private final List<Attempt> recipients = new CopyOnWriteArrayList<>();

    DecisionAtData(Attempt first, List<AdmissionRule> rules, List<CompletableFuture<Verdict>> verdicts, Deadline until, Duration deadline) {
        this.first = first;
        this.rules = List.copyOf(rules);
        this.verdicts = List.copyOf(verdicts);
        this.until = until;
        this.deadline = deadline;
    }

    /** A RCPT TO accepted on the strength of this decision. */
    void add(Attempt recipient) {
        recipients.add(recipient);
    }

    List<Attempt> recipients() {
        return List.copyOf(recipients);
    }
}
