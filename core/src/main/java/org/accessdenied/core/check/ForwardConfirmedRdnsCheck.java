package org.accessdenied.core.check;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.accessdenied.core.concurrent.Completion;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.PtrEvidence;
import org.accessdenied.core.evidence.Transaction;
import org.accessdenied.core.evidence.Verdict;

/**
 * RFC 1912 §2.1: the client must have a PTR record, and (with {@code require=fcrdns}, the default) a name in it must
 * resolve (A/AAAA) back to the client address. Condition options: {@code require=fcrdns|ptr},
 * {@code temporary=nomatch|match} (whether a DNS failure matches, so the SMTP layer can answer 4xx).
 */
public final class ForwardConfirmedRdnsCheck implements Check {
    public static final String NAME = "NoMatchingPtr";
    private static final Set<String> OPTIONS = Set.of("require", "temporary");
    public static final String REMEDY = "ask the owner of the address (ISP or host) to publish a PTR record whose name resolves back to it (RFC 1912 section 2.1)";

    private final boolean requireForwardMatch;
    private final boolean temporaryMatches;

    public ForwardConfirmedRdnsCheck(boolean requireForwardMatch, boolean temporaryMatches) {
        this.requireForwardMatch = requireForwardMatch;
        this.temporaryMatches = temporaryMatches;
    }

    public static ForwardConfirmedRdnsCheck parse(String condition) {
        Condition parsed = Condition.parse(NAME, condition, OPTIONS);
        if (!parsed.words().isEmpty()) {
            throw new IllegalArgumentException(NAME + ": unexpected '" + parsed.words().get(0) + "'; options are require=fcrdns|ptr and temporary=nomatch|match");
        }
        String require = parsed.value("require").orElse("fcrdns");
        if (!require.equals("fcrdns") && !require.equals("ptr")) {
            throw new IllegalArgumentException(NAME + ": option 'require' must be 'fcrdns' or 'ptr', got '" + require + "'");
        }
        return new ForwardConfirmedRdnsCheck(require.equals("fcrdns"), parsed.temporaryMatches());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean temporaryMatches() {
        return temporaryMatches;
    }

    /** Starts the PTR lookup and, when required, the forward confirmation, without building a verdict. */
    @Override
    public CompletableFuture<Void> prefetch(EvidenceSession session, Transaction transaction) {
        if (session.client().isEmpty()) {
            return Completion.DONE;
        }
        return Completion.in(requireForwardMatch ? session.forwardConfirmation() : session.ptr());
    }

    @Override
    public CompletableFuture<Verdict> evaluate(EvidenceSession session, Transaction transaction) {
        if (session.client().isEmpty()) {
            return CompletableFuture.completedFuture(Verdict.notApplicable(NAME, "client address unknown"));
        }
        String ip = session.client().get().text();
        if (!requireForwardMatch) {
            return session.ptr().thenApply(ptr -> ptrOnly(ip, ptr));
        }
        return session.forwardConfirmation().thenApply(fc -> {
            switch (fc.result()) {
                case PASS:
                    return Verdict.noMatch(NAME, ip + " forward-confirmed as " + String.join(", ", fc.confirmedNames()));
                case NO_PTR:
                    return Verdict.match(NAME, "no PTR record for " + ip, REMEDY);
                case MISMATCH:
                    return Verdict.match(NAME, "PTR of " + ip + " does not resolve back: " + fc.detail().orElse(""), REMEDY);
                default:
                    return Verdict.temporary(NAME, "reverse DNS of " + ip + " unknown: " + fc.detail().orElse("DNS failure"), temporaryMatches);
            }
        });
    }

    private Verdict ptrOnly(String ip, PtrEvidence ptr) {
        switch (ptr.status()) {
            case FOUND:
                return Verdict.noMatch(NAME, ip + " has PTR " + String.join(", ", ptr.names()));
            case NONE:
                return Verdict.match(NAME, "no PTR record for " + ip, REMEDY);
            default:
                return Verdict.temporary(NAME, "PTR of " + ip + " unknown: " + ptr.error().orElse("DNS failure"), temporaryMatches);
        }
    }

}
