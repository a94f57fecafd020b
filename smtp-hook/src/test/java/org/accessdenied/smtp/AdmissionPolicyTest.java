package org.accessdenied.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.dns.ResolverAddress;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.policy.RuleAction;
import org.accessdenied.core.time.Deadline;
import org.accessdenied.testkit.NsdServer;

class AdmissionPolicyTest {
    private static final RuleAction REJECT = RuleAction.parse("Test", parameter -> Optional.empty());
    private static final EvidenceEngine ENGINE = new EvidenceEngine(EngineSettings.forDns(
        List.of(ResolverAddress.parse(NsdServer.shared().hostAndPort())), Duration.ofSeconds(1)));

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    @Test
    void decisionShouldNameTheCheckItWaitedForLongest() throws Exception {
        CompletableFuture<Verdict> slow = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> slow.complete(Verdict.noMatch("Slow", "not listed")));
        AdmissionPolicy policy = new AdmissionPolicy(List.of(
            rule(1, "Ready", CompletableFuture.completedFuture(Verdict.noMatch("Ready", "fine"))),
            rule(2, "Slow", slow),
            rule(3, "AlsoReady", CompletableFuture.completedFuture(Verdict.noMatch("AlsoReady", "fine")))), false);

        Decision decision = policy.decide(attempt(), AdmissionPolicy.Stage.RCPT, Duration.ofSeconds(5));

        assertThat(decision.kind).isEqualTo(Decision.Kind.PASS);
        assertThat(decision.waitedFor).contains("Slow");
    }

    @Test
    void decisionShouldNameNoCheckWhenEveryVerdictWasReady() {
        AdmissionPolicy policy = new AdmissionPolicy(List.of(
            rule(1, "Ready", CompletableFuture.completedFuture(Verdict.match("Ready", "listed", "delist"))),
            rule(2, "Never", new CompletableFuture<>())), false);

        Decision decision = policy.decide(attempt(), AdmissionPolicy.Stage.RCPT, Duration.ofSeconds(5));

        assertThat(decision.kind).isEqualTo(Decision.Kind.REJECT);
        assertThat(decision.waitedFor).isEmpty();
    }

    @Test
    void rcptShouldBeLeftForTheEndOfDataWhenAPackCheckItNeedsIsNotIn() {
        CompletableFuture<Verdict> spf = new CompletableFuture<>();
        AdmissionPolicy policy = new AdmissionPolicy(List.of(
            rule(1, "Ready", CompletableFuture.completedFuture(Verdict.noMatch("Ready", "fine"))),
            check(2, "SpfFail", spf),
            check(3, "Later", CompletableFuture.completedFuture(Verdict.noMatch("Later", "fine")))), false);

        AdmissionPolicy.RcptOutcome outcome = policy.decideRcpt(attempt(), Deadline.in(Duration.ofSeconds(5)), Duration.ofSeconds(5), Optional.of(Duration.ZERO));

        assertThat(outcome.decision).isEmpty();
        DecisionAtData atData = outcome.atEndOfData.orElseThrow();
        assertThat(atData.rules).extracting(rule -> rule.number).containsExactly(2, 3);
        spf.complete(Verdict.match("SpfFail", "SPF fail", "publish a record"));
        Decision decision = policy.decide(atData);
        assertThat(decision.kind).isEqualTo(Decision.Kind.REJECT);
        assertThat(decision.rule.orElseThrow().number).isEqualTo(2);
        assertThat(decision.atEndOfData).isTrue();
    }

    @Test
    void rcptShouldBeDecidedAtOnceWhenTheMissingVerdictComesWithinTheBriefWait() {
        CompletableFuture<Verdict> spf = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> spf.complete(Verdict.match("SpfFail", "SPF fail", "fix")));
        AdmissionPolicy policy = new AdmissionPolicy(List.of(check(1, "SpfFail", spf)), false);

        AdmissionPolicy.RcptOutcome outcome = policy.decideRcpt(attempt(), Deadline.in(Duration.ofSeconds(5)), Duration.ofSeconds(5),
            Optional.of(Duration.ofSeconds(5)));

        assertThat(outcome.atEndOfData).isEmpty();
        assertThat(outcome.decision.orElseThrow().kind).isEqualTo(Decision.Kind.REJECT);
    }

    @Test
    void rcptShouldWaitWhenARuleAfterTheMissingVerdictMayDependOnTheRecipient() {
        CompletableFuture<Verdict> spf = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> spf.complete(Verdict.noMatch("SpfFail", "pass")));
        AdmissionPolicy policy = new AdmissionPolicy(List.of(
            check(1, "SpfFail", spf),
            rule(2, "RecipientIs", CompletableFuture.completedFuture(Verdict.match("RecipientIs", "local policy", "ask")))), false);

        AdmissionPolicy.RcptOutcome outcome = policy.decideRcpt(attempt(), Deadline.in(Duration.ofSeconds(5)), Duration.ofSeconds(5), Optional.of(Duration.ZERO));

        assertThat(outcome.atEndOfData).isEmpty();
        assertThat(outcome.decision.orElseThrow().rule.orElseThrow().number).isEqualTo(2);
        assertThat(outcome.decision.orElseThrow().waitedFor).contains("SpfFail");
    }

    @Test
    void rcptShouldBeDecidedAtOnceWhenAVerdictBeforeTheMissingOneAlreadyRefuses() {
        AdmissionPolicy policy = new AdmissionPolicy(List.of(
            check(1, "RemoteAddrInDnsbl", CompletableFuture.completedFuture(Verdict.match("RemoteAddrInDnsbl", "listed", "delist"))),
            check(2, "SpfFail", new CompletableFuture<>())), false);

        AdmissionPolicy.RcptOutcome outcome = policy.decideRcpt(attempt(), Deadline.in(Duration.ofSeconds(5)), Duration.ofSeconds(5), Optional.of(Duration.ZERO));

        assertThat(outcome.atEndOfData).isEmpty();
        assertThat(outcome.decision.orElseThrow().kind).isEqualTo(Decision.Kind.REJECT);
        assertThat(outcome.decision.orElseThrow().atEndOfData).isFalse();
    }

    @Test
    void rcptShouldWaitWhenTheEndOfDataIsNotAllowed() {
        CompletableFuture<Verdict> spf = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> spf.complete(Verdict.match("SpfFail", "SPF fail", "fix")));
        AdmissionPolicy policy = new AdmissionPolicy(List.of(check(1, "SpfFail", spf)), false);

        AdmissionPolicy.RcptOutcome outcome = policy.decideRcpt(attempt(), Deadline.in(Duration.ofSeconds(5)), Duration.ofSeconds(5), Optional.empty());

        assertThat(outcome.atEndOfData).isEmpty();
        assertThat(outcome.decision.orElseThrow().kind).isEqualTo(Decision.Kind.REJECT);
    }

    @Test
    void decisionAtTheEndOfDataShouldDeferWhenTheVerdictIsNotInByTheRcptDeadline() {
        AdmissionPolicy policy = new AdmissionPolicy(List.of(check(1, "SpfFail", new CompletableFuture<>())), false);
        AdmissionPolicy.RcptOutcome outcome = policy.decideRcpt(attempt(), Deadline.in(Duration.ofMillis(50)), Duration.ofMillis(50), Optional.of(Duration.ZERO));

        Decision decision = policy.decide(outcome.atEndOfData.orElseThrow());

        assertThat(decision.kind).isEqualTo(Decision.Kind.DEFER);
        assertThat(decision.reply.orElseThrow().code()).isEqualTo("451");
    }

    /** One of the pack's checks: the same verdict for every recipient. */
    private static AdmissionRule check(int number, String name, CompletableFuture<Verdict> verdict) {
        return rule(number, name, verdict, true);
    }

    private static AdmissionRule rule(int number, String name, CompletableFuture<Verdict> verdict) {
        return rule(number, name, verdict, false);
    }

    private static AdmissionRule rule(int number, String name, CompletableFuture<Verdict> verdict, boolean sameForEveryRecipient) {
        return new AdmissionRule(number, name, new RuleCondition() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean needsMessage() {
                return false;
            }

            @Override
            public boolean sameForEveryRecipient() {
                return sameForEveryRecipient;
            }

            @Override
            public CompletableFuture<Verdict> evaluate(Attempt attempt) {
                return verdict;
            }
        }, REJECT);
    }

    private static Attempt attempt() {
        try {
            return Attempt.recipient(null, ENGINE.newSession(Optional.empty(), Optional.empty()), MaybeSender.nullSender(), new MailAddress("alice@example.local"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
