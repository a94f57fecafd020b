package org.accessdenied.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.accessdenied.core.DnsFixture;
import org.accessdenied.core.TestDns;
import org.accessdenied.core.dnsbl.DnsblZone;
import org.accessdenied.core.dnsbl.ZoneHealth;
import org.accessdenied.core.evidence.DnsblEvidence;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.net.ClientIp;

class DnsblCheckTest {
    @RegisterExtension
    final DnsFixture dns = new DnsFixture();

    private Verdict verdict(String condition, String ip) {
        DnsblCheck check = DnsblCheck.parse(condition);
        dns.engine().watchZones(check.zones());
        return check.evaluate(session(ip)).join();
    }

    private EvidenceSession session(String ip) {
        return dns.engine().newSession(ClientIp.parse(ip), Optional.of("mail.example.com"));
    }

    @Test
    void evaluateShouldMatchWithTxtReasonWhenListed() {
        Verdict verdict = verdict("bl.test", "192.0.2.10");
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.MATCH);
        assertThat(verdict.reason()).isEqualTo("192.0.2.10 is listed on bl.test (127.0.0.2: Listed by bl.test, see http://bl.test/lookup?ip=192.0.2.10)");
        assertThat(verdict.remedy()).contains("see http://bl.test/lookup?ip=192.0.2.10");
    }

    @Test
    void evaluateShouldNotMatchWhenNotListed() {
        Verdict verdict = verdict("bl.test", "192.0.2.1");
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.NO_MATCH);
        assertThat(verdict.matched()).isFalse();
    }

    @Test
    void evaluateShouldMatchIpv6ClientsWithNibbleQueries() {
        assertThat(verdict("bl.test", "2001:db8::10").matched()).isTrue();
        assertThat(verdict("bl.test", "2001:db8::11").matched()).isFalse();
    }

    @Test
    void evaluateShouldTreatIpv4MappedClientsAsIpv4() {
        assertThat(verdict("bl.test", "::ffff:192.0.2.10").matched()).isTrue();
    }

    @Test
    void evaluateShouldApplyTheReturnCodeFilter() {
        assertThat(verdict("bl.test=127.0.0.2", "192.0.2.11").matched()).isFalse();
        assertThat(verdict("bl.test=127.0.0.[4;5]", "192.0.2.11").matched()).isTrue();
        assertThat(verdict("bl.test=127.0.0.[9..11]", "192.0.2.11").reason()).contains("(127.0.0.10: Exploited host)");
    }

    @Test
    void evaluateShouldKeepCrLfAndNonAsciiOfTxtOutOfTheReason() {
        Verdict verdict = verdict("bl.test", "192.0.2.12");
        assertThat(verdict.matched()).isTrue();
        assertThat(verdict.reason()).doesNotContain("\r", "\n").matches("[\\x20-\\x7e]*");
    }

    @Test
    void evaluateShouldNeverCountSpamhausErrorCodesEvenWhenTheFilterWouldAllowThem() {
        for (String ip : new String[] {"192.0.2.13", "192.0.2.14", "192.0.2.15"}) {
            try (EvidenceEngine fresh = TestDns.engine(dns.proxy().hostAndPort())) {
                DnsblCheck check = DnsblCheck.parse("refusing.test=127.[0..255].[0..255].[0..255]");
                EvidenceSession session = fresh.newSession(ClientIp.parse(ip), Optional.empty());
                assertThat(check.evaluate(session).join().matched()).as(ip).isFalse();
                assertThat(session.snapshot().dnsbl().get("refusing.test").error()).hasValueSatisfying(e -> assertThat(e).contains("an error code, not a listing"));
                // the odd answer had the test points probed; they refuse us too, so the zone is skipped until a probe passes
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                    .until(() -> !fresh.zoneHealth(check.zones().get(0)).isUsable());
            }
        }
    }

    @Test
    void watchZonesShouldMarkAZoneRefusingUsUnhealthy() {
        DnsblCheck check = DnsblCheck.parse("refusing.test");
        dns.engine().watchZones(check.zones());
        assertThat(dns.engine().zoneHealth(check.zones().get(0)).reason())
            .hasValueSatisfying(r -> assertThat(r).contains("public or open resolver are refused (127.255.255.254)"));
    }

    @Test
    void evaluateShouldSkipADeadZoneThatListsEveryone() {
        DnsblCheck check = DnsblCheck.parse("dead.test");
        dns.engine().watchZones(check.zones());
        DnsblZone dead = check.zones().get(0);
        assertThat(dns.engine().zoneHealth(dead).state()).isEqualTo(ZoneHealth.State.UNHEALTHY);
        assertThat(dns.engine().zoneHealth(dead).reason()).hasValueSatisfying(r -> assertThat(r).contains("127.0.0.1"));
        EvidenceSession session = session("192.0.2.1");
        Verdict verdict = check.evaluate(session).join();
        assertThat(verdict.matched()).isFalse();
        assertThat(verdict.reason()).contains("dead.test skipped: zone unhealthy");
        assertThat(session.snapshot().dnsbl().get("dead.test").skipped()).isPresent();
    }

    @Test
    void evaluateShouldSkipAZoneThatDoesNotAnswer() {
        DnsblCheck check = DnsblCheck.parse("silent.test");
        dns.engine().watchZones(check.zones());
        assertThat(dns.engine().zoneHealth(check.zones().get(0)).reason()).hasValueSatisfying(r -> assertThat(r).contains("not answering"));
        long before = dns.engine().dns().questionsAsked();
        assertThat(check.evaluate(session("192.0.2.10")).join().matched()).isFalse();
        assertThat(dns.engine().dns().questionsAsked()).isEqualTo(before);
    }

    @Test
    void evaluateShouldRecordTheErrorAndNotMatchWhenALiveQueryTimesOut() {
        DnsblCheck check = DnsblCheck.parse("bl.test");
        dns.engine().watchZones(check.zones());
        dns.proxy().silence("bl.test");
        EvidenceSession session = session("192.0.2.10");
        Verdict verdict = check.evaluate(session).join();
        assertThat(verdict.matched()).isFalse();
        DnsblEvidence evidence = session.snapshot().dnsbl().get("bl.test");
        assertThat(evidence.error()).hasValueSatisfying(e -> assertThat(e).startsWith("no answer within"));
    }

    @Test
    void watchZonesShouldSkipParkedAndEmptyZones() {
        DnsblCheck check = DnsblCheck.parse("parked.test, empty.test");
        dns.engine().watchZones(check.zones());
        assertThat(dns.engine().zoneHealth(check.zones().get(0)).reason()).hasValueSatisfying(r -> assertThat(r).contains("outside 127.0.0.0/8"));
        assertThat(dns.engine().zoneHealth(check.zones().get(1)).reason()).hasValueSatisfying(r -> assertThat(r).contains("does not list the RFC 5782 test address"));
    }

    @Test
    void evaluateShouldAddWeightsUpToTheThreshold() {
        assertThat(verdict("bl.test*1, bl2.test*1, threshold=2", "192.0.2.10").matched()).isTrue();
        assertThat(verdict("bl.test*1, bl2.test*1, threshold=2", "192.0.2.20").matched()).isFalse();
        assertThat(verdict("bl.test*1, bl2.test*1, threshold=2", "192.0.2.20").reason()).contains("listed on bl2.test", "score 1 of 2");
        assertThat(verdict("bl.test*3, bl2.test*-2, threshold=2", "192.0.2.10").matched()).isFalse();
    }

    @Test
    void evaluateShouldAskEveryZoneOnceAndReuseTheAnswerAcrossChecks() {
        DnsblCheck first = DnsblCheck.parse("bl.test, bl2.test");
        dns.engine().watchZones(first.zones());
        EvidenceSession session = session("192.0.2.20");
        first.evaluate(session).join();
        long before = dns.engine().dns().questionsAsked();
        DnsblCheck.parse("bl2.test*2, threshold=2").evaluate(session).join();
        assertThat(dns.engine().dns().questionsAsked()).isEqualTo(before);
    }

    @Test
    void keysInZoneNamesShouldNeverAppearInVerdictsOrEvidence() {
        DnsblCheck check = DnsblCheck.parse("{s3cr3tkey}.bl.test");
        dns.engine().watchZones(check.zones());
        EvidenceSession session = session("192.0.2.10");
        Verdict verdict = check.evaluate(session).join();
        assertThat(verdict.matched()).isTrue();
        assertThat(verdict.toString()).doesNotContain("s3cr3tkey");
        assertThat(session.snapshot().toString()).doesNotContain("s3cr3tkey");
        assertThat(check.zones().get(0).toString()).doesNotContain("s3cr3tkey");
    }

    @Test
    void dqsZonesShouldHideTheirFirstLabelWithoutBraces() {
        assertThat(DnsblZone.parse("abc123.zen.dq.spamhaus.net").displayName()).isEqualTo("zen.dq.spamhaus.net");
    }

    @Test
    void evaluateShouldNotApplyWhenClientIsUnknown() {
        Verdict verdict = DnsblCheck.parse("bl.test").evaluate(dns.engine().newSession(Optional.empty(), Optional.empty())).join();
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.NOT_APPLICABLE);
    }

    @Test
    void parseShouldNameTheProblemWhenConditionIsMalformed() {
        assertThatThrownBy(() -> DnsblCheck.parse("")).hasMessageContaining("at least one DNSBL zone");
        assertThatThrownBy(() -> DnsblCheck.parse("bl.test=127.0.0")).hasMessageContaining("expected four octets");
        assertThatThrownBy(() -> DnsblCheck.parse("bl.test=127.0.0.[2..300]")).hasMessageContaining("'300' is not a number from 0 to 255");
        assertThatThrownBy(() -> DnsblCheck.parse("bl.test=127.0.0.2..5")).hasMessageContaining("expected four octets");
        assertThatThrownBy(() -> DnsblCheck.parse("bl.test=127.0.0.2;3")).hasMessageContaining("lists and ranges go in brackets");
        assertThatThrownBy(() -> DnsblCheck.parse("bl.test, threshold=x")).hasMessageContaining("threshold must be a whole number");
        assertThatThrownBy(() -> DnsblCheck.parse("bl.test, treshold=2")).hasMessageContaining("unknown option 'treshold'");
        assertThatThrownBy(() -> DnsblCheck.parse("localhost")).hasMessageContaining("needs at least two labels");
        assertThatThrownBy(() -> DnsblCheck.parse("bad_zone.test")).hasMessageContaining("not a valid DNS zone name");
        assertThatThrownBy(() -> DnsblCheck.parse("{key}.bad_zone.test")).hasMessageNotContaining("key}");
    }
}
