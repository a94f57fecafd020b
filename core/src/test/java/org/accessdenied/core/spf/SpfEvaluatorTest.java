package org.accessdenied.core.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.accessdenied.core.TestDns;
import org.accessdenied.core.dns.DnsClient;
import org.accessdenied.core.dns.DnsSettings;
import org.accessdenied.core.dns.ResolverAddress;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.testkit.FaultyDnsProxy;

/**
 * SPF results kept across connections, and evaluations on cached answers on the calling thread, against the real nsd;
 * the DNS cache is emptied where only the kept result may answer.
 */
class SpfEvaluatorTest {
    private final FaultyDnsProxy proxy = TestDns.proxy().servfail("broken.spf.test");
    private final DnsClient dns = DnsClient.create(DnsSettings.of(List.of(ResolverAddress.parse(proxy.hostAndPort())), TestDns.TIMEOUT));
    private final SpfEvaluator spf = new SpfEvaluator(dns, Duration.ofSeconds(5), 2, 100);

    @AfterEach
    void close() {
        spf.close();
        dns.close();
        proxy.close();
    }

    private SpfEvidence evaluate(SpfEvaluator evaluator, String client, String mailFrom, String helo) {
        return evaluator.mailFrom(ClientIp.parse(client).orElseThrow(), mailFrom, Optional.of(helo)).join();
    }

    private SpfEvidence evaluate(String client, String mailFrom) {
        return evaluate(spf, client, mailFrom, "mail.example.test");
    }

    @Test
    void mailFromShouldGiveTheKeptResultWithoutAskingWhenTheSameClientComesBack() {
        SpfEvidence first = evaluate("198.51.100.7", "sender@fail.spf.test");
        dns.clearCache();
        long asked = dns.questionsAsked();
        SpfEvidence again = evaluate("198.51.100.7", "sender@fail.spf.test");
        assertThat(again.result()).isEqualTo(SpfResult.FAIL).isEqualTo(first.result());
        assertThat(dns.questionsAsked()).as("no question for a kept result").isEqualTo(asked);
        assertThat(spf.resultsKept()).isEqualTo(1);
    }

    @Test
    void mailFromShouldEvaluateAgainForAnotherClientSenderOrHelo() {
        assertThat(evaluate("192.0.2.9", "sender@pass.spf.test").result()).isEqualTo(SpfResult.PASS);
        assertThat(evaluate("198.51.100.7", "sender@pass.spf.test").result()).isEqualTo(SpfResult.FAIL);
        assertThat(evaluate("192.0.2.9", "other@pass.spf.test").result()).isEqualTo(SpfResult.PASS);
        assertThat(evaluate(spf, "192.0.2.9", "sender@pass.spf.test", "other.example.test").result()).isEqualTo(SpfResult.PASS);
        assertThat(spf.resultsKept()).isEqualTo(4);
    }

    @Test
    void mailFromShouldEvaluateAgainOnceAnAnswerTheResultCameFromHasExpired() throws InterruptedException {
        assertThat(evaluate("192.0.2.9", "sender@shortlived.spf.test").result()).isEqualTo(SpfResult.PASS);
        long asked = dns.questionsAsked();
        Thread.sleep(1200);
        assertThat(evaluate("192.0.2.9", "sender@shortlived.spf.test").result()).isEqualTo(SpfResult.PASS);
        assertThat(dns.questionsAsked()).as("the SPF record's TTL is one second").isGreaterThan(asked);
    }

    @Test
    void mailFromShouldNotKeepATemperror() {
        assertThat(evaluate("203.0.113.5", "sender@servfail.spf.test").result()).isEqualTo(SpfResult.TEMPERROR);
        assertThat(spf.resultsKept()).isZero();
        long asked = dns.questionsAsked();
        assertThat(evaluate("203.0.113.5", "sender@servfail.spf.test").result()).isEqualTo(SpfResult.TEMPERROR);
        assertThat(dns.questionsAsked()).as("asked again").isGreaterThan(asked);
    }

    @Test
    void mailFromShouldKeepNothingWhenTheBoundIsZero() {
        try (SpfEvaluator keepsNothing = new SpfEvaluator(dns, Duration.ofSeconds(5), 1, 0)) {
            assertThat(evaluate(keepsNothing, "198.51.100.7", "sender@fail.spf.test", "mail.example.test").result()).isEqualTo(SpfResult.FAIL);
            assertThat(keepsNothing.resultsKept()).isZero();
        }
    }

    @Test
    void mailFromShouldEvaluateANewClientOnTheCallingThreadWhenTheSenderDomainsAnswersAreCached() {
        assertThat(evaluate("192.0.2.9", "sender@include.spf.test").result()).isEqualTo(SpfResult.PASS);
        assertThat(spf.evaluatedOnCachedAnswers()).as("nothing was cached yet: evaluated on the pool").isZero();
        long asked = dns.questionsAsked();
        CompletableFuture<SpfEvidence> another = spf.mailFrom(ClientIp.parse("192.0.2.10").orElseThrow(),
            "sender@include.spf.test", Optional.of("mail.example.test"));
        assertThat(another).as("complete when returned: no hand-off to the pool").isDone();
        assertThat(another.join().result()).isEqualTo(SpfResult.PASS);
        assertThat(spf.evaluatedOnCachedAnswers()).isEqualTo(1);
        assertThat(dns.questionsAsked()).isEqualTo(asked);
    }

    @Test
    void mailFromShouldGiveOnCachedAnswersWhatThePoolGives() {
        List<String> domains = List.of("pass", "fail", "softfail", "neutral", "nospf", "syntax", "twice", "toomany", "void",
            "include", "redirect", "macro", "mx", "exp", "timeout");
        for (String domain : domains) {
            String sender = "sender@" + domain + ".spf.test";
            SpfEvidence onThePool = evaluate("192.0.2.1", sender);
            spf.clearKeptResults();
            long before = spf.evaluatedOnCachedAnswers();
            SpfEvidence onCachedAnswers = evaluate("192.0.2.1", sender);
            assertThat(onCachedAnswers.result()).as(domain).isEqualTo(onThePool.result());
            assertThat(onCachedAnswers.explanation()).as(domain).isEqualTo(onThePool.explanation());
            boolean everyAnswerCached = !domain.equals("timeout");
            assertThat(spf.evaluatedOnCachedAnswers() - before).as(domain + " on cached answers").isEqualTo(everyAnswerCached ? 1 : 0);
        }
    }
}
