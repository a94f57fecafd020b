package org.accessdenied.core.check;

import java.util.concurrent.CompletableFuture;

import org.accessdenied.core.concurrent.Completion;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.Transaction;
import org.accessdenied.core.evidence.Verdict;

/**
 * One rule, evaluated on a connection's shared evidence and, for rules that need it, the transaction (envelope
 * sender, message). The future completes normally once the evidence it needs is in (bounded by the DNS and SPF
 * deadlines); evaluation never blocks the calling thread.
 */
public interface Check {
    /** The name used in verdicts, logs and attributes, e.g. {@code RemoteAddrInDnsbl}. */
    String name();

    CompletableFuture<Verdict> evaluate(EvidenceSession session, Transaction transaction);

    /** Evaluation at connection level, before any transaction. */
    default CompletableFuture<Verdict> evaluate(EvidenceSession session) {
        return evaluate(session, Transaction.none());
    }

    /**
     * Starts the lookups this check will need, so they are ready when it is evaluated. The future completes once they
     * are in (answered, failed or timed out, each within its own deadline); evaluating then waits for nothing. The SMTP
     * hook reads no further command of the client until then, so that no James thread waits for the DNS.
     */
    default CompletableFuture<Void> prefetch(EvidenceSession session, Transaction transaction) {
        return Completion.in(evaluate(session, transaction));
    }

    /** Whether the check needs the message (decided at the end of DATA), not only the connection and envelope. */
    default boolean needsMessage() {
        return false;
    }

    /**
     * Whether the check reads the connection's evidence (the client's DNS, DNSBL, HELO and SPF findings). A check of
     * the message alone answers false: a matcher then reads back from the mail only the client, the HELO and the
     * message's spam scores, not the whole evidence, for every mail.
     */
    default boolean readsConnectionEvidence() {
        return true;
    }

    /** Whether a temporary outcome (DNS failure, deadline passed) counts as a match for this rule. */
    default boolean temporaryMatches() {
        return false;
    }
}
