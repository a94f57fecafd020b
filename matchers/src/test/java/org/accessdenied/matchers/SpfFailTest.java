package org.accessdenied.matchers;

import static org.accessdenied.matchers.MatcherFixture.init;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.evidence.EvidenceAttributes;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.spf.SpfResult;

class SpfFailTest {
    private final EvidenceEngine engine = MatcherFixture.engine();

    @AfterEach
    void close() {
        engine.close();
    }

    private SpfFail matcher(String condition) throws MessagingException {
        return init(new SpfFail(engine), "SpfFail", condition);
    }

    private static Mail mail(String remoteAddr, String sender, String helo) throws MessagingException {
        FakeMail.Builder builder = FakeMail.builder().name("m").remoteAddr(remoteAddr).recipients(MatcherFixture.RECIPIENTS)
            .mimeMessage(MatcherFixture.message("Subject: hi\r\n\r\nbody\r\n"))
            .attribute(new Attribute(Mail.SMTP_SESSION_ID, AttributeValue.of("s")))
            .attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of(helo)));
        if (sender.isEmpty()) {
            builder.sender(org.apache.james.core.MaybeSender.nullSender());
        } else {
            builder.sender(sender);
        }
        return builder.build();
    }

    @Test
    void matchShouldMatchWhenSpfFails() throws Exception {
        Mail mail = mail("203.0.113.5", "user@fail.spf.test", "mail.example.com");
        assertThat(matcher("").match(mail)).hasSize(2);
        assertThat(EvidenceAttributes.readVerdict(mail, "SpfFail")).map(Verdict::reason)
            .contains("SPF fail for mailfrom user@fail.spf.test from 203.0.113.5");
        assertThat(EvidenceAttributes.read(mail).spf().get("user@fail.spf.test").result()).isEqualTo(SpfResult.FAIL);
    }

    @Test
    void matchShouldAddReceivedSpfOnce() throws Exception {
        Mail mail = mail("192.0.2.1", "user@pass.spf.test", "mail.example.com");
        assertThat(matcher("").match(mail)).isEmpty();
        matcher("softfail").match(mail);
        String[] headers = mail.getMessage().getHeader("Received-SPF");
        assertThat(headers).hasSize(1);
        assertThat(headers[0]).startsWith("pass (domain of user@pass.spf.test designates 192.0.2.1 as permitted sender)")
            .contains("client-ip=192.0.2.1;", "envelope-from=\"user@pass.spf.test\";", "helo=mail.example.com;", "identity=mailfrom;");
    }

    @Test
    void matchShouldLetSoftfailThroughByDefault() throws Exception {
        assertThat(matcher("").match(mail("203.0.113.5", "user@softfail.spf.test", "mail.example.com"))).isEmpty();
        assertThat(matcher("fail, softfail").match(mail("203.0.113.5", "user@softfail.spf.test", "mail.example.com"))).hasSize(2);
    }

    @Test
    void matchShouldCheckTheHeloForBounces() throws Exception {
        Mail bounce = mail("192.0.2.99", "", "mail.spf.test");
        assertThat(matcher("").match(bounce)).hasSize(2);
        assertThat(EvidenceAttributes.readVerdict(bounce, "SpfFail")).map(Verdict::reason)
            .contains("SPF fail for helo postmaster@mail.spf.test from 192.0.2.99");
    }

    @Test
    void matchShouldAskNoDnsTheSecondTime() throws Exception {
        Mail mail = mail("203.0.113.5", "user@include.spf.test", "mail.example.com");
        matcher("").match(mail);
        long before = engine.dns().questionsAsked();
        matcher("fail, permerror").match(mail);
        assertThat(engine.dns().questionsAsked()).isEqualTo(before);
    }

    @Test
    void initShouldFailNamingTheProblemWhenConditionIsMalformed() {
        assertThatThrownBy(() -> matcher("fail, hard")).isInstanceOf(MessagingException.class).hasMessageContaining("unknown SPF result 'hard'");
    }
}
