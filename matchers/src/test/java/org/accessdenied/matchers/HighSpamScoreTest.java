package org.accessdenied.matchers;

import static org.accessdenied.matchers.MatcherFixture.init;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.evidence.EvidenceAttributes;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.net.Network;
import org.accessdenied.core.spam.SpamScore;
import org.accessdenied.testkit.SpamdServer;
import org.accessdenied.testkit.TestMessages;

class HighSpamScoreTest {
    private final EngineSettings settings = MatcherFixture.settings()
        .withSpamd(MatcherFixture.settings().spamd().withAddress(SpamdServer.shared().hostAndPort()))
        .withTrustedSpamNetworks(List.of(Network.parse("198.51.100.0/24")));
    private EvidenceEngine engine = new EvidenceEngine(settings);

    @AfterEach
    void close() {
        engine.close();
    }

    private HighSpamScore matcher(String condition) throws MessagingException {
        return init(new HighSpamScore(engine), "HighSpamScore", condition);
    }

    private static Mail mail(String remoteAddr, byte[] message) throws MessagingException {
        return FakeMail.builder().name("mail-" + System.nanoTime()).sender("sender@example.net").recipients(MatcherFixture.RECIPIENTS)
            .remoteAddr(remoteAddr)
            .mimeMessage(new MimeMessage(Session.getDefaultInstance(new Properties()), new ByteArrayInputStream(message)))
            .attribute(new Attribute(Mail.SMTP_SESSION_ID, AttributeValue.of("s"))).build();
    }

    private static SpamScore score(Mail mail) {
        return EvidenceAttributes.read(mail).spam().get(mail.getName());
    }

    @Test
    void matchShouldMatchGtubeAtAHighThreshold() throws Exception {
        Mail mail = mail("192.0.2.1", TestMessages.raw("gtube.eml"));
        assertThat(matcher("15").match(mail)).hasSize(2);
        assertThat(score(mail).score()).isEqualTo(1000.0);
        assertThat(EvidenceAttributes.readVerdict(mail, "HighSpamScore")).map(Verdict::reason).hasValueSatisfying(r ->
            assertThat(r).startsWith("spam score 1000.0 (required 5.0, threshold 15.0)").contains("GTUBE"));
    }

    @Test
    void matchShouldLeaveTheConnectionEvidenceOnTheMailAsTheHookRecordedIt() throws Exception {
        Mail mail = mail("192.0.2.1", TestMessages.raw("gtube.eml"));
        Attribute ptr = new Attribute(EvidenceAttributes.PTR, AttributeValue.of(java.util.Map.of(
            "status", AttributeValue.of("FOUND"), "names", AttributeValue.of(List.of(AttributeValue.of("mx.example.net"))))));
        mail.setAttribute(ptr);
        assertThat(matcher("15").match(mail)).hasSize(2);
        assertThat(mail.getAttribute(EvidenceAttributes.PTR)).containsSame(ptr);
        assertThat(EvidenceAttributes.read(mail).ptr()).map(p -> p.names()).contains(List.of("mx.example.net"));
        assertThat(score(mail).score()).isEqualTo(1000.0);
    }

    @Test
    void matchShouldAskSpamdOncePerMail() throws Exception {
        Mail mail = mail("192.0.2.1", TestMessages.raw("gtube.eml"));
        matcher("15").match(mail);
        long asked = engine.spamd().scoredCount();
        assertThat(matcher("5").match(mail)).hasSize(2);
        assertThat(engine.spamd().scoredCount()).isEqualTo(asked);
    }

    @Test
    void matchShouldPlaceTheMiddleBandBetweenTheThresholds() throws Exception {
        Mail mail = mail("192.0.2.1", TestMessages.raw("middle-band.eml"));
        assertThat(matcher("15").match(mail)).isEmpty();
        assertThat(matcher("5").match(mail)).hasSize(2);
    }

    @Test
    void matchShouldLetHamThrough() throws Exception {
        Mail mail = mail("192.0.2.1", TestMessages.raw("ham.eml"));
        assertThat(matcher("5").match(mail)).isEmpty();
        assertThat(score(mail).score()).isLessThan(5.0);
    }

    @Test
    void headersFromTheInternetShouldNeverChangeTheScore() throws Exception {
        byte[] lying = ("X-Spam-Status: No, score=-100.0 required=5.0\r\nX-Spam-Score: -100\r\n"
            + new String(TestMessages.raw("gtube.eml"), StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        Mail mail = mail("203.0.113.9", lying);
        assertThat(matcher("15").match(mail)).hasSize(2);
        assertThat(score(mail).source()).isEqualTo(SpamScore.Source.SPAMD);
    }

    @Test
    void headersFromATrustedFilterShouldBeBelieved() throws Exception {
        byte[] filtered = ("X-Spam-Status: Yes, score=22.5 required=5.0 tests=UPSTREAM_RULE autolearn=no\r\n"
            + new String(TestMessages.raw("ham.eml"), StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        Mail mail = mail("198.51.100.7", filtered);
        long asked = engine.spamd().scoredCount();
        assertThat(matcher("15").match(mail)).hasSize(2);
        assertThat(score(mail).source()).isEqualTo(SpamScore.Source.TRUSTED_HEADER);
        assertThat(score(mail).rules()).containsExactly("UPSTREAM_RULE");
        assertThat(engine.spamd().scoredCount()).isEqualTo(asked);
    }

    @Test
    void jamesSpamAssassinStatusShouldBeUsed() throws Exception {
        Mail mail = mail("203.0.113.9", TestMessages.raw("ham.eml"));
        mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder().name(MailTransaction.JAMES_STATUS_HEADER)
            .value("Yes, hits=17.2 required=5.0 tests=A_RULE").build(), MatcherFixture.RECIPIENTS.get(0));
        assertThat(matcher("15").match(mail)).hasSize(2);
        assertThat(score(mail).source()).isEqualTo(SpamScore.Source.JAMES_SPAMASSASSIN);
    }

    private void useSpamdOnAClosedPort() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        engine.close();
        engine = new EvidenceEngine(settings.withSpamd(settings.spamd().withAddress("127.0.0.1:" + closed)));
    }

    @Test
    void matchShouldDeliverUnscoredMailByDefaultWhenSpamdIsDown() throws Exception {
        useSpamdOnAClosedPort();
        Mail mail = mail("192.0.2.1", TestMessages.raw("gtube.eml"));
        assertThat(matcher("15").match(mail)).isEmpty();
        assertThat(EvidenceAttributes.readVerdict(mail, "HighSpamScore")).map(Verdict::outcome).contains(Verdict.Outcome.TEMPORARY);
        assertThat(engine.spamd().failedCount()).isEqualTo(1);
    }

    @Test
    void matchShouldRouteUnscoredMailWhenTemporaryMatchesAndSpamdIsDown() throws Exception {
        useSpamdOnAClosedPort();
        Mail mail = mail("192.0.2.1", TestMessages.raw("ham.eml"));
        assertThat(matcher("15, temporary=match").match(mail)).hasSize(2);
        assertThat(EvidenceAttributes.readVerdict(mail, "HighSpamScore")).map(Verdict::reason)
            .hasValueSatisfying(r -> assertThat(r).startsWith("no spam score: spamd unreachable"));
    }

    @Test
    void initShouldFailNamingTheProblemWhenConditionIsMalformed() {
        assertThatThrownBy(() -> matcher("")).isInstanceOf(MessagingException.class).hasMessageContaining("expected one threshold");
        assertThatThrownBy(() -> matcher("high")).hasMessageContaining("threshold must be a number");
        assertThatThrownBy(() -> matcher("NaN")).hasMessageContaining("threshold must be a number");
    }
}
