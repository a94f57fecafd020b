package org.accessdenied.matchers;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.accessdenied.core.check.Check;
import org.accessdenied.core.evidence.ConnectionEvidence;
import org.accessdenied.core.evidence.Transaction;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.evidence.EvidenceAttributes;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.time.Deadline;

/**
 * A mailet-API matcher over one {@link Check}. The condition is parsed once, in {@link #init()}; a bad
 * condition stops James at start-up with a message naming the problem. For each mail it resumes the connection's
 * evidence from the mail's attributes (recorded by the SMTP hook or an earlier matcher, so nothing is asked twice),
 * evaluates the check, and records the evidence and the verdict back on the mail. A check of the message alone
 * ({@link Check#readsConnectionEvidence()} false) reads back only the client, the HELO and the spam scores.
 * <p>
 * Mails that did not arrive over SMTP (sent by a mailet, submitted through JMAP or webadmin) are not applicable:
 * they never match. A check that cannot finish within {@code check.deadline} gives a temporary verdict; slow work
 * done for it (a spamd request) is bounded by the same deadline.
 */
public abstract class CheckMatcher extends GenericMatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(CheckMatcher.class);

    private final EvidenceEngine engine;
    private Check check;

    protected CheckMatcher(EvidenceEngine engine) {
        this.engine = engine;
    }

    /** @throws IllegalArgumentException with a message naming the faulty part of the condition */
    protected abstract Check parse(String condition);

    /** Called once the condition is parsed, e.g. to start watching DNSBL zones. */
    protected void started(Check parsed, EvidenceEngine evidenceEngine) {
    }

    @Override
    public final void init() throws MessagingException {
        try {
            check = parse(getCondition());
        } catch (IllegalArgumentException e) {
            throw new MessagingException(getMatcherName() + ": invalid condition '" + safeCondition() + "': " + e.getMessage(), e);
        }
        started(check, engine);
    }

    private String safeCondition() {
        // a DNSBL key may be written in braces: never echo it
        return String.valueOf(getCondition()).replaceAll("\\{[^}]*\\}", "{...}");
    }

    /** The check this matcher evaluates, for the SMTP hook that enforces the same rule during the dialogue. */
    public Check check() {
        return check;
    }

    protected EvidenceEngine engine() {
        return engine;
    }

    @Override
    public final Collection<MailAddress> match(Mail mail) {
        Verdict verdict = evaluate(mail);
        EvidenceAttributes.writeVerdict(mail, verdict);
        if (verdict.matched()) {
            LOGGER.info("{} matched mail {} from {}: {}", check.name(), mail.getName(),
                EvidenceAttributes.read(mail).client().map(Object::toString).orElse("unknown"), verdict.reason());
            return mail.getRecipients();
        }
        LOGGER.debug("{} did not match mail {}: {}", check.name(), mail.getName(), verdict);
        return List.of();
    }

    private Verdict evaluate(Mail mail) {
        if (mail.getAttribute(Mail.SMTP_SESSION_ID).isEmpty() && mail.getAttribute(EvidenceAttributes.CLIENT).isEmpty()) {
            return Verdict.notApplicable(check.name(), "mail did not arrive over SMTP");
        }
        ConnectionEvidence recorded;
        EvidenceSession session;
        try {
            recorded = check.readsConnectionEvidence() ? EvidenceAttributes.read(mail) : EvidenceAttributes.readMessageEvidence(mail);
            session = engine.resume(recorded);
        } catch (RuntimeException e) {
            LOGGER.warn("{}: unreadable evidence on mail {}", check.name(), mail.getName(), e);
            return Verdict.temporary(check.name(), "unreadable evidence", false);
        }
        Deadline deadline = Deadline.in(engine.settings().checkDeadline());
        try {
            Transaction transaction = MailTransaction.of(mail, session.client(), engine.settings().trustedSpamNetworks()).withDeadline(deadline.forWork());
            return check.evaluate(session, transaction).get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Verdict.temporary(check.name(), "evidence not complete within " + engine.settings().checkDeadline().toMillis() + " ms", check.temporaryMatches());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.temporary(check.name(), "interrupted", check.temporaryMatches());
        } catch (ExecutionException | RuntimeException e) {
            LOGGER.error("{} failed on mail {}", check.name(), mail.getName(), e);
            return Verdict.temporary(check.name(), "internal error: " + e.getClass().getSimpleName(), false);
        } finally {
            if (session.learnedAnything()) {
                EvidenceAttributes.writeChanges(mail, recorded, session.snapshot());
            }
            evaluated(session, mail);
        }
    }

    /** Called after each evaluation, with the evidence complete as far as it got (e.g. to add a header). */
    protected void evaluated(EvidenceSession session, Mail mail) {
    }
}
