package org.accessdenied.smtp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.accessdenied.core.concurrent.Completion;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.evidence.ConnectionEvidence;
import org.accessdenied.core.evidence.DnsblEvidence;
import org.accessdenied.core.evidence.PtrEvidence;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.policy.ReplyFacts;
import org.accessdenied.core.policy.ReplyFacts.Placeholder;
import org.accessdenied.core.policy.RuleAction;
import org.accessdenied.core.policy.SmtpReply;
import org.accessdenied.core.time.Deadline;

/**
 * The admission rules in order; first match wins. At RCPT TO the rules that need only the connection and the
 * envelope decide; at the end of DATA the rules that need the message decide, after the allow rules are asked
 * again (an allowed sender is not content-filtered either). Every wait is bounded by one deadline per decision.
 */
final class AdmissionPolicy {
    enum Stage { RCPT, DATA }

    private final List<AdmissionRule> rules;
    private final boolean observeAll;

    AdmissionPolicy(List<AdmissionRule> rules, boolean observeAll) {
        this.rules = List.copyOf(rules);
        this.observeAll = observeAll;
    }

    List<AdmissionRule> rules() {
        return rules;
    }

    /** Starts, without waiting, the lookups the RCPT-stage rules will need; completes once they are all in. */
    CompletableFuture<Void> prefetch(org.accessdenied.core.evidence.EvidenceSession evidence, Optional<String> sender) {
        List<CompletableFuture<Void>> lookups = new ArrayList<>(rules.size());
        for (AdmissionRule rule : rules) {
            lookups.add(rule.condition.prefetch(evidence, sender));
        }
        return Completion.allIn(lookups);
    }

    boolean hasStage(Stage stage) {
        return rules.stream().anyMatch(rule -> applies(rule, stage));
    }

    private static boolean applies(AdmissionRule rule, Stage stage) {
        boolean content = rule.condition.needsMessage();
        return stage == Stage.RCPT ? !content : content || rule.action.kind() == RuleAction.Kind.ALLOW;
    }

    Decision decide(Attempt attempt, Stage stage, Duration deadline) {
        return decide(attempt, stage, Deadline.in(deadline), deadline);
    }

    /** A decision whose wait ends at {@code until}, which passes {@code deadline} after the wait began. */
    Decision decide(Attempt attempt, Stage stage, Deadline until, Duration deadline) {
        return decideRcptOrLater(attempt, stage, until, deadline, Optional.empty()).decision.orElseThrow();
    }

    /**
     * A RCPT TO's decision; or, when {@code decideAtDataAfter} is given, a verdict the decision needs is not in within
     * that time and every rule from that one on is one of the pack's checks (the same for every recipient of the
     * transaction), the rules left to decide at the end of DATA.
     */
    RcptOutcome decideRcpt(Attempt attempt, Deadline until, Duration deadline, Optional<Duration> decideAtDataAfter) {
        return decideRcptOrLater(attempt, Stage.RCPT, until, deadline, decideAtDataAfter);
    }

    private RcptOutcome decideRcptOrLater(Attempt attempt, Stage stage, Deadline until, Duration deadline,
                                          Optional<Duration> decideAtDataAfter) {
        Attempt bounded = attempt.until(until.forWork());
        List<AdmissionRule> relevant = new ArrayList<>();
        List<CompletableFuture<Verdict>> verdicts = new ArrayList<>();
        for (AdmissionRule rule : rules) {
            if (applies(rule, stage)) {
                relevant.add(rule);
                verdicts.add(rule.condition.evaluate(bounded));
            }
        }
        if (decideAtDataAfter.isPresent()) {
            Deadline brief = Deadline.in(decideAtDataAfter.get());
            int first = firstNotIn(relevant, verdicts);
            while (first < relevant.size() && sameForEveryRecipientFrom(relevant, first)) {
                if (!inBy(verdicts.get(first), brief)) {
                    return RcptOutcome.atEndOfData(new DecisionAtData(attempt, relevant.subList(first, relevant.size()),
                        verdicts.subList(first, verdicts.size()), until, deadline));
                }
                first = firstNotIn(relevant, verdicts);
            }
        }
        Waits waits = new Waits();
        return RcptOutcome.now(decide(attempt, relevant, verdicts, until, deadline, waits).waitedFor(waits.longest));
    }

    /**
     * The index of the rule whose verdict the decision would wait for first: the rules before it have verdicts that
     * let the decision go on (no match, or a temporary result the rule passes); {@code relevant.size()} when the
     * decision needs no wait.
     */
    private static int firstNotIn(List<AdmissionRule> relevant, List<CompletableFuture<Verdict>> verdicts) {
        for (int i = 0; i < relevant.size(); i++) {
            CompletableFuture<Verdict> verdict = verdicts.get(i);
            if (!verdict.isDone()) {
                return i;
            }
            Verdict known = verdict.getNow(null);
            if (known == null || !goesOn(relevant.get(i), known)) {
                return relevant.size();
            }
        }
        return relevant.size();
    }

    /** True when {@code verdict} is in, waiting for it until {@code brief} at most. */
    private static boolean inBy(CompletableFuture<Verdict> verdict, Deadline brief) {
        long nanos = brief.remaining().toNanos();
        if (verdict.isDone() || nanos <= 0) {
            return verdict.isDone();
        }
        try {
            verdict.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return verdict.isDone();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return verdict.isDone();
        }
    }

    /**
     * The rule does not decide: its verdict is no match, or temporary on an allow rule or a rule with
     * {@code <onTemporary>pass</onTemporary>}; the next rule is asked.
     */
    private static boolean goesOn(AdmissionRule rule, Verdict verdict) {
        if (verdict.isTemporary()) {
            return rule.action.kind() == RuleAction.Kind.ALLOW || rule.action.onTemporary() == RuleAction.OnTemporary.PASS;
        }
        return !verdict.matched();
    }

    private static boolean sameForEveryRecipientFrom(List<AdmissionRule> relevant, int first) {
        return relevant.subList(first, relevant.size()).stream().allMatch(rule -> rule.condition.sameForEveryRecipient());
    }

    /** The decision left for the end of DATA, waiting (until its deadline) for the verdicts not in at RCPT TO. */
    Decision decide(DecisionAtData atData) {
        Waits waits = new Waits();
        return decide(atData.first, atData.rules, atData.verdicts, atData.until, atData.deadline, waits)
            .waitedFor(waits.longest).decidedAtEndOfData();
    }

    /** What RCPT TO learnt from the policy: a decision, or a decision left for the end of DATA. */
    static final class RcptOutcome {
        final Optional<Decision> decision;
        final Optional<DecisionAtData> atEndOfData;

        private RcptOutcome(Optional<Decision> decision, Optional<DecisionAtData> atEndOfData) {
            this.decision = decision;
            this.atEndOfData = atEndOfData;
        }

        static RcptOutcome now(Decision decision) {
            return new RcptOutcome(Optional.of(decision), Optional.empty());
        }

        static RcptOutcome atEndOfData(DecisionAtData atData) {
            return new RcptOutcome(Optional.empty(), Optional.of(atData));
        }
    }

    /** Which verdict the policy waited for longest: the check an admin looks at when {@code waited} is high. */
    private static final class Waits {
        Optional<String> longest = Optional.empty();
        long longestNanos = -1;

        Verdict await(AdmissionRule rule, CompletableFuture<Verdict> verdict, Deadline until, Duration deadline) {
            if (verdict.isDone()) {
                return AdmissionPolicy.await(rule, verdict, until, deadline);
            }
            long started = System.nanoTime();
            Verdict result = AdmissionPolicy.await(rule, verdict, until, deadline);
            long waited = System.nanoTime() - started;
            if (waited > longestNanos) {
                longestNanos = waited;
                longest = Optional.of(rule.condition.name());
            }
            return result;
        }
    }

    private Decision decide(Attempt attempt, List<AdmissionRule> relevant, List<CompletableFuture<Verdict>> verdicts, Deadline until,
                            Duration deadline, Waits waits) {
        for (int i = 0; i < relevant.size(); i++) {
            AdmissionRule rule = relevant.get(i);
            Verdict verdict = waits.await(rule, verdicts.get(i), until, deadline);
            RuleAction action = rule.action;
            if (goesOn(rule, verdict)) {
                continue;
            }
            if (verdict.isTemporary()) {
                return Decision.refuse(Decision.Kind.DEFER, observeAll || action.kind() == RuleAction.Kind.OBSERVE, rule, verdict,
                    RuleAction.TEMPORARY_REPLY.render(facts(attempt, rule, verdict)));
            }
            if (action.kind() == RuleAction.Kind.ALLOW) {
                return Decision.allow(rule, verdict);
            }
            SmtpReply reply = action.reply().render(facts(attempt, rule, verdict));
            return Decision.refuse(Decision.Kind.REJECT, observeAll || action.kind() == RuleAction.Kind.OBSERVE, rule, verdict, reply);
        }
        return Decision.pass();
    }

    private static Verdict await(AdmissionRule rule, CompletableFuture<Verdict> verdict, Deadline until, Duration deadline) {
        try {
            return verdict.get(until.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Verdict.temporary(rule.condition.name(), rule.condition.name() + " not decided within " + deadline.toMillis() + " ms", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.temporary(rule.condition.name(), "interrupted", false);
        } catch (ExecutionException e) {
            return Verdict.temporary(rule.condition.name(), "internal error: " + e.getCause().getClass().getSimpleName(), false);
        }
    }

    static ReplyFacts facts(Attempt attempt, AdmissionRule rule, Verdict verdict) {
        ConnectionEvidence known = attempt.evidence.snapshot();
        Optional<DnsblEvidence> listing = known.dnsbl().values().stream().filter(e -> !e.codes().isEmpty() && e.error().isEmpty())
            .sorted(java.util.Comparator.comparing(DnsblEvidence::zone)).findFirst();
        String sender = attempt.sender.asString("");
        return ReplyFacts.none()
            .with(Placeholder.IP, known.client().map(ClientIp::text))
            .with(Placeholder.HELO, known.helo())
            .with(Placeholder.PTR, known.ptr().filter(p -> p.status() == PtrEvidence.Status.FOUND).flatMap(p -> p.names().stream().findFirst()))
            .with(Placeholder.SENDER, attempt.senderText())
            .with(Placeholder.RECIPIENT, attempt.recipient.map(Object::toString))
            .with(Placeholder.RULE, verdict.check())
            .with(Placeholder.REASON, verdict.reason())
            .with(Placeholder.REMEDY, verdict.remedy())
            .with(Placeholder.ZONE, listing.map(DnsblEvidence::zone))
            .with(Placeholder.TXT, listing.flatMap(DnsblEvidence::txt))
            .with(Placeholder.SPF, Optional.ofNullable(known.spf().get(sender)).map(spf -> spf.result().id()));
    }
}
