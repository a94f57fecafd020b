package org.accessdenied.matchers;

import com.google.inject.Inject;

import org.accessdenied.core.check.Check;
import org.accessdenied.core.check.DynamicRdnsCheck;
import org.accessdenied.core.evidence.EvidenceEngine;

/**
 * Matches when the client's PTR name is a generic name its provider generated rather than one a mail operator chose:
 * the client address written into the name (dotted, dashed, concatenated, zero-padded, reversed, partial, hex in
 * either byte order, one 32-bit number, IPv6 groups or nibbles), a cable modem's MAC address, a hosting provider's
 * default name (vmi123456.contaboserver.net, sd-123456.dedibox.fr, hosted-by.leaseweb.com...), or an access-network
 * word as a whole token (ppp, dial, dsl, pool, cpe, dyn, cable, cm123, res, dhcp, broadband, customer, ipngn...). Big
 * senders whose outbound names embed digits (Google, Microsoft, Amazon SES, Facebook, SendGrid, Mailgun, Mandrill,
 * Postmark, SparkPost, Proton, Zoho, Yahoo, Apple...) and names starting with a mail-server label (mail, mx, smtp...)
 * are exempt. A name that carries the address is generic even when it says static or business
 * ({@code static-192-0-2-1.isp.example}); {@code static=exempt} lets such names pass, as before. The verdict says
 * which part matched.
 *
 * <pre><code>
 * &lt;mailet match="org.accessdenied.matchers.DynamicRdns" class="..."/&gt;
 * &lt;!-- accept ISP-named static and business lines --&gt;
 * &lt;mailet match="org.accessdenied.matchers.DynamicRdns=static=exempt" class="..."/&gt;
 * &lt;!-- extend: one more access word, one more exempt domain, one pattern of your own --&gt;
 * &lt;mailet match="org.accessdenied.matchers.DynamicRdns=tokens+=kunde|adsl2, exempt+=partner.example,
 *     pattern+=^host[0-9]+\.pool\.example\.net$" class="..."/&gt;
 * </code></pre>
 *
 * Options (lists separated by {@code |}): {@code tokens+=}, {@code tokens=} (replace), {@code exempt+=},
 * {@code exempt=} (replace), {@code pattern+=REGEX}, {@code exemptPattern+=REGEX}, {@code static=generic|exempt},
 * {@code temporary=nomatch|match}. A client without PTR is not this matcher's business (see {@link NoMatchingPtr});
 * with several PTR names it matches only when all of them look dynamic.
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
