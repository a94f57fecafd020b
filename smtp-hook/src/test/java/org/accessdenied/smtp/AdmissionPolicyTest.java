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

    private static AdmissionRule rule(int number, String name, CompletableFuture<Verdict> verdict) {
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
