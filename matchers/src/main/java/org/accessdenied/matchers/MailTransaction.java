package org.accessdenied.matchers;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;

import org.accessdenied.core.spam.MessageContent;
import org.accessdenied.core.evidence.Transaction;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.net.Network;
import org.accessdenied.core.spam.SpamScore;
import org.accessdenied.core.spam.SpamStatus;

/**
 * A mail in the pipeline as a {@link Transaction}: its envelope sender, its message (read only when needed) and a
 * spam score already known from a source worth believing:
 * <ul>
 * <li>James's SpamAssassin mailet ({@code org.apache.james.spamassassin.status} per-recipient header, set inside
 * James, never from outside): the highest score among the recipients;</li>
 * <li>{@code X-Spam-Status} / {@code X-Spam-Score} headers, only when the client is in {@code spam.trustedNetworks}
 * (an upstream filter): a header that arrives from the Internet never lowers or raises the score.</li>
 * </ul>
 */
public final class MailTransaction {
    static final String JAMES_STATUS_HEADER = "org.apache.james.spamassassin.status";

    private MailTransaction() {
    }

    public static Transaction of(Mail mail, Optional<ClientIp> client, List<Network> trustedNetworks) {
        Transaction transaction = Transaction.of(mail.getMaybeSender().asString("")).withMessage(mail.getName(), content(mail));
        Optional<SpamScore> trusted = jamesScore(mail)
            .or(() -> client.filter(ip -> trustedNetworks.stream().anyMatch(n -> n.contains(ip))).flatMap(ip -> headerScore(mail)));
        return trusted.map(transaction::withTrustedScore).orElse(transaction);
    }

    private static Optional<SpamScore> jamesScore(Mail mail) {
        PerRecipientHeaders headers = mail.getPerRecipientSpecificHeaders();
        return headers.getHeadersByRecipient().values().stream()
            .filter(h -> h.getName().equalsIgnoreCase(JAMES_STATUS_HEADER))
            .map(h -> SpamStatus.statusHeader(h.getValue(), SpamScore.Source.JAMES_SPAMASSASSIN))
            .flatMap(Optional::stream)
            .max(Comparator.comparingDouble(SpamScore::score));
    }

    private static Optional<SpamScore> headerScore(Mail mail) {
        try {
            String[] status = mail.getMessage().getHeader("X-Spam-Status");
            if (status != null && status.length > 0) {
                Optional<SpamScore> score = SpamStatus.statusHeader(status[0], SpamScore.Source.TRUSTED_HEADER);
                if (score.isPresent()) {
                    return score;
                }
            }
            String[] plain = mail.getMessage().getHeader("X-Spam-Score");
            return plain != null && plain.length > 0
                ? SpamStatus.plainScore(plain[0]).map(s -> SpamScore.scored(SpamScore.Source.TRUSTED_HEADER, s, 5.0, List.of()))
                : Optional.empty();
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }

    private static MessageContent content(Mail mail) {
        return new MessageContent() {
            @Override
            public long size() {
                try {
                    return mail.getMessageSize();
                } catch (MessagingException e) {
                    return -1;
                }
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                try {
                    mail.getMessage().writeTo(out);
                } catch (MessagingException e) {
                    throw new IOException("cannot read the message of mail " + mail.getName(), e);
                }
            }
        };
    }
}
