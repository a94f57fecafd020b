package org.accessdenied.core.check;

import java.util.concurrent.CompletableFuture;

import org.accessdenied.core.evidence.EvidenceSession;

/**
 * One rule about the connecting host, evaluated on the connection's shared evidence. The future completes normally,
 * once the evidence it needs is in (bounded by the DNS deadline); evaluation never blocks the calling thread.
 */
public interface ConnectionCheck {
    /** The name used in verdicts, logs and attributes, e.g. {@code RemoteAddrInDnsbl}. */
    String name();

    CompletableFuture<Verdict> evaluate(EvidenceSession session);

    /** Whether a temporary outcome (DNS failure, deadline passed) counts as a match for this rule. */
    default boolean temporaryMatches() {
        return false;
    }

    /** Starts the lookups this check will need, so they are ready when it is evaluated. */
    default void prefetch(EvidenceSession session) {
        evaluate(session);
    }
}
