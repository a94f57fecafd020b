package org.accessdenied.mailets;

import java.util.Optional;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Inject;

import org.accessdenied.core.metrics.MetricNames;

/**
 * Drops the mail silently: it is never delivered and nothing, no DSN, no notice, goes to the sender (whose address
 * is forged in most spam: a bounce would be backscatter). One log line with the evidence (score, rules, client,
 * sender, recipients, Message-ID), a counter, and optionally a copy in a quarantine repository from which an admin
 * can recover a false positive (webadmin: {@code /mailRepositories/.../mails}).
 *
 * <pre><code>
 * &lt;mailet match="org.accessdenied.matchers.HighSpamScore=15" class="org.accessdenied.mailets.SilentDiscard"&gt;
 *     &lt;quarantine&gt;file://var/mail/quarantine/&lt;/quarantine&gt;
 * &lt;/mailet&gt;
 * </code></pre>
 *
 * Parameters: {@code quarantine} (a mail repository URL; none by default). Counter: {@code accessdenied_silent_discard}.
 */
public class SilentDiscard extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SilentDiscard.class);
    static final String METRIC = MetricNames.SILENT_DISCARD;

    private final MailRepositoryStore repositories;
    private final Metric discarded;
    private Optional<KeptCopies> quarantine = Optional.empty();

    @Inject
    public SilentDiscard(MailRepositoryStore repositories, MetricFactory metrics) {
        this.repositories = repositories;
        this.discarded = metrics.generate(METRIC);
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("quarantine"));
        Optional<String> url = getInitParameterAsOptional("quarantine");
        if (url.isPresent()) {
            quarantine = Optional.of(KeptCopies.open(repositories, MailRepositoryUrl.from(url.get()), getMailetName(), "quarantine"));
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MailSummary summary = MailSummary.of(mail);
        String where = quarantine.map(copies -> "quarantine: " + copies.keep(mail)).orElse("not kept");
        mail.setState(Mail.GHOST);
        discarded.increment();
        LOGGER.info("SilentDiscard {} ({})", summary.logLine(), where);
    }

    @Override
    public String getMailetInfo() {
        return "Access Denied: silent discard, never a DSN, optional quarantine";
    }
}
