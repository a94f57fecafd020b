package org.accessdenied.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

import org.accessdenied.core.TestDns;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.testkit.FaultyDnsProxy;

/** Against a real nsd; timeouts and SERVFAIL through the fault-injecting proxy (nsd cannot produce them). */
class DnsClientTest {
    private final FaultyDnsProxy proxy = TestDns.proxy().servfail("broken.example.test");
    private final DnsClient dns = DnsClient.create(DnsSettings.of(List.of(ResolverAddress.parse(proxy.hostAndPort())), TestDns.TIMEOUT));

    @AfterEach
    void close() {
        dns.close();
        proxy.close();
    }

    private static Name name(String text) {
        return Name.fromConstantString(text);
    }

    @Test
    void queryShouldReturnRecordsWhenFound() {
        DnsAnswer answer = dns.query(name("mx.example.test."), Type.A).join();
        assertThat(answer.status()).isEqualTo(DnsAnswer.Status.FOUND);
        assertThat(answer.addresses()).extracting(a -> a.getHostAddress()).containsExactly("192.0.2.1");
    }

    @Test
    void queryShouldSayNxdomainWhenNameDoesNotExist() {
        assertThat(dns.query(name("nothing.example.test."), Type.A).join().status()).isEqualTo(DnsAnswer.Status.NXDOMAIN);
    }

    @Test
    void queryShouldSayNodataWhenNameHasNoSuchRecord() {
        assertThat(dns.query(name("other.two.example.test."), Type.A).join().status()).isEqualTo(DnsAnswer.Status.NODATA);
    }

    @Test
    void queryShouldFollowACnameChainWithinTheResponse() {
        long before = dns.questionsAsked();
        DnsAnswer answer = dns.query(name("alias2.example.test."), Type.A).join();
        assertThat(answer.addresses()).extracting(a -> a.getHostAddress()).containsExactly("192.0.2.1");
        assertThat(dns.questionsAsked() - before).as("nsd gives the whole chain in one response").isEqualTo(1);
    }

    @Test
    void queryShouldFollowACnameIntoAnotherZoneWithinTheResponse() {
        long before = dns.questionsAsked();
        DnsAnswer answer = dns.query(name("elsewhere.example.test."), Type.A).join();
        assertThat(answer.addresses()).extracting(a -> a.getHostAddress()).containsExactly("192.0.2.80");
        assertThat(dns.questionsAsked() - before).isEqualTo(1);
    }

    @Test
    void queryShouldAskTheTargetWhenTheChainLeavesTheResponse() {
        long before = dns.questionsAsked();
        DnsAnswer answer = dns.query(name("outside.example.test."), Type.A).join();
        assertThat(answer.status()).as("nsd refuses the target's zone, which it does not serve").isEqualTo(DnsAnswer.Status.ERROR);
        assertThat(answer.error()).contains("REFUSED");
        assertThat(dns.questionsAsked() - before).as("the alias, then its target").isEqualTo(2);
    }

    @Test
    void queryShouldSayNodataWhenACnameChainLoops() {
        DnsAnswer answer = dns.query(name("loop-a.example.test."), Type.A).join();
        assertThat(answer.status()).isEqualTo(DnsAnswer.Status.NODATA);
    }

    @Test
    void queryShouldSayNxdomainWhenACnameLeadsToNoName() {
        assertThat(dns.query(name("dangling.example.test."), Type.A).join().status()).isEqualTo(DnsAnswer.Status.NXDOMAIN);
    }

    @Test
    void queryShouldKeepAnAnswerThatCameThroughACname() {
        dns.query(name("alias.example.test."), Type.A).join();
        long before = proxy.forwarded();
        assertThat(dns.query(name("alias.example.test."), Type.A).join().isFound()).isTrue();
        assertThat(proxy.forwarded()).isEqualTo(before);
    }

    @Test
    void queryShouldTimeOutWithinTheDeadlineWhenServerIsSilent() {
        long start = System.nanoTime();
        DnsAnswer answer = dns.query(name("mx.silent.test."), Type.A).join();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer.status()).isEqualTo(DnsAnswer.Status.TIMEOUT);
        assertThat(answer.isTemporaryFailure()).isTrue();
        // dnsjava alone would take about a second; the deadline holds to within scheduling noise
        assertThat(millis).isBetween(TestDns.TIMEOUT.toMillis() - 5, TestDns.TIMEOUT.toMillis() + 150);
    }

    @Test
    void queryShouldSurviveALostDatagramByAskingAgainAfterAThirdOfTheDeadline() {
        proxy.dropFirstCopies();
        long start = System.nanoTime();
        DnsAnswer answer = dns.query(name("mx.example.test."), Type.A).join();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer.isFound()).isTrue();
        assertThat(dns.hedgesSent()).isEqualTo(1);
        assertThat(millis).isBetween(TestDns.TIMEOUT.toMillis() / 3, TestDns.TIMEOUT.toMillis() - 1);
    }

    @Test
    void answeredQuestionsShouldLeaveNoTimerBehind() {
        for (int i = 0; i < 20; i++) {
            assertThat(dns.query(name("n" + i + ".nothing.example.test."), Type.A).join().status()).isEqualTo(DnsAnswer.Status.NXDOMAIN);
        }
        assertThat(dns.timersPending()).as("re-send and deadline timers of answered questions are cancelled").isZero();
        assertThat(dns.hedgesSent()).isZero();
    }

    @Test
    void resendIntervalShouldBeAThirdOfTheDeadlineAndAtMostHalfASecond() {
        assertThat(DnsClient.resendInterval(java.time.Duration.ofMillis(900))).isEqualTo(java.time.Duration.ofMillis(300));
        assertThat(DnsClient.resendInterval(java.time.Duration.ofSeconds(3))).isEqualTo(java.time.Duration.ofMillis(500));
    }

    @Test
    void queryShouldSayErrorWhenServfail() {
        DnsAnswer answer = dns.query(name("x.broken.example.test."), Type.A).join();
        assertThat(answer.status()).isEqualTo(DnsAnswer.Status.ERROR);
        assertThat(answer.error()).contains("SERVFAIL");
    }

    @Test
    void queryShouldSayErrorWithoutTheNameWhenRefused() {
        DnsAnswer answer = dns.query(name("secretkey.zone.not-served.example."), Type.A).join();
        assertThat(answer.status()).isEqualTo(DnsAnswer.Status.ERROR);
        assertThat(answer.error()).contains("REFUSED");
    }

    @Test
    void queryShouldAnswerFromCacheWithinTtl() {
        dns.query(name("mx.example.test."), Type.A).join();
        long before = proxy.forwarded();
        for (int i = 0; i < 20; i++) {
            assertThat(dns.query(name("mx.example.test."), Type.A).join().isFound()).isTrue();
        }
        assertThat(proxy.forwarded()).isEqualTo(before);
    }

    @Test
    void queryShouldCacheNegativeAnswers() {
        dns.query(name("absent.example.test."), Type.A).join();
        long before = proxy.forwarded();
        assertThat(dns.query(name("absent.example.test."), Type.A).join().status()).isEqualTo(DnsAnswer.Status.NXDOMAIN);
        assertThat(proxy.forwarded()).isEqualTo(before);
    }

    @Test
    void queryShouldShareOneQuestionAmongConcurrentCallers() {
        proxy.delay(Duration.ofMillis(100));
        long before = dns.questionsAsked();
        List<CompletableFuture<DnsAnswer>> answers = IntStream.range(0, 50)
            .mapToObj(i -> dns.query(name("mail.listed.example.test."), Type.A)).collect(Collectors.toList());
        answers.forEach(a -> assertThat(a.join().isFound()).isTrue());
        assertThat(dns.questionsAsked() - before).isEqualTo(1);
    }

    @Test
    void ptrShouldReturnNamesWithoutTrailingDot() {
        assertThat(dns.ptr(ClientIp.parse("192.0.2.5").orElseThrow()).join().ptrNames())
            .containsExactlyInAnyOrder("mail.two.example.test", "other.two.example.test");
        assertThat(dns.ptr(ClientIp.parse("2001:db8::1").orElseThrow()).join().ptrNames()).containsExactly("mx6.example.test");
    }

    @Test
    void addressesShouldAnswerNxdomainWithoutQueryWhenNameIsInvalid() {
        long before = dns.questionsAsked();
        assertThat(dns.addresses("x".repeat(300), false).join().status()).isEqualTo(DnsAnswer.Status.NXDOMAIN);
        assertThat(dns.questionsAsked()).isEqualTo(before);
    }

    @Test
    void addressesShouldAskAaaaForIpv6() {
        assertThat(dns.addresses("mx6.example.test", true).join().addresses()).extracting(a -> ClientIp.of(a).text())
            .containsExactly("2001:db8::1");
    }

    @Test
    void textsShouldKeepControlBytesEscapedNotRaw() {
        DnsAnswer txt = dns.query(name("12.2.0.192.bl.test."), Type.TXT).join();
        assertThat(txt.texts()).hasSize(1);
        assertThat(txt.texts().get(0)).doesNotContain("\r", "\n");
    }

    @Test
    void queryShouldAnswerFromTheCacheWithoutLatencyWhenAskedAgain() {
        DnsAnswer first = dns.query(name("mx.example.test."), Type.A).join();
        DnsAnswer again = dns.query(name("mx.example.test."), Type.A).join();
        assertThat(again.addresses()).isEqualTo(first.addresses());
        assertThat(again.latency()).isZero();
        assertThat(dns.answersKept()).isEqualTo(1);
    }

    @Test
    void queryShouldAskAgainWhenTheAnswersTtlHasRunOut() throws InterruptedException {
        assertThat(dns.query(name("shortlived.example.test."), Type.A).join().isFound()).isTrue();
        long before = proxy.forwarded();
        assertThat(dns.query(name("shortlived.example.test."), Type.A).join().isFound()).isTrue();
        assertThat(proxy.forwarded()).as("within the one-second TTL").isEqualTo(before);
        Thread.sleep(1200);
        assertThat(dns.query(name("shortlived.example.test."), Type.A).join().isFound()).isTrue();
        assertThat(proxy.forwarded()).as("after the TTL").isEqualTo(before + 1);
    }

    @Test
    void queryShouldSayUntilWhenTheAnswerMayBeReliedOn() {
        long before = System.nanoTime();
        DnsAnswer answer = dns.query(name("shortlived.example.test."), Type.A).join();
        assertThat(answer.keptUntilNanos()).isPresent();
        assertThat(answer.keptUntilNanos().getAsLong() - before).as("its TTL of one second")
            .isBetween(Duration.ofSeconds(1).toNanos(), Duration.ofMillis(1500).toNanos());
        DnsAnswer kept = dns.query(name("shortlived.example.test."), Type.A).join();
        assertThat(kept.keptUntilNanos()).as("a kept answer keeps its expiry").isEqualTo(answer.keptUntilNanos());
    }

    @Test
    void queryShouldSayAFailureIsNotToBeReliedOn() {
        assertThat(dns.query(name("x.broken.example.test."), Type.A).join().keptUntilNanos()).isEmpty();
    }

    @Test
    void queryUncachedShouldAskTheServerEvenWhenTheAnswerIsKept() {
        dns.query(name("mx.example.test."), Type.A).join();
        long before = proxy.forwarded();
        assertThat(dns.queryUncached(name("mx.example.test."), Type.A).join().isFound()).isTrue();
        assertThat(proxy.forwarded()).isEqualTo(before + 1);
    }

    @Test
    void queryShouldNotKeepTemporaryFailures() {
        dns.query(name("x.broken.example.test."), Type.A).join();
        assertThat(dns.answersKept()).isZero();
    }

    @Test
    void queryShouldAnswerWithASocketPerQuestionWhenQuestionsPerPortIsZero() {
        try (DnsClient perQuestion = DnsClient.create(new DnsSettings(List.of(ResolverAddress.parse(proxy.hostAndPort())),
            TestDns.TIMEOUT, 100, 0))) {
            assertThat(perQuestion.query(name("mx.example.test."), Type.A).join().addresses())
                .extracting(a -> a.getHostAddress()).containsExactly("192.0.2.1");
            assertThat(perQuestion.query(name("nothing.example.test."), Type.A).join().status()).isEqualTo(DnsAnswer.Status.NXDOMAIN);
        }
    }
}
