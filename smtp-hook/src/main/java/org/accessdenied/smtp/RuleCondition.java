package org.accessdenied.smtp;

import java.util.concurrent.CompletableFuture;

import org.accessdenied.core.concurrent.Completion;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.evidence.EvidenceSession;

/** The matcher side of an admission rule, evaluated during the dialogue. */
interface RuleCondition {
    /** The check or matcher name, e.g. {@code RemoteAddrInDnsbl}, {@code RemoteAddrInNetwork}. */
    String name();

    /** Decided at the end of DATA (needs the message) rather than at RCPT TO. */
    boolean needsMessage();

    /**
     * The verdict depends on the connection and the sender, never on the recipient: one verdict holds for every
     * recipient of a transaction, so the decision may wait for the end of DATA. True only for the pack's checks.
     */
    default boolean sameForEveryRecipient() {
        return false;
    }

    /** Never completes exceptionally. */
    CompletableFuture<Verdict> evaluate(Attempt attempt);

    /** Starts the lookups this condition will need, at connect/HELO/MAIL FROM time; completes once they are in. */
    default CompletableFuture<Void> prefetch(EvidenceSession evidence, java.util.Optional<String> sender) {
        return Completion.DONE;
    }
}
