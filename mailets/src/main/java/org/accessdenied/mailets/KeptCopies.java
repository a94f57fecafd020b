package org.accessdenied.mailets;

import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository where a mailet keeps a copy of each mail it drops (a quarantine), so an admin can recover it:
 * opened once, when the mailet starts; storing never throws, because a drop must not fail (an exception would send
 * the mail to the error processor instead).
 */
final class KeptCopies {
    private static final Logger LOGGER = LoggerFactory.getLogger(KeptCopies.class);

    private final MailRepository repository;
    private final String url;

    private KeptCopies(MailRepository repository, String url) {
        this.repository = repository;
        this.url = url;
    }

    /** @throws MessagingException naming the mailet and the parameter when the repository cannot be opened */
    static KeptCopies open(MailRepositoryStore store, MailRepositoryUrl url, String mailet, String parameter) throws MessagingException {
        try {
            return new KeptCopies(store.select(url), url.asString());
        } catch (MailRepositoryStore.MailRepositoryStoreException | RuntimeException e) {
            throw new MessagingException(mailet + ": parameter '" + parameter + "': cannot open repository '" + url.asString() + "': "
                + e.getMessage(), e);
        }
    }

    /** Stores a copy of the mail; says where, or why it could not. */
    String keep(Mail mail) {
        try {
            repository.store(mail);
            return "stored in " + url;
        } catch (MessagingException | RuntimeException e) {
            LOGGER.error("could not store mail {} in {}", mail.getName(), url, e);
            return "could not be stored in " + url + ": " + e.getMessage();
        }
    }
}
