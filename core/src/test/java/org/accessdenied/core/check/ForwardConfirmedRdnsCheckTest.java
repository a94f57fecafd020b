package org.accessdenied.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.accessdenied.core.DnsFixture;
import org.accessdenied.core.TestDns;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.evidence.ForwardConfirmation;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.net.ClientIp;

class ForwardConfirmedRdnsCheckTest {
    @RegisterExtension
    final DnsFixture dns = new DnsFixture();

    private EvidenceSession session(String ip) {
        return dns.engine().newSession(ClientIp.parse(ip), Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({
        "192.0.2.1, PASS, NO_MATCH",
        "192.0.2.2, NO_PTR, MATCH",
        "192.0.2.3, MISMATCH, MATCH",
        "192.0.2.5, PASS, NO_MATCH",
        "192.0.2.6, MISMATCH, MATCH",
        "192.0.2.7, TEMPERROR, TEMPORARY",
        "2001:db8::1, PASS, NO_MATCH",
        "2001:db8::2, NO_PTR, MATCH",
        "::ffff:192.0.2.1, PASS, NO_MATCH",
    })
    void evaluateShouldFollowRfc1912(String ip, ForwardConfirmation.Result result, Verdict.Outcome outcome) {
        EvidenceSession session = session(ip);
        Verdict verdict = ForwardConfirmedRdnsCheck.parse("").evaluate(session).join();
        assertThat(session.snapshot().forwardConfirmation()).map(ForwardConfirmation::result).contains(result);
        assertThat(verdict.outcome()).isEqualTo(outcome);
    }

    @Test
    void evaluateShouldNameTheConfirmedName() {
        Verdict verdict = ForwardConfirmedRdnsCheck.parse("").evaluate(session("192.0.2.5")).join();
        assertThat(verdict.reason()).isEqualTo("192.0.2.5 forward-confirmed as mail.two.example.test");
    }

    @Test
    void evaluateShouldExplainAMismatch() {
        Verdict verdict = ForwardConfirmedRdnsCheck.parse("").evaluate(session("192.0.2.3")).join();
        assertThat(verdict.reason()).isEqualTo("PTR of 192.0.2.3 does not resolve back: no PTR name resolves to 192.0.2.3: liar.example.test");
        assertThat(verdict.remedy()).hasValueSatisfying(r -> assertThat(r).contains("RFC 1912"));
    }

    @Test
    void evaluateShouldBeTemporaryAndMatchOnlyWhenConfiguredWhenPtrLookupFails() {
        dns.proxy().silence("2.0.192.in-addr.arpa");
        Verdict lenient = ForwardConfirmedRdnsCheck.parse("").evaluate(session("192.0.2.2")).join();
        assertThat(lenient.outcome()).isEqualTo(Verdict.Outcome.TEMPORARY);
        assertThat(lenient.matched()).isFalse();
        Verdict strict = ForwardConfirmedRdnsCheck.parse("temporary=match").evaluate(session("192.0.2.2")).join();
        assertThat(strict.matched()).isTrue();
        assertThat(strict.isTemporary()).isTrue();
    }

    @Test
    void requirePtrShouldAcceptAnyPtr() {
        assertThat(ForwardConfirmedRdnsCheck.parse("require=ptr").evaluate(session("192.0.2.3")).join().matched()).isFalse();
        assertThat(ForwardConfirmedRdnsCheck.parse("require=ptr").evaluate(session("192.0.2.2")).join().matched()).isTrue();
    }

    @Test
    void evaluateShouldComputeEachLookupOnceAcrossChecks() {
        EvidenceSession session = session("192.0.2.4");
        ForwardConfirmedRdnsCheck.parse("").evaluate(session).join();
        long before = dns.engine().dns().questionsAsked();
        ForwardConfirmedRdnsCheck.parse("require=ptr").evaluate(session).join();
        DynamicRdnsCheck.parse("").evaluate(session).join();
        assertThat(dns.engine().dns().questionsAsked()).isEqualTo(before);
    }

    @Test
    void parseShouldNameTheProblemWhenConditionIsMalformed() {
        assertThatThrownBy(() -> ForwardConfirmedRdnsCheck.parse("require=a")).hasMessageContaining("option 'require' must be 'fcrdns' or 'ptr'");
        assertThatThrownBy(() -> ForwardConfirmedRdnsCheck.parse("temporary=yes")).hasMessageContaining("option 'temporary' must be 'match' or 'nomatch'");
        assertThatThrownBy(() -> ForwardConfirmedRdnsCheck.parse("strict")).hasMessageContaining("unexpected 'strict'");
        assertThatThrownBy(() -> ForwardConfirmedRdnsCheck.parse("temporary=match, temporary=nomatch")).hasMessageContaining("given 2 times");
    }
}
