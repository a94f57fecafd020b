package org.accessdenied.matchers;

import java.time.Duration;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;

import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.dns.ResolverAddress;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.testkit.NsdServer;

/** Matchers initialised as James does, on an engine that asks the shared real nsd. */
final class MatcherFixture {
    static final List<MailAddress> RECIPIENTS = List.of(address("alice@example.org"), address("bob@example.org"));

    private MatcherFixture() {
    }

    static EvidenceEngine engine() {
        return new EvidenceEngine(settings());
    }

    static EngineSettings settings() {
        return EngineSettings.forDns(List.of(ResolverAddress.parse(NsdServer.shared().hostAndPort())), Duration.ofMillis(700));
    }

    static <M extends CheckMatcher> M init(M matcher, String name, String condition) throws MessagingException {
        matcher.init(FakeMatcherConfig.builder().matcherName(name).condition(condition).build());
        return matcher;
    }

    /** A mail as James's SMTP server hands it to the pipeline. */
    static Mail smtpMail(String remoteAddr, String helo) throws MessagingException {
        FakeMail.Builder builder = FakeMail.builder().name("mail-" + System.nanoTime())
            .sender("sender@example.net").recipients(RECIPIENTS)
            .attribute(new Attribute(Mail.SMTP_SESSION_ID, AttributeValue.of("session-1")));
        if (remoteAddr != null) {
            builder.remoteAddr(remoteAddr);
        }
        if (helo != null) {
            builder.attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of(helo)));
        }
        return builder.build();
    }

    /** A MIME message parsed from raw text, exactly as given. */
    static javax.mail.internet.MimeMessage message(String raw) throws MessagingException {
        return new javax.mail.internet.MimeMessage(javax.mail.Session.getDefaultInstance(new java.util.Properties()),
            new java.io.ByteArrayInputStream(raw.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    private static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
