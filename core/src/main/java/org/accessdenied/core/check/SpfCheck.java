package org.accessdenied.core.check;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.accessdenied.core.concurrent.Completion;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.spf.SpfEvidence;
import org.accessdenied.core.spf.SpfResult;
import org.accessdenied.core.evidence.Transaction;

/**
 * The SPF result (RFC 7208) of the transaction is one the rule refuses: {@code fail} by default, e.g.
 * {@code fail, softfail, permerror}. The identity is the MAIL FROM address, or the HELO name for the null sender.
 * A temperror (DNS timeout, SERVFAIL, deadline) is its own outcome: temporary, matching only with
 * {@code temporary=match}, so the SMTP layer can answer 451.
 */
public final class SpfCheck implements Check {
    public static final String NAME = "SpfFail";
    private static final Set<String> OPTIONS = Set.of("temporary");

    private final Set<SpfResult> refused;
    private final boolean temporaryMatches;

    public SpfCheck(Set<SpfResult> refused, boolean temporaryMatches) {
        this.refused = refused.isEmpty() ? EnumSet.noneOf(SpfResult.class) : EnumSet.copyOf(refused);
        this.temporaryMatches = temporaryMatches;
    }

    public static SpfCheck parse(String condition) {
        Condition parsed = Condition.parse(NAME, condition, OPTIONS);
        Set<SpfResult> refused = EnumSet.noneOf(SpfResult.class);
        for (String word : parsed.words()) {
            SpfResult result = SpfResult.byId(word).orElseThrow(() -> new IllegalArgumentException(NAME + ": unknown SPF result '"
                + word + "'; use fail, softfail, neutral, none, permerror (temperror: option temporary=match)"));
            if (result == SpfResult.PASS || result == SpfResult.TEMPERROR) {
                throw new IllegalArgumentException(NAME + ": '" + word + "' cannot be refused here"
                    + (result == SpfResult.TEMPERROR ? "; use temporary=match" : ""));
            }
            refused.add(result);
        }
        if (refused.isEmpty()) {
            refused.add(SpfResult.FAIL);
        }
        return new SpfCheck(refused, parsed.temporaryMatches());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean temporaryMatches() {
        return temporaryMatches;
    }

    public Set<SpfResult> refused() {
        return EnumSet.copyOf(refused);
    }

    /** Starts the SPF evaluation of MAIL FROM once it is known, without building a verdict. */
    @Override
    public CompletableFuture<Void> prefetch(EvidenceSession session, Transaction transaction) {
        if (session.client().isPresent() && transaction.sender().isPresent()) {
            return Completion.in(session.spf(transaction.sender().get()));
        }
        return Completion.DONE;
    }

    @Override
    public CompletableFuture<Verdict> evaluate(EvidenceSession session, Transaction transaction) {
        if (session.client().isEmpty()) {
            return CompletableFuture.completedFuture(Verdict.notApplicable(NAME, "client address unknown"));
        }
        if (transaction.sender().isEmpty()) {
            return CompletableFuture.completedFuture(Verdict.notApplicable(NAME, "no MAIL FROM yet"));
        }
        return session.spf(transaction.sender().get()).thenApply(spf -> verdict(session, spf));
    }

    private Verdict verdict(EvidenceSession session, SpfEvidence spf) {
        String ip = session.client().get().text();
        String subject = "SPF " + spf.result().id() + " for " + spf.identity().id() + " " + spf.checked() + " from " + ip;
        String explained = subject + spf.explanation().map(e -> ": " + e).orElse("");
        if (spf.result() == SpfResult.TEMPERROR) {
            return Verdict.temporary(NAME, explained, temporaryMatches);
        }
        if (refused.contains(spf.result())) {
            return Verdict.match(NAME, explained, remedy(spf));
        }
        return Verdict.noMatch(NAME, subject + " (refusing " + refused.stream().map(SpfResult::id).collect(Collectors.joining(",")) + ")");
    }

    /** What the 55x reply tells a sender whose SPF result is refused. */
    public static String remedy(SpfEvidence spf) {
        if (spf.result() == SpfResult.PERMERROR) {
            return "the owner of " + spf.domain() + " must fix its SPF record (RFC 7208)";
        }
        return "send through a server that " + spf.domain() + " authorises in its SPF record, or ask its owner to add this one";
    }
}
