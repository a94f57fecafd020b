package org.accessdenied.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import javax.mail.MessagingException;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

import org.accessdenied.testkit.TestMessages;

class WarnRecipientWithAttachmentTest {
    private final FakeMailContext context;
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();

    WarnRecipientWithAttachmentTest() throws Exception {
        context = FakeMailContext.builder().postmaster(new MailAddress("postmaster@example.com")).build();
    }

    private WarnRecipientWithAttachment mailet() throws MessagingException {
        WarnRecipientWithAttachment mailet = new WarnRecipientWithAttachment(metrics);
        mailet.init(FakeMailetConfig.builder().mailetName("WarnRecipientWithAttachment").mailetContext(context).build());
        return mailet;
    }

    private static byte[] attachmentBytes(MimeMessage warning) throws Exception {
        MimeMultipart mixed = (MimeMultipart) warning.getContent();
        MimeBodyPart attachment = (MimeBodyPart) mixed.getBodyPart(1);
        assertThat(attachment.getContentType()).startsWith("message/rfc822");
        assertThat(attachment.getDisposition()).isEqualTo("attachment");
        try (InputStream raw = attachment.getRawInputStream()) {
            return raw.readAllBytes();
        }
    }

    private static MimeMessage reparse(MimeMessage message) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        message.writeTo(bytes);
        return new MimeMessage(javax.mail.Session.getDefaultInstance(new java.util.Properties()),
            new java.io.ByteArrayInputStream(bytes.toByteArray()));
    }

    @Test
    void serviceShouldSendEachRecipientAWarningWithTheOriginalAttachedByteForByte() throws Exception {
        byte[] original = TestMessages.smtp("middle-band.eml");
        Mail mail = MailetFixture.flagged(original, 8.6);
        mailet().service(mail);

        assertThat(context.getSentMails()).hasSize(2);
        assertThat(context.getSentMails()).extracting(s -> s.getRecipients().iterator().next().asString())
            .containsExactlyInAnyOrderElementsOf(MailetFixture.RECIPIENTS);
        for (FakeMailContext.SentMail sent : context.getSentMails()) {
            assertThat(sent.getSender().asString()).isEqualTo("postmaster@example.com");
            assertThat(sent.getRecipients()).hasSize(1);
            MimeMessage warning = reparse(sent.getMsg());
            assertThat(warning.getSubject()).isEqualTo("[SPAM?] Exclusive offer \u2013 act now!");
            assertThat(warning.getHeader("X-Access-Denied-Flagged")).containsExactly("HighSpamScore");
            assertThat(warning.getHeader("X-Access-Denied-Score")).containsExactly("8.6 / 5.0");
            String text = (String) ((MimeMultipart) warning.getContent()).getBodyPart(0).getContent();
            assertThat(text).contains("HighSpamScore: spam score 8.6 (required 5.0, threshold 5.0) (MONEY_BACK,DEAR_FRIEND)",
                "Sender: deals@example.net", "Sending server: 192.0.2.1", "allow list");
            assertThat(attachmentBytes(warning)).isEqualTo(original);
        }
    }

    @Test
    void serviceShouldNeverWriteToTheOriginalSenderNorBounce() throws Exception {
        Mail mail = MailetFixture.flagged(TestMessages.smtp("middle-band.eml"), 8.6);
        mailet().service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getBouncedMails()).isEmpty();
        assertThat(context.getSentMails()).allSatisfy(sent ->
            assertThat(sent.getRecipients()).extracting(MailAddress::asString).doesNotContain(MailetFixture.SENDER));
        assertThat(metrics.countFor(WarnRecipientWithAttachment.METRIC)).isEqualTo(1);
    }

    @Test
    void warningsShouldNeverBeWarnedAboutAgain() throws Exception {
        WarnRecipientWithAttachment mailet = mailet();
        mailet.service(MailetFixture.flagged(TestMessages.smtp("middle-band.eml"), 8.6));
        FakeMailContext.SentMail sent = context.getSentMails().get(0);
        assertThat(sent.getAttributes()).containsKey(WarnRecipientWithAttachment.WARNING);

        Mail warning = MailetFixture.flagged(TestMessages.smtp("middle-band.eml"), 8.6);
        warning.setAttribute(new Attribute(WarnRecipientWithAttachment.WARNING, AttributeValue.of(true)));
        int before = context.getSentMails().size();
        mailet.service(warning);
        assertThat(context.getSentMails()).hasSize(before);
        assertThat(warning.getState()).isNotEqualTo(Mail.GHOST);
    }

    @Test
    void aForgedWarningHeaderShouldNotExemptSpam() throws Exception {
        byte[] forged = ("X-Access-Denied-Flagged: none\r\n" + new String(TestMessages.smtp("middle-band.eml"), StandardCharsets.ISO_8859_1))
            .getBytes(StandardCharsets.ISO_8859_1);
        Mail mail = MailetFixture.flagged(forged, 8.6);
        mailet().service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).hasSize(2);
    }

    @Test
    void initShouldFailNamingTheParameter() {
        WarnRecipientWithAttachment mailet = new WarnRecipientWithAttachment(metrics);
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("W").mailetContext(context)
            .setProperty("sender", "not an address").build())).hasMessageContaining("parameter 'sender'");
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("W").mailetContext(context)
            .setProperty("subjectPrefix", "[SPAM]\r\nBcc: x@example.com").build())).hasMessageContaining("parameter 'subjectPrefix'");
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("W").mailetContext(context)
            .setProperty("prefix", "x").build())).hasMessageContaining("prefix");
    }
}
