package org.accessdenied.mailets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import javax.activation.DataHandler;
import javax.mail.MessagingException;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Inject;

import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.metrics.MetricNames;
import org.accessdenied.core.text.SafeText;

/**
 * Delivers, instead of the original, a warning to each recipient: From the postmaster, a subject with a prefix and
 * the original subject, a short text saying why the message was flagged (score and threshold, the rules that
 * fired, which check) and what to do if it is wanted, and the original attached as {@code message/rfc822}, byte
 * for byte (headers, MIME structure, 8-bit content untouched). Nothing is sent to the original sender. A warning is
 * never warned about again: it carries an internal attribute (not a header, which anyone could forge).
 *
 * <pre><code>
 * &lt;mailet match="org.accessdenied.matchers.HighSpamScore=5" class="org.accessdenied.mailets.WarnRecipientWithAttachment"&gt;
 *     &lt;subjectPrefix&gt;[SPAM?]&lt;/subjectPrefix&gt;
 *     &lt;sender&gt;postmaster@example.com&lt;/sender&gt;
 * &lt;/mailet&gt;
 * </code></pre>
 *
 * Parameters: {@code sender} (default: the server's postmaster), {@code subjectPrefix} (default {@code [SPAM?]}).
 * Headers on the warning: {@code X-Access-Denied-Flagged} (the checks), {@code X-Access-Denied-Score}.
 * Counter: {@code accessdenied_warned}.
 */
public class WarnRecipientWithAttachment extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(WarnRecipientWithAttachment.class);
    static final String METRIC = MetricNames.WARNED;
    static final AttributeName WARNING = AttributeName.of("accessdenied.warning");

    private final Metric warned;
    private Optional<MailAddress> sender = Optional.empty();
    private String subjectPrefix;

    @Inject
    public WarnRecipientWithAttachment(MetricFactory metrics) {
        this.warned = metrics.generate(METRIC);
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("sender", "subjectPrefix"));
        Optional<String> configured = getInitParameterAsOptional("sender");
        if (configured.isPresent()) {
            try {
                sender = Optional.of(new MailAddress(configured.get()));
            } catch (javax.mail.internet.AddressException e) {
                throw new MessagingException(getMailetName() + ": parameter 'sender': not an address: " + configured.get(), e);
            }
        }
        subjectPrefix = getInitParameter("subjectPrefix", "[SPAM?]");
        if (!SafeText.isPrintableAscii(subjectPrefix) || subjectPrefix.length() > 40) {
            throw new MessagingException(getMailetName() + ": parameter 'subjectPrefix': at most 40 printable ASCII characters");
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (mail.getAttribute(WARNING).isPresent()) {
            return;
        }
        MailSummary summary = MailSummary.of(mail);
        byte[] original = raw(mail);
        MailAddress from = sender.orElseGet(() -> getMailetContext().getPostmaster());
        for (MailAddress recipient : mail.getRecipients()) {
            MimeMessage warning = warning(summary, original, from, recipient);
            Mail copy = MailImpl.builder()
                .name(mail.getName() + "-warning-" + Integer.toHexString(recipient.hashCode()))
                .sender(from)
                .addRecipient(recipient)
                .mimeMessage(warning)
                .addAttribute(new Attribute(WARNING, AttributeValue.of(true)))
                .build();
            getMailetContext().sendMail(copy);
        }
        mail.setState(Mail.GHOST);
        warned.increment();
        LOGGER.info("WarnRecipientWithAttachment {}", summary.logLine());
    }

    private static byte[] raw(Mail mail) throws MessagingException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            mail.getMessage().writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new MessagingException("cannot read mail " + mail.getName(), e);
        }
    }

    private MimeMessage warning(MailSummary summary, byte[] original, MailAddress from, MailAddress recipient) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from.asString()));
        message.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(recipient.asString()));
        message.setSubject(subjectPrefix + " " + decodedSubject(summary), StandardCharsets.UTF_8.name());
        message.setHeader("X-Access-Denied-Flagged", summary.matched().stream().map(Verdict::check).collect(Collectors.joining(", ")));
        if (summary.score().isPresent()) {
            message.setHeader("X-Access-Denied-Score", summary.score().get().score() + " / " + summary.score().get().required());
        }
        message.setHeader("Auto-Submitted", "auto-generated");

        MimeBodyPart text = new MimeBodyPart();
        text.setText(explanation(summary), StandardCharsets.UTF_8.name());

        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(original, "message/rfc822")));
        attachment.setDisposition(Part.ATTACHMENT);
        attachment.setFileName("original-message.eml");
        // message/rfc822 may not be encoded (RFC 2046 5.2.1): the original travels as it is
        attachment.setHeader("Content-Transfer-Encoding", has8Bit(original) ? "8bit" : "7bit");

        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(text);
        mixed.addBodyPart(attachment);
        message.setContent(mixed);
        message.saveChanges();
        return message;
    }

    private static String decodedSubject(MailSummary summary) {
        try {
            return javax.mail.internet.MimeUtility.decodeText(summary.subject());
        } catch (java.io.UnsupportedEncodingException e) {
            return summary.subject();
        }
    }

    private static boolean has8Bit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    private static String explanation(MailSummary summary) {
        List<String> reasons = summary.matched().stream().map(v -> "  - " + v.check() + ": " + v.reason()).collect(Collectors.toList());
        return String.join("\n",
            "This message was flagged as probable spam. It was not delivered as it is: you find it attached,",
            "unchanged. Open the attachment only if you know and trust the sender.",
            "",
            "Why it was flagged:",
            reasons.isEmpty() ? "  - (no detail recorded)" : String.join("\n", reasons),
            "",
            "Sender: " + summary.sender(),
            "Sending server: " + summary.client(),
            "",
            "If you wanted this message, open or save the attachment. To receive this sender's mail",
            "without warnings, ask your postmaster to add the sender to the allow list.",
            "");
    }

    @Override
    public String getMailetInfo() {
        return "Access Denied: deliver a warning with the original attached";
    }
}
