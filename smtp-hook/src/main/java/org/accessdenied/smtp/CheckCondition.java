package org.accessdenied.smtp;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.accessdenied.core.check.Check;
import org.accessdenied.core.concurrent.Completion;
import org.accessdenied.core.evidence.Transaction;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.net.Network;
import org.accessdenied.matchers.MailTransaction;

/** A rule on one of the pack's checks: evaluated on the connection's shared evidence, never blocking. */
final class CheckCondition implements RuleCondition {
    private final Check check;
    private final List<Network> trustedSpamNetworks;

    CheckCondition(Check check, List<Network> trustedSpamNetworks) {
        this.check = check;
        this.trustedSpamNetworks = trustedSpamNetworks;
    }

    @Override
    public String name() {
        return check.name();
    }

    @Override
    public boolean needsMessage() {
        return check.needsMessage();
    }

    @Override
    public boolean sameForEveryRecipient() {
        return true;
    }

    @Override
    public CompletableFuture<Verdict> evaluate(Attempt attempt) {
        Transaction transaction = attempt.mail
            .map(mail -> MailTransaction.of(mail, attempt.evidence.client(), trustedSpamNetworks))
            .orElseGet(() -> Transaction.of(attempt.sender.asString("")));
        if (attempt.deadline.isPresent()) {
            transaction = transaction.withDeadline(attempt.deadline.get());
        }
        try {
            return check.evaluate(attempt.evidence, transaction).exceptionally(this::failed);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(e));
        }
    }

    private Verdict failed(Throwable e) {
        return Verdict.temporary(check.name(), "internal error: " + e.getClass().getSimpleName(), false);
    }

    @Override
    public CompletableFuture<Void> prefetch(EvidenceSession evidence, Optional<String> sender) {
        if (check.needsMessage()) {
            return Completion.DONE;
        }
        return check.prefetch(evidence, sender.map(Transaction::of).orElse(Transaction.none()));
    }
}
