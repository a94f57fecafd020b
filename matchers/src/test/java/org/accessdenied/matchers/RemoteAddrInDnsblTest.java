package org.accessdenied.matchers;

import static org.accessdenied.matchers.MatcherFixture.RECIPIENTS;
import static org.accessdenied.matchers.MatcherFixture.init;
import static org.accessdenied.matchers.MatcherFixture.smtpMail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.evidence.EvidenceAttributes;
import org.accessdenied.core.evidence.EvidenceEngine;

class RemoteAddrInDnsblTest {
    private final EvidenceEngine engine = MatcherFixture.engine();

    @AfterEach
    void close() {
        engine.close();
    }

    private RemoteAddrInDnsbl matcher(String condition) throws MessagingException {
        return init(new RemoteAddrInDnsbl(engine), "RemoteAddrInDnsbl", condition);
    }

    @Test
    void matchShouldReturnAllRecipientsWhenClientIsListed() throws Exception {
        Mail mail = smtpMail("192.0.2.10", "mail.listed.example.test");
        assertThat(matcher("bl.test").match(mail)).containsExactlyElementsOf(RECIPIENTS);
        assertThat(EvidenceAttributes.readVerdict(mail, "RemoteAddrInDnsbl")).hasValueSatisfying(v -> {
            assertThat(v.outcome()).isEqualTo(Verdict.Outcome.MATCH);
            assertThat(v.reason()).contains("listed on bl.test (127.0.0.2: Listed by bl.test");
        });
        assertThat(EvidenceAttributes.read(mail).dnsbl().get("bl.test").codes()).containsExactly("127.0.0.2");
    }

    @Test
    void matchShouldReturnNothingWhenClientIsNotListed() throws Exception {
        Mail mail = smtpMail("192.0.2.1", "mx.example.test");
        assertThat(matcher("bl.test, bl2.test").match(mail)).isEmpty();
        assertThat(EvidenceAttributes.readVerdict(mail, "RemoteAddrInDnsbl")).map(Verdict::outcome).contains(Verdict.Outcome.NO_MATCH);
    }

    @Test
    void matchShouldHandleIpv6AndIpv4MappedClients() throws Exception {
        RemoteAddrInDnsbl matcher = matcher("bl.test");
        assertThat(matcher.match(smtpMail("2001:db8::10", "x.example.test"))).isNotEmpty();
        assertThat(matcher.match(smtpMail("::ffff:192.0.2.10", "x.example.test"))).isNotEmpty();
    }

    @Test
    void matchShouldAskNoDnsWhenTheEvidenceIsAlreadyOnTheMail() throws Exception {
        Mail mail = smtpMail("192.0.2.20", "x.example.test");
        matcher("bl.test, bl2.test").match(mail);
        long before = engine.dns().questionsAsked();
        assertThat(matcher("bl2.test*2, threshold=2").match(mail)).isNotEmpty();
        assertThat(engine.dns().questionsAsked()).isEqualTo(before);
    }

    @Test
    void matchShouldNeverMatchThroughADeadZone() throws Exception {
        assertThat(matcher("dead.test").match(smtpMail("192.0.2.1", "mx.example.test"))).isEmpty();
    }

    @Test
    void matchShouldNotApplyWhenMailDidNotArriveOverSmtp() throws Exception {
        Mail mail = FakeMail.builder().name("internal").recipients(RECIPIENTS).remoteAddr("192.0.2.10").build();
        assertThat(matcher("bl.test").match(mail)).isEmpty();
        assertThat(EvidenceAttributes.readVerdict(mail, "RemoteAddrInDnsbl")).map(Verdict::outcome).contains(Verdict.Outcome.NOT_APPLICABLE);
    }

    @Test
    void matchShouldNotApplyWhenRemoteAddressIsMissingOrGarbage() throws Exception {
        for (String remote : new String[] {null, "", "not-an-ip", "x".repeat(10_000)}) {
            Mail mail = smtpMail(remote, "mx.example.test");
            assertThat(matcher("bl.test").match(mail)).as(String.valueOf(remote)).isEmpty();
        }
    }

    @Test
    void initShouldFailNamingTheProblemWhenConditionIsMalformed() {
        assertThatThrownBy(() -> matcher(null)).isInstanceOf(MessagingException.class).hasMessageContaining("at least one DNSBL zone");
        assertThatThrownBy(() -> matcher("bl.test=127.0.0.[1..999]")).hasMessageContaining("'999' is not a number from 0 to 255");
        assertThatThrownBy(() -> matcher("bl.test, threshhold=2")).hasMessageContaining("unknown option 'threshhold'");
    }

    @Test
    void initShouldNeverEchoAKeyWrittenInBraces() {
        assertThatThrownBy(() -> matcher("{s3cr3t}.bl.test=bad")).hasMessageNotContaining("s3cr3t");
    }
}
