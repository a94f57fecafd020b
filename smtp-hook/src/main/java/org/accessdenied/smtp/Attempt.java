package org.accessdenied.smtp;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.mailet.Mail;

import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.time.Deadline;

/** One thing the policy is asked about: a recipient at RCPT TO, or the message at the end of DATA. */
final class Attempt {
    final SMTPSession smtp;
    final EvidenceSession evidence;
    final MaybeSender sender;
    final Optional<MailAddress> recipient;
    final Optional<Mail> mail;
    /** Until when the policy waits for its verdicts; work done for them (spamd) stops by then. */
    final Optional<Deadline> deadline;

    private Attempt(SMTPSession smtp, EvidenceSession evidence, MaybeSender sender, Optional<MailAddress> recipient, Optional<Mail> mail,
                    Optional<Deadline> deadline) {
        this.smtp = smtp;
        this.evidence = evidence;
        this.sender = sender;
        this.recipient = recipient;
        this.mail = mail;
        this.deadline = deadline;
    }

    static Attempt recipient(SMTPSession smtp, EvidenceSession evidence, MaybeSender sender, MailAddress recipient) {
        return new Attempt(smtp, evidence, sender, Optional.of(recipient), Optional.empty(), Optional.empty());
    }

    static Attempt message(SMTPSession smtp, EvidenceSession evidence, Mail mail) {
        return new Attempt(smtp, evidence, mail.getMaybeSender(), Optional.empty(), Optional.of(mail), Optional.empty());
    }

    Attempt until(Deadline until) {
        return new Attempt(smtp, evidence, sender, recipient, mail, Optional.of(until));
    }

    String senderText() {
        return sender.isNullSender() ? "<>" : sender.asString("<>");
    }
}
