package org.accessdenied.matchers;

import com.google.inject.Inject;

import org.accessdenied.core.check.Check;
import org.accessdenied.core.check.SpamScoreCheck;
import org.accessdenied.core.evidence.EvidenceEngine;

/**
 * Matches when the message's spam score is at or above the threshold. It only compares: the score is asked of
 * spamd once per mail (SPAMD protocol, timeouts and size limit from {@code conf/access-denied.properties}) unless a
 * score worth believing is already there (James's SpamAssassin mailet; X-Spam-Status/X-Spam-Score from
 * {@code spam.trustedNetworks} only). The request to spamd ends at {@code check.deadline} at the latest.
 * <ul>
 * <li>The message over {@code spamd.maxSize}: not scanned, not applicable, never a match.</li>
 * <li>spamd unavailable (down, hanging or slower than the deadline, garbage, its circuit open, the client's queue
 * full): a temporary verdict (logged and counted). {@code temporary=nomatch} (the default): no match, the mail goes
 * on unscored; {@code temporary=match}: the rule applies, so unscored mail can be routed elsewhere.</li>
 * </ul>
 *
 * <pre><code>
 * &lt;!-- around 15 and above: silently discarded (quarantined) --&gt;
 * &lt;mailet match="org.accessdenied.matchers.HighSpamScore=15" class="org.accessdenied.mailets.SilentDiscard"/&gt;
 * &lt;!-- from the spam threshold up: delivered with a warning, the original attached --&gt;
 * &lt;mailet match="org.accessdenied.matchers.HighSpamScore=5" class="org.accessdenied.mailets.WarnRecipientWithAttachment"/&gt;
 * &lt;!-- mail spamd could not score (spamd unavailable): to a processor of the admin's choice --&gt;
 * &lt;mailet match="org.accessdenied.matchers.HighSpamScore=5,temporary=match" class="ToProcessor"&gt;
 *     &lt;processor&gt;unscored&lt;/processor&gt;
 * &lt;/mailet&gt;
 * </code></pre>
 *
 * Evidence: {@code accessdenied.spam} (score, required, rules, source); verdict: {@code accessdenied.verdict.HighSpamScore}.
 */
public class HighSpamScore extends CheckMatcher {
    @Inject
    public HighSpamScore(EvidenceEngine engine) {
        super(engine);
    }

    @Override
    protected Check parse(String condition) {
        return SpamScoreCheck.parse(condition);
    }

    @Override
    public String getMatcherInfo() {
        return "Access Denied: spam score at or above a threshold";
    }
}
