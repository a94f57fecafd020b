package org.accessdenied.matchers;

import com.google.inject.Inject;

import org.accessdenied.core.check.Check;
import org.accessdenied.core.check.ForwardConfirmedRdnsCheck;
import org.accessdenied.core.evidence.EvidenceEngine;

/**
 * Matches when the client has no forward-confirmed reverse DNS (RFC 1912 §2.1): no PTR record, or no name in its PTR
 * resolves (A/AAAA) back to the client address.
 *
 * <pre><code>
 * &lt;mailet match="org.accessdenied.matchers.NoMatchingPtr" class="..."/&gt;
 * &lt;!-- only require that a PTR exists (Postfix reject_unknown_reverse_client_hostname) --&gt;
 * &lt;mailet match="org.accessdenied.matchers.NoMatchingPtr=require=ptr" class="..."/&gt;
 * &lt;!-- a DNS failure matches too, as "temporary" (the SMTP hook answers 451 instead of 550) --&gt;
 * &lt;mailet match="org.accessdenied.matchers.NoMatchingPtr=temporary=match" class="..."/&gt;
 * </code></pre>
 *
 * Options: {@code require=fcrdns|ptr} (default fcrdns), {@code temporary=nomatch|match} (default nomatch).
 * Evidence: {@code accessdenied.ptr}, {@code accessdenied.fcrdns}; verdict: {@code accessdenied.verdict.NoMatchingPtr}.
 */
public class NoMatchingPtr extends CheckMatcher {
    @Inject
    public NoMatchingPtr(EvidenceEngine engine) {
        super(engine);
    }

    @Override
    protected Check parse(String condition) {
        return ForwardConfirmedRdnsCheck.parse(condition);
    }

    @Override
    public String getMatcherInfo() {
        return "Access Denied: client without forward-confirmed reverse DNS";
    }
}
