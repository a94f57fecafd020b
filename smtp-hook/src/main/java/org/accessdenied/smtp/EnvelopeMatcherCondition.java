package org.accessdenied.smtp;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.evidence.PtrEvidence;
import org.accessdenied.core.net.ClientIp;

/**
 * A rule on one of James's own envelope matchers (an access list: {@code RemoteAddrInNetwork},
 * {@code SMTPAuthSuccessful}, {@code SenderIs}...), applied during the dialogue to a mail that holds only the
 * envelope: sender, the one recipient, the client's address and name, the SMTP session attributes James would set.
 */
final class EnvelopeMatcherCondition implements RuleCondition {
    private static final Logger LOGGER = LoggerFactory.getLogger(EnvelopeMatcherCondition.class);
    private static final AttributeName IS_AUTH_NETWORK = AttributeName.of("org.apache.james.SMTPIsAuthNetwork");

    private final Matcher matcher;
    private final String name;
    private final String description;

    EnvelopeMatcherCondition(Matcher matcher, String name, String description) {
        this.matcher = matcher;
        this.name = name;
        this.description = description;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean needsMessage() {
        return false;
    }

    @Override
    public CompletableFuture<Verdict> evaluate(Attempt attempt) {
        try {
            Collection<MailAddress> matched = matcher.match(attempt.mail.orElseGet(() -> envelope(attempt)));
            return CompletableFuture.completedFuture(matched != null && !matched.isEmpty()
                ? Verdict.match(name, "local policy " + description, "contact the recipient by another way")
                : Verdict.noMatch(name, "local policy " + description + " does not apply"));
        } catch (Exception e) {
            LOGGER.warn("{} failed on session {}; counted as no match", description, attempt.smtp.getSessionID(), e);
            return CompletableFuture.completedFuture(Verdict.notApplicable(name, description + " failed: " + e.getClass().getSimpleName()));
        }
    }

    private static Mail envelope(Attempt attempt) {
        // an unknown client must not look like 127.0.0.1 (MailImpl's default) to an access list
        String address = attempt.evidence.client().map(ClientIp::text).orElse("0.0.0.0");
        String host = attempt.evidence.snapshot().ptr().filter(p -> p.status() == PtrEvidence.Status.FOUND)
            .flatMap(p -> p.names().stream().findFirst()).orElse(address);
        MailImpl.Builder mail = MailImpl.builder().name("admission-" + attempt.smtp.getSessionID())
            .sender(attempt.sender)
            .remoteAddr(address)
            .remoteHost(host)
            .addAttribute(new Attribute(Mail.SMTP_SESSION_ID, AttributeValue.of(attempt.smtp.getSessionID())));
        attempt.recipient.ifPresent(mail::addRecipient);
        attempt.evidence.helo().ifPresent(helo -> mail.addAttribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of(helo))));
        if (attempt.smtp.getUsername() != null) {
            mail.addAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of(attempt.smtp.getUsername().asString())));
        } else if (attempt.smtp.isRelayingAllowed()) {
            mail.addAttribute(new Attribute(IS_AUTH_NETWORK, AttributeValue.of(true)));
        }
        return mail.build();
    }
}
