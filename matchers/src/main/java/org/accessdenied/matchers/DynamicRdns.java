package org.accessdenied.matchers;

import com.google.inject.Inject;

import org.accessdenied.core.check.Check;
import org.accessdenied.core.check.DynamicRdnsCheck;
import org.accessdenied.core.evidence.EvidenceEngine;

/**
 * Matches when the client's PTR name looks generic/residential: the client address written into the name (dotted,
 * dashed, concatenated, zero-padded, reversed, partial, hex, IPv6 groups or nibbles), or an access-network word as a
 * whole token (ppp, dial, dsl, pool, cpe, ip-, dyn, cable, res, dhcp, broadband, customer, client...). Big senders
 * whose outbound names embed digits (Google, Microsoft, Amazon SES, Facebook...), names starting with a mail-server
 * label (mail, mx, smtp...) and names marked static or business are exempt. The verdict says which part matched.
 *
 * <pre><code>
 * &lt;mailet match="org.accessdenied.matchers.DynamicRdns" class="..."/&gt;
 * &lt;!-- extend: one more access word, one more exempt domain, one pattern of your own --&gt;
 * &lt;mailet match="org.accessdenied.matchers.DynamicRdns=tokens+=kunde|adsl2, exempt+=partner.example,
 *     pattern+=^host[0-9]+\.pool\.example\.net$" class="..."/&gt;
 * </code></pre>
 *
 * Options (lists separated by {@code |}): {@code tokens+=}, {@code tokens=} (replace), {@code exempt+=},
 * {@code exempt=} (replace), {@code pattern+=REGEX}, {@code exemptPattern+=REGEX}, {@code temporary=nomatch|match}.
 * A client without PTR is not this matcher's business (see {@link NoMatchingPtr}); with several PTR names it
 * matches only when all of them look dynamic.
 */
public class DynamicRdns extends CheckMatcher {
    @Inject
    public DynamicRdns(EvidenceEngine engine) {
        super(engine);
    }

    @Override
    protected Check parse(String condition) {
        return DynamicRdnsCheck.parse(condition);
    }

    @Override
    public String getMatcherInfo() {
        return "Access Denied: client with a dynamic/residential reverse DNS name";
    }
}
