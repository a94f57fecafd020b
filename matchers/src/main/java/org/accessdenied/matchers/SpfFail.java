package org.accessdenied.matchers;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Inject;

import org.accessdenied.core.check.Check;
import org.accessdenied.core.check.SpfCheck;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.spf.ReceivedSpf;
import org.accessdenied.core.spf.SpfEvidence;

/**
 * Matches when the mail's SPF result (RFC 7208) is one the rule refuses. SPF is evaluated with the jSPF that James
 * ships, on the pack's DNS client; the identity is the MAIL FROM address, or the HELO name for bounces (null
 * sender).
 *
 * <pre><code>
 * &lt;!-- fail means reject --&gt;
 * &lt;mailet match="org.accessdenied.matchers.SpfFail" class="..."/&gt;
 * &lt;!-- a stricter policy; temperror matches too, as "temporary" (the SMTP hook answers 451) --&gt;
 * &lt;mailet match="org.accessdenied.matchers.SpfFail=fail, softfail, permerror, temporary=match" class="..."/&gt;
 * </code></pre>
 *
 * Condition: results among {@code fail} (default), {@code softfail}, {@code neutral}, {@code none},
 * {@code permerror}; option {@code temporary=nomatch|match} for temperror. The first time a mail passes an SpfFail
 * matcher it gets a {@code Received-SPF} header (RFC 7208 §9.1) with the MAIL FROM result. The result is recorded as
 * {@code accessdenied.spf} (by sender) and the verdict as {@code accessdenied.verdict.SpfFail}; the domain's
 * {@code exp=} explanation is attacker-controlled text and is kept printable and at most 200 characters.
 */
public class SpfFail extends CheckMatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpfFail.class);

    @Inject
    public SpfFail(EvidenceEngine engine) {
        super(engine);
    }

    @Override
    protected Check parse(String condition) {
        return SpfCheck.parse(condition);
    }

    @Override
    protected void evaluated(EvidenceSession session, Mail mail) {
        String sender = mail.getMaybeSender().asString("");
        Optional<SpfEvidence> spf = session.snapshot().spf().entrySet().stream()
            .filter(e -> e.getKey().equals(sender)).map(java.util.Map.Entry::getValue).findFirst();
        if (spf.isEmpty() || session.client().isEmpty()) {
            return;
        }
        try {
            if (mail.getMessage().getHeader(ReceivedSpf.HEADER_NAME) == null) {
                // no saveChanges(): it could rewrite Message-ID and MIME headers; James keeps header edits itself
                mail.getMessage().addHeader(ReceivedSpf.HEADER_NAME, ReceivedSpf.value(spf.get(), session.client().get(),
                    session.helo(), Optional.empty()));
            }
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("SpfFail: could not add {} to mail {}", ReceivedSpf.HEADER_NAME, mail.getName(), e);
        }
    }

    @Override
    public String getMatcherInfo() {
        return "Access Denied: SPF result refused";
    }
}
