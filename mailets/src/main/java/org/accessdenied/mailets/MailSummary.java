package org.accessdenied.mailets;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.evidence.ConnectionEvidence;
import org.accessdenied.core.evidence.EvidenceAttributes;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.spam.SpamScore;
import org.accessdenied.core.text.SafeText;

/** What the pack knows about one accepted mail, for one greppable log line and for the words of a warning. */
final class MailSummary {
    private final String name;
    private final String client;
    private final String sender;
    private final List<String> recipients;
    private final String messageId;
    private final String subject;
    private final Optional<SpamScore> score;
    private final List<Verdict> matched;

    private MailSummary(String name, String client, String sender, List<String> recipients, String messageId, String subject,
                        Optional<SpamScore> score, List<Verdict> matched) {
        this.name = name;
        this.client = client;
        this.sender = sender;
        this.recipients = recipients;
        this.messageId = messageId;
        this.subject = subject;
        this.score = score;
        this.matched = matched;
    }

    static MailSummary of(Mail mail) {
        ConnectionEvidence evidence = EvidenceAttributes.read(mail);
        return new MailSummary(
            mail.getName(),
            evidence.client().map(ClientIp::text).orElse("unknown"),
            SafeText.printable(mail.getMaybeSender().asString("<>"), 320),
            mail.getRecipients().stream().map(MailAddress::asString).map(r -> SafeText.printable(r, 320)).collect(Collectors.toList()),
            header(mail, "Message-ID"),
            header(mail, "Subject"),
            Optional.ofNullable(evidence.spam().get(mail.getName())).filter(SpamScore::isScored),
            EvidenceAttributes.verdicts(mail).stream().filter(Verdict::matched).collect(Collectors.toList()));
    }

    private static String header(Mail mail, String name) {
        try {
            String[] values = mail.getMessage().getHeader(name);
            return values == null || values.length == 0 ? "" : SafeText.printable(values[0], 200);
        } catch (MessagingException | RuntimeException e) {
            return "";
        }
    }

    String subject() {
        return subject;
    }

    String sender() {
        return sender;
    }

    String client() {
        return client;
    }

    Optional<SpamScore> score() {
        return score;
    }

    List<Verdict> matched() {
        return matched;
    }

    /** {@code mail=... client=... sender=... recipients=[...] message-id=... score=8.6/5.0 rules=[...] matched=[...]}. */
    String logLine() {
        return "mail=" + name + " client=" + client + " sender=" + sender + " recipients=" + recipients
            + " message-id=" + messageId
            + score.map(s -> " score=" + s.score() + "/" + s.required() + " rules=" + s.rules()).orElse(" score=none")
            + " matched=" + matched.stream().map(v -> v.check() + ": " + v.reason()).collect(Collectors.toList());
    }
}
