package org.accessdenied.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.accessdenied.core.DnsFixture;
import org.accessdenied.core.evidence.ConnectionEvidence;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.ForwardConfirmation;
import org.accessdenied.core.evidence.Transaction;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.net.ClientIp;

/**
 * A check's prefetch starts the lookups its evaluation will need and returns at once; the evaluation then asks the
 * DNS nothing more. (The SMTP hook prefetches at connect, HELO and MAIL FROM and decides at RCPT TO.)
 */
class PrefetchTest {
    @RegisterExtension
    final DnsFixture dns = new DnsFixture();

    private EvidenceSession session(String ip, String helo) {
        return dns.engine().newSession(ClientIp.parse(ip), Optional.of(helo));
    }

    private long asked() {
        return dns.engine().dns().questionsAsked();
    }

    /**
     * Prefetches with every answer 200 ms late, waits (without evaluating: an evaluation would start what prefetch
     * missed) for the prefetch's future, then evaluates: the evidence says the lookups are done, the verdict is there
     * at once and no question is asked.
     */
    private void assertPrefetchAskedAllAndEvaluateNothingMore(Check check, EvidenceSession session, Transaction transaction,
                                                              Predicate<ConnectionEvidence> lookupsDone) {
        dns.proxy().delay(Duration.ofMillis(200));
        long before = asked();
        CompletableFuture<Void> in = check.prefetch(session, transaction);
        assertThat(in).as("prefetch waits for nothing: its lookups are still on their way").isNotDone();
        assertThat(lookupsDone.test(session.snapshot())).isFalse();
        await().atMost(Duration.ofSeconds(3)).until(in::isDone);
        assertThat(lookupsDone.test(session.snapshot())).as("the prefetch completes once its lookups are in").isTrue();
        long afterPrefetch = asked();
        assertThat(afterPrefetch).as("prefetch asked").isGreaterThan(before);
        CompletableFuture<Verdict> verdict = check.evaluate(session, transaction);
        assertThat(verdict).as("everything the evaluation needs was prefetched").isDone();
        assertThat(verdict.join().check()).isEqualTo(check.name());
        assertThat(asked()).as("evaluation after prefetch asks nothing more").isEqualTo(afterPrefetch);
        assertThat(check.prefetch(session, transaction)).as("a second prefetch: everything is in").isDone();
    }

    @Test
    void dnsblPrefetchShouldAskEveryZone() {
        DnsblCheck check = DnsblCheck.parse("bl.test, bl2.test");
        dns.engine().watchZones(check.zones());
        EvidenceSession session = session("192.0.2.5", "mail.two.example.test");
        assertPrefetchAskedAllAndEvaluateNothingMore(check, session, Transaction.none(), known -> known.dnsbl().size() == 2);
    }

    @Test
    void forwardConfirmationPrefetchShouldConfirmThePtr() {
        EvidenceSession session = session("192.0.2.1", "x.example.test");
        assertPrefetchAskedAllAndEvaluateNothingMore(ForwardConfirmedRdnsCheck.parse(null), session, Transaction.none(),
            known -> known.forwardConfirmation().isPresent());
        assertThat(session.snapshot().forwardConfirmation()).map(ForwardConfirmation::result).contains(ForwardConfirmation.Result.PASS);
    }

    @Test
    void dynamicRdnsPrefetchShouldAskThePtr() {
        EvidenceSession session = session("192.0.2.1", "x.example.test");
        assertPrefetchAskedAllAndEvaluateNothingMore(DynamicRdnsCheck.parse(null), session, Transaction.none(),
            known -> known.ptr().isPresent());
    }

    @Test
    void spfPrefetchShouldEvaluateMailFromOnceItIsKnown() {
        EvidenceSession session = session("192.0.2.5", "mail.two.example.test");
        SpfCheck check = SpfCheck.parse(null);
        assertThat(check.prefetch(session, Transaction.none())).as("no MAIL FROM yet: nothing to wait for").isDone();
        assertThat(session.snapshot().spf()).as("no MAIL FROM yet: nothing to evaluate").isEmpty();
        assertPrefetchAskedAllAndEvaluateNothingMore(check, session, Transaction.of("user@pass.spf.test"),
            known -> known.spf().containsKey("user@pass.spf.test"));
    }

    @Test
    void heloPrefetchShouldResolveANameNotFullyQualifiedWhenOnlyItsResolutionIsChecked() {
        EvidenceSession session = session("192.0.2.1", "mailhost");
        assertPrefetchAskedAllAndEvaluateNothingMore(HeloCheck.parse("no-resolve", domain -> false), session, Transaction.none(),
            known -> known.heloResolution().isPresent());
    }

    @Test
    void heloPrefetchShouldAskThePtrForAProviderName() {
        EvidenceSession session = session("192.0.2.1", "gmail.com");
        assertPrefetchAskedAllAndEvaluateNothingMore(HeloCheck.parse(null, domain -> false), session, Transaction.none(),
            known -> known.ptr().isPresent());
    }
}
