package org.accessdenied.mailets;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailRepositoryPath;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Inject;

import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.evidence.EvidenceAttributes;
import org.accessdenied.core.metrics.MetricNames;
import org.accessdenied.core.policy.RuleAction;
import org.accessdenied.core.text.SafeText;

/**
 * One rule of the admission policy: its matcher names the check, its parameters the action and the reply. The rules
 * live in a processor of their own that the pack's SMTP hook ({@code org.accessdenied.smtp.AdmissionHook}) reads at
 * start-up and enforces during the SMTP dialogue, where a refusal is a 5xx the sender sees; nothing is routed to
 * that processor, so James itself never runs these mailets in normal operation.
 *
 * <pre><code>
 * &lt;processor state="admission" enableJmx="false"&gt;
 *     &lt;mailet match="RemoteAddrInNetwork=192.0.2.0/24" class="org.accessdenied.mailets.RejectAtSmtp"&gt;
 *         &lt;action&gt;allow&lt;/action&gt;                       &lt;!-- an access list: the rest of the policy is skipped --&gt;
 *     &lt;/mailet&gt;
 *     &lt;mailet match="org.accessdenied.matchers.RemoteAddrInDnsbl=zen.spamhaus.org" class="org.accessdenied.mailets.RejectAtSmtp"/&gt;
 *     &lt;mailet match="org.accessdenied.matchers.BadHelo" class="org.accessdenied.mailets.RejectAtSmtp"&gt;
 *         &lt;code&gt;550&lt;/code&gt;&lt;status&gt;5.7.1&lt;/status&gt;
 *         &lt;text&gt;Bad HELO {helo} from [{ip}]: {reason}; {remedy}&lt;/text&gt;
 *         &lt;action&gt;observe&lt;/action&gt;                     &lt;!-- log "would reject", add a header, deliver --&gt;
 *     &lt;/mailet&gt;
 *     &lt;mailet match="org.accessdenied.matchers.NoMatchingPtr" class="org.accessdenied.mailets.RejectAtSmtp"&gt;
 *         &lt;onTemporary&gt;pass&lt;/onTemporary&gt;               &lt;!-- default defer: 451 4.7.1 --&gt;
 *     &lt;/mailet&gt;
 * &lt;/processor&gt;
 * </code></pre>
 *
 * Parameters: {@code action} reject (default), allow or observe; {@code code} (default 554 for RemoteAddrInDnsbl,
 * 550 otherwise), {@code status} (default 5.7.1), {@code text} (default {@code {reason}; {remedy}}; placeholders
 * {@code {ip} {helo} {ptr} {sender} {recipient} {rule} {reason} {remedy} {zone} {txt} {spf}}), {@code onTemporary}
 * defer (default, 451 4.7.1) or pass. All are checked when James starts.
 * <p>
 * Reached in the ordinary spooler (the mail was already accepted: the rule was added later, the hook is not
 * installed, the mail came another way), a rejecting rule must not bounce (a bounce of spam is backscatter):
 * {@code afterAcceptance} {@code store} (default) keeps the mail in {@code repository} (default
 * {@code var/mail/rejected-after-acceptance/} with the store's default protocol) and drops it; {@code deliver} adds
 * an {@code X-Access-Denied-Would-Reject} header and lets it go on. Either way one warning says why. Counter:
 * {@code accessdenied_rejected_after_acceptance}.
 */
public class RejectAtSmtp extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RejectAtSmtp.class);
    static final String METRIC = MetricNames.REJECTED_AFTER_ACCEPTANCE;
    public static final String WOULD_REJECT_HEADER = "X-Access-Denied-Would-Reject";
    static final String DEFAULT_REPOSITORY_PATH = "var/mail/rejected-after-acceptance/";

    enum AfterAcceptance { STORE, DELIVER }

    private final MailRepositoryStore repositories;
    private final Metric afterAcceptanceCount;
    private RuleAction action;
    private AfterAcceptance afterAcceptance;
    private Optional<KeptCopies> repository = Optional.empty();

    @Inject
    public RejectAtSmtp(MailRepositoryStore repositories, MetricFactory metrics) {
        this.repositories = repositories;
        this.afterAcceptanceCount = metrics.generate(METRIC);
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(RuleAction.PARAMETERS);
        try {
            action = RuleAction.parse("", name -> getInitParameterAsOptional(name));
        } catch (IllegalArgumentException e) {
            throw new MessagingException(getMailetName() + ": " + e.getMessage(), e);
        }
        String after = getInitParameter("afterAcceptance", "store").trim().toUpperCase(Locale.ROOT);
        try {
            afterAcceptance = AfterAcceptance.valueOf(after);
        } catch (IllegalArgumentException e) {
            throw new MessagingException(getMailetName() + ": parameter 'afterAcceptance': '" + after.toLowerCase(Locale.ROOT)
                + "' is not one of store, deliver");
        }
        if (afterAcceptance == AfterAcceptance.STORE && action.kind() != RuleAction.Kind.ALLOW) {
            MailRepositoryUrl url = getInitParameterAsOptional("repository").map(MailRepositoryUrl::from)
                .orElseGet(() -> MailRepositoryUrl.fromPathAndProtocol(
                    repositories.defaultProtocol().orElse(new Protocol("memory")), MailRepositoryPath.from(DEFAULT_REPOSITORY_PATH)));
            repository = Optional.of(KeptCopies.open(repositories, url, getMailetName(), "repository"));
        }
    }

    @Override
    public void service(Mail mail) {
        if (action.kind() == RuleAction.Kind.ALLOW) {
            return;
        }
        String why = EvidenceAttributes.verdicts(mail).stream().filter(Verdict::matched)
            .map(v -> v.check() + ": " + v.reason()).collect(Collectors.joining("; "));
        String reason = why.isEmpty() ? "matched by the rule's matcher" : why;
        MailSummary summary = MailSummary.of(mail);
        afterAcceptanceCount.increment();
        if (afterAcceptance == AfterAcceptance.DELIVER || action.kind() == RuleAction.Kind.OBSERVE) {
            try {
                mail.getMessage().addHeader(WOULD_REJECT_HEADER, SafeText.printable(reason, 900));
                mail.getMessage().saveChanges();
            } catch (MessagingException | RuntimeException e) {
                LOGGER.warn("RejectAtSmtp could not tag mail {}", mail.getName(), e);
            }
            LOGGER.warn("RejectAtSmtp reached after acceptance, delivered tagged ({}) {}: {}",
                action.kind() == RuleAction.Kind.OBSERVE ? "action=observe" : "afterAcceptance=deliver", summary.logLine(), reason);
            return;
        }
        // dropping without a copy is still better than a bounce to a forged sender
        String where = repository.orElseThrow().keep(mail);
        mail.setState(Mail.GHOST);
        LOGGER.warn("RejectAtSmtp reached after acceptance (the SMTP hook did not refuse it): not bounced, {} and dropped; {}: {}",
            where, summary.logLine(), reason);
    }

    @Override
    public String getMailetInfo() {
        return "Access Denied: a rule of the admission policy, enforced during the SMTP dialogue";
    }
}
