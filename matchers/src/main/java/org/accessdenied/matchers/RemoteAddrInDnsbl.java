package org.accessdenied.matchers;

import com.google.inject.Inject;

import org.accessdenied.core.check.Check;
import org.accessdenied.core.check.DnsblCheck;
import org.accessdenied.core.evidence.EvidenceEngine;

/**
 * Matches when the client address is listed on DNS block lists (RFC 5782), IPv4 and IPv6; all zones are asked in
 * parallel.
 *
 * <pre><code>
 * &lt;!-- any listing on either zone --&gt;
 * &lt;mailet match="org.accessdenied.matchers.RemoteAddrInDnsbl=zen.spamhaus.org, bl.spamcop.net" class="..."/&gt;
 *
 * &lt;!-- postscreen-style scoring: SBL/XBL codes weigh 2, PBL 1, SpamCop 1, DNSWL allow list -2; match at 2 --&gt;
 * &lt;mailet match="org.accessdenied.matchers.RemoteAddrInDnsbl=zen.spamhaus.org=127.0.0.[2..7]*2,
 *     zen.spamhaus.org=127.0.0.[10;11]*1, bl.spamcop.net*1, list.dnswl.org=127.0.[0..255].[1..3]*-2, threshold=2"
 *     class="..."/&gt;
 *
 * &lt;!-- Spamhaus DQS: the key in braces is never written to a log or a reply --&gt;
 * &lt;mailet match="org.accessdenied.matchers.RemoteAddrInDnsbl={YOURKEY}.zen.dq.spamhaus.net" class="..."/&gt;
 * </code></pre>
 *
 * Condition: comma separated {@code zone[=filter][*weight]} and optionally {@code threshold=N} (default 1).
 * <ul>
 * <li>{@code filter}: which answers count, Postfix postscreen syntax, default {@code 127.0.0.[2..255]}. Answers in
 * 127.255.255.0/24 (Spamhaus error codes) and outside 127/8 never count, whatever the filter.</li>
 * <li>{@code weight}: added to the score when the zone lists the client (default 1; negative for allow lists).</li>
 * <li>Every zone is probed at start-up and every {@code dnsbl.healthInterval} with the RFC 5782 test points
 * (127.0.0.2 must be listed, 127.0.0.1 must not). A zone that fails (dead, listing everyone, refusing our resolver,
 * not answering) is skipped and logged, probed again after {@code dnsbl.healthRetry} (the wait doubling up to five
 * times that), and back in use at the first probe that passes. An odd answer for one client (an error code) is "not
 * listed" for that client and has the test points probed at once (at most every 10 s per zone); only a failing
 * probe switches the zone off.</li>
 * <li>A DNS failure is "not listed", with the error recorded in the evidence.</li>
 * </ul>
 * Evidence and verdict are recorded on the mail ({@code accessdenied.dnsbl}, {@code accessdenied.verdict.RemoteAddrInDnsbl}).
 */
public class RemoteAddrInDnsbl extends CheckMatcher {
    @Inject
    public RemoteAddrInDnsbl(EvidenceEngine engine) {
        super(engine);
    }

    @Override
    protected Check parse(String condition) {
        return DnsblCheck.parse(condition);
    }

    @Override
    protected void started(Check parsed, EvidenceEngine engine) {
        engine.watchZones(((DnsblCheck) parsed).zones());
    }

    @Override
    public String getMatcherInfo() {
        return "Access Denied: client address listed on DNS block lists";
    }
}
