package org.accessdenied.matchers;

import java.io.IOException;
import java.io.OutputStream;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;

import org.accessdenied.core.check.MessageContent;
import org.accessdenied.core.check.Transaction;

/** A mail in the pipeline as a {@link Transaction}: its envelope sender and its message, read only when needed. */
final class MailTransaction {
    private MailTransaction() {
    }

    static Transaction of(Mail mail) {
        String sender = mail.getMaybeSender().asString("");
        return Transaction.of(sender).withMessage(new MessageContent() {
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
        });
    }
}
