package org.accessdenied.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.accessdenied.core.DnsFixture;
import org.accessdenied.core.TestDns;
import org.accessdenied.core.check.DnsblCheck;
import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.dns.ResolverAddress;
import org.accessdenied.core.metrics.MetricNames;
import org.accessdenied.core.metrics.RecordingMetrics;
import org.accessdenied.core.net.ClientIp;

class EvidenceSessionTest {
    @RegisterExtension
    final DnsFixture dns = new DnsFixture();

    @Test
    void eachItemShouldBeComputedOnceWhenManyThreadsAskAtOnce() throws Exception {
        dns.proxy().delay(Duration.ofMillis(50));
        DnsblCheck dnsbl = DnsblCheck.parse("bl.test, bl2.test");
        dns.engine().watchZones(dnsbl.zones());
        EvidenceSession session = dns.engine().newSession(ClientIp.parse("192.0.2.5"), Optional.of("mail.two.example.test"));
        long before = dns.engine().dns().questionsAsked();
        int questionsBefore = dns.proxy().questions().size();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<?>> asked = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            asked.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return CompletableFuture.allOf(session.forwardConfirmation(), session.heloResolution(),
                    session.dnsbl(dnsbl.zones().get(0)), session.dnsbl(dnsbl.zones().get(1))).join();
            }, threads));
        }
        start.countDown();
        asked.forEach(CompletableFuture::join);
        threads.shutdown();
        // PTR; A of the two PTR names; AAAA of the HELO (its A is the PTR name's A, shared); one A per zone
        assertThat(dns.engine().dns().questionsAsked() - before)
            .as("questions: " + dns.proxy().questions().subList(questionsBefore, dns.proxy().questions().size())).isEqualTo(6);
        assertThat(session.snapshot().forwardConfirmation()).map(ForwardConfirmation::result).contains(ForwardConfirmation.Result.PASS);
    }

    @Test
    void startingEarlyShouldNotBlockTheCaller() {
        dns.proxy().delay(Duration.ofMillis(300));
        EvidenceSession session = dns.engine().newSession(ClientIp.parse("192.0.2.1"), Optional.empty());
        long start = System.nanoTime();
        CompletableFuture<ForwardConfirmation> pending = session.forwardConfirmation();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(100);
        assertThat(pending).isNotDone();
        assertThat(session.snapshot().forwardConfirmation()).isEmpty();
        assertThat(pending.join().result()).isEqualTo(ForwardConfirmation.Result.PASS);
        assertThat(session.snapshot().forwardConfirmation()).isPresent();
    }

    @Test
    void resumedSessionShouldAskNothingAgain() {
        EvidenceSession first = dns.engine().newSession(ClientIp.parse("192.0.2.3"), Optional.of("x.example.test"));
        first.forwardConfirmation().join();
        dns.engine().dns().clearCache();
        long before = dns.engine().dns().questionsAsked();
        EvidenceSession resumed = dns.engine().resume(first.snapshot());
        assertThat(resumed.forwardConfirmation().join().result()).isEqualTo(ForwardConfirmation.Result.MISMATCH);
        assertThat(dns.engine().dns().questionsAsked()).isEqualTo(before);
    }

    @Test
    void evidenceRecordedBeforeShouldCountAsOneCacheHitPerItemAndLookupsAsMisses() {
        RecordingMetrics metrics = new RecordingMetrics();
        try (EvidenceEngine engine = new EvidenceEngine(EngineSettings.forDns(List.of(ResolverAddress.parse(TestDns.nsd().hostAndPort())),
            TestDns.TIMEOUT), metrics)) {
            EvidenceSession first = engine.newSession(ClientIp.parse("192.0.2.3"), Optional.of("x.example.test"));
            first.forwardConfirmation().join();
            assertThat(metrics.count(MetricNames.EVIDENCE_CACHE_MISS)).as("PTR and forward confirmation looked up").isEqualTo(2);
            first.ptr().join();
            assertThat(metrics.count(MetricNames.EVIDENCE_CACHE_HIT)).as("asked again in its own session: not a cache hit").isZero();

            EvidenceSession resumed = engine.resume(first.snapshot());
            resumed.forwardConfirmation().join();
            resumed.forwardConfirmation().join();
            resumed.ptr().join();
            assertThat(metrics.count(MetricNames.EVIDENCE_CACHE_HIT)).as("each recorded item once").isEqualTo(2);
            assertThat(metrics.count(MetricNames.EVIDENCE_CACHE_MISS)).isEqualTo(2);
        }
    }

    @Test
    void spfShouldBeEvaluatedOncePerSenderAndStillAnsweredPastTheRememberedBound() {
        EvidenceSession session = dns.engine().newSession(ClientIp.parse("192.0.2.5"), Optional.of("mail.two.example.test"));
        int senders = EvidenceSession.MAX_REMEMBERED_PER_CONNECTION + 8;
        for (int i = 0; i < senders; i++) {
            assertThat(session.spf("user" + i + "@pass.spf.test").join().result()).isEqualTo(org.accessdenied.core.spf.SpfResult.PASS);
        }
        assertThat(session.spf("user0@pass.spf.test")).isSameAs(session.spf("user0@pass.spf.test"));
        assertThat(session.snapshot().spf()).hasSize(EvidenceSession.MAX_REMEMBERED_PER_CONNECTION);
    }

    @Test
    void resumedSessionShouldHaveLearnedNothingWhenEverythingAskedWasKnown() {
        EvidenceSession first = dns.engine().newSession(ClientIp.parse("192.0.2.3"), Optional.of("x.example.test"));
        assertThat(first.learnedAnything()).isFalse();
        first.forwardConfirmation().join();
        assertThat(first.learnedAnything()).isTrue();
        EvidenceSession resumed = dns.engine().resume(first.snapshot());
        resumed.ptr().join();
        resumed.forwardConfirmation().join();
        assertThat(resumed.learnedAnything()).isFalse();
        resumed.heloResolution().join();
        assertThat(resumed.learnedAnything()).isTrue();
    }

    @Test
    void aNewHeloShouldKeepTheClientsEvidenceInFlightAndForgetWhatDependsOnTheHelo() {
        dns.proxy().delay(Duration.ofMillis(200));
        EvidenceSession first = dns.engine().newSession(ClientIp.parse("192.0.2.5"), Optional.of("mail.two.example.test"));
        DnsblCheck dnsbl = DnsblCheck.parse("bl.test");
        CompletableFuture<ForwardConfirmation> confirming = first.forwardConfirmation();
        CompletableFuture<DnsblEvidence> listing = first.dnsbl(dnsbl.zones().get(0));
        first.spf("user@pass.spf.test").join();
        assertThat(confirming).as("still in flight").isNotDone();

        EvidenceSession second = first.withHelo(Optional.of("other.two.example.test"));
        long before = dns.engine().dns().questionsAsked();
        assertThat(second.helo()).contains("other.two.example.test");
        assertThat(second.forwardConfirmation()).as("the same lookup, not a new one").isSameAs(confirming);
        assertThat(second.dnsbl(dnsbl.zones().get(0))).isSameAs(listing);
        assertThat(second.ptr().join().names()).isNotEmpty();
        assertThat(second.forwardConfirmation().join().result()).isEqualTo(ForwardConfirmation.Result.PASS);
        assertThat(dns.engine().dns().questionsAsked()).isEqualTo(before);
        assertThat(second.snapshot().spf()).as("SPF depends on the HELO: evaluated again when asked").isEmpty();
        assertThat(second.snapshot().heloResolution()).isEmpty();
        assertThat(second.learnedAnything()).isFalse();
    }
}
