package org.accessdenied.matchers;

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

class BadHeloTest {
    private final EvidenceEngine engine = MatcherFixture.engine();

    @AfterEach
    void close() {
        engine.close();
    }

    private BadHelo matcher(String condition) throws MessagingException {
        return init(new BadHelo(engine), "BadHelo", condition);
    }

    private String reason(Mail mail) {
        return EvidenceAttributes.readVerdict(mail, "BadHelo").map(Verdict::reason).orElse("");
    }

    @Test
    void matchShouldMatchWhenHeloIsMissing() throws Exception {
        Mail mail = smtpMail("192.0.2.1", null);
        assertThat(matcher("").match(mail)).hasSize(2);
        assertThat(reason(mail)).isEqualTo("missing: no HELO/EHLO name given");
    }

    @Test
    void matchShouldMatchWhenHeloIsABareIp() throws Exception {
        Mail mail = smtpMail("192.0.2.1", "192.0.2.1");
        assertThat(matcher("").match(mail)).hasSize(2);
        assertThat(reason(mail)).startsWith("bare-ip:");
    }

    @Test
    void matchShouldMatchWhenHeloIsA10kBinaryBlob() throws Exception {
        Mail mail = smtpMail("192.0.2.1", "\u0000\r\n".repeat(3_500));
        assertThat(matcher("").match(mail)).hasSize(2);
        assertThat(reason(mail)).startsWith("syntax:").matches("[\\x20-\\x7e]*");
    }

    @Test
    void matchShouldMatchWhenHeloClaimsToBeUs() throws Exception {
        assertThat(matcher("ourNames=mx.ours.example").match(smtpMail("192.0.2.1", "MX.ours.example"))).hasSize(2);
    }

    @Test
    void matchShouldMatchWhenHeloForgesABigProvider() throws Exception {
        Mail mail = smtpMail("192.0.2.42", "gmail.com");
        assertThat(matcher("").match(mail)).hasSize(2);
        assertThat(reason(mail)).startsWith("forged-provider:");
    }

    @Test
    void matchShouldMatchWhenHeloIsTheClientsGenericName() throws Exception {
        Mail mail = smtpMail("192.0.2.4", "c-192-0-2-4.hsd1.ca.cable.example.test");
        assertThat(matcher("").match(mail)).hasSize(2);
        assertThat(reason(mail)).startsWith("dynamic: ");
    }

    @Test
    void matchShouldLetThisServerTalkToItself() throws Exception {
        assertThat(matcher("ourNames=mx.ours.example, ourIps=192.0.2.1").match(smtpMail("192.0.2.1", "mx.ours.example"))).isEmpty();
        assertThat(matcher("").match(smtpMail("192.0.2.1", "[192.000.002.001]"))).isEmpty();
    }

    @Test
    void matchShouldReturnNothingWhenHeloIsProper() throws Exception {
        assertThat(matcher("").match(smtpMail("192.0.2.1", "mx.example.test"))).isEmpty();
        assertThat(matcher("").match(smtpMail("2001:db8::1", "[IPv6:2001:db8::1]"))).isEmpty();
    }

    @Test
    void matchShouldNotApplyToMailsSentByMailets() throws Exception {
        Mail mail = FakeMail.builder().name("bounce").recipients(MatcherFixture.RECIPIENTS).build();
        assertThat(matcher("").match(mail)).isEmpty();
    }

    @Test
    void initShouldFailNamingTheProblemWhenConditionIsMalformed() {
        assertThatThrownBy(() -> matcher("fqdn")).isInstanceOf(MessagingException.class).hasMessageContaining("unknown check 'fqdn'; known: missing, syntax");
        assertThatThrownBy(() -> matcher("static=yes")).isInstanceOf(MessagingException.class).hasMessageContaining("option 'static' must be 'generic' or 'exempt'");
        assertThatThrownBy(() -> matcher("brand+=:x")).isInstanceOf(MessagingException.class).hasMessageContaining("option 'brand+' expects DOMAIN");
    }
}
