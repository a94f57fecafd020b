package org.accessdenied.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.dns.ResolverAddress;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.spam.SpamScore;
import org.accessdenied.core.spam.SpamdSettings;
import org.accessdenied.core.time.Deadline;
import org.accessdenied.testkit.FaultyTcpProxy;
import org.accessdenied.testkit.SpamdServer;
import org.accessdenied.testkit.TestMessages;
import org.accessdenied.core.evidence.Transaction;
import org.accessdenied.core.spam.MessageContent;

/** HighSpamScore against a real spamd behind a fault-injecting proxy. */
class SpamScoreCheckTest {
    private final FaultyTcpProxy proxy = FaultyTcpProxy.startInFrontOf(SpamdServer.shared().address());
    private EvidenceEngine engine = engine(SpamdSettings.defaults().withAddress(proxy.hostAndPort()));

    @AfterEach
    void close() {
        engine.close();
        proxy.close();
    }

    private static EvidenceEngine engine(SpamdSettings spamd) {
        return new EvidenceEngine(EngineSettings.forDns(List.of(ResolverAddress.parse("127.0.0.1:9")), Duration.ofMillis(500)).withSpamd(spamd));
    }

    private EvidenceSession session() {
        return engine.newSession(ClientIp.parse("192.0.2.1"), Optional.of("mail.example.test"));
    }

    private static Transaction gtube(String key, Duration deadline) {
        return Transaction.of("sender@example.net").withMessage(key, MessageContent.of(TestMessages.raw("gtube.eml")))
            .withDeadline(Deadline.in(deadline));
    }

    @Test
    void evaluateShouldMatchAScoreAtOrAboveTheThreshold() {
        Verdict verdict = SpamScoreCheck.parse("15").evaluate(session(), gtube("m", Duration.ofSeconds(20))).join();
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.MATCH);
    }

    @Test
    void evaluateShouldBeTemporaryNotAMatchByDefaultWhenSpamdIsDown() {
        proxy.refuse();
        Verdict verdict = SpamScoreCheck.parse("15").evaluate(session(), gtube("m", Duration.ofSeconds(5))).join();
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.TEMPORARY);
        assertThat(verdict.matched()).isFalse();
        assertThat(verdict.reason()).startsWith("no spam score: spamd unreachable");
    }

    @Test
    void evaluateShouldMatchUnscoredMailWhenTemporaryMatches() {
        proxy.garbage();
        Verdict verdict = SpamScoreCheck.parse("15, temporary=match").evaluate(session(), gtube("m", Duration.ofSeconds(5))).join();
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.TEMPORARY);
        assertThat(verdict.matched()).isTrue();
    }

    @Test
    void evaluateShouldBeTemporaryByTheDeadlineWhenSpamdHangs() throws Exception {
        proxy.hang();
        Verdict verdict = SpamScoreCheck.parse("15").evaluate(session(), gtube("m", Duration.ofMillis(500))).get(5, TimeUnit.SECONDS);
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.TEMPORARY);
    }

    @Test
    void evaluateShouldBeTemporaryNotASilentAcceptWhenTheSpamdClientIsFull() {
        engine.close();
        engine = engine(SpamdSettings.defaults().withAddress(proxy.hostAndPort()).withPool(1, 0));
        proxy.hang();
        EvidenceSession session = session();
        SpamScoreCheck check = SpamScoreCheck.parse("15");
        check.evaluate(session, gtube("first", Duration.ofSeconds(3)));
        await().atMost(5, TimeUnit.SECONDS).until(() -> proxy.connections() == 1);

        Verdict verdict = check.evaluate(session, gtube("second", Duration.ofSeconds(3))).join();
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.TEMPORARY);
        assertThat(verdict.reason()).contains("spamd client busy");
    }

    @Test
    void evaluateShouldBeNotApplicableWhenTheMessageIsOverTheSizeLimit() {
        engine.close();
        engine = engine(SpamdSettings.defaults().withAddress(proxy.hostAndPort()).withMaxSize(100));
        Verdict verdict = SpamScoreCheck.parse("15").evaluate(session(), gtube("m", Duration.ofSeconds(5))).join();
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.NOT_APPLICABLE);
        assertThat(verdict.reason()).contains("over spamd.maxSize 100");
        assertThat(proxy.connections()).isZero();
    }

    @Test
    void resumedEvidenceShouldKeepTheUnavailableOutcomeSoEveryRuleOfTheMailSeesTheSame() {
        proxy.garbage();
        EvidenceSession first = session();
        assertThat(first.spamScore(gtube("m", Duration.ofSeconds(5))).join().status()).isEqualTo(SpamScore.Status.UNAVAILABLE);
        long asked = proxy.connections();

        proxy.forward();
        EvidenceSession next = engine.resume(first.snapshot());
        assertThat(SpamScoreCheck.parse("15").evaluate(next, gtube("m", Duration.ofSeconds(5))).join().outcome())
            .isEqualTo(Verdict.Outcome.TEMPORARY);
        assertThat(proxy.connections()).isEqualTo(asked);
    }

    @Test
    void parseShouldRefuseAnUnknownTemporaryValue() {
        assertThatThrownBy(() -> SpamScoreCheck.parse("15,temporary=maybe")).hasMessageContaining("'match' or 'nomatch'");
        assertThat(SpamScoreCheck.parse("15,temporary=nomatch").temporaryMatches()).isFalse();
    }
}
