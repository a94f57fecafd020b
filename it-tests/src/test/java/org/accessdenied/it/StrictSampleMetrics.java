package org.accessdenied.it;

import java.util.Map;

import org.accessdenied.core.metrics.MetricNames;

/**
 * What the mix of {@link MetricsEndToEndTest} changes on conf-samples/strict, the same on both James lines.
 * Decisions, DNS, spamd, mailets and the evidence cache; the zones' state is checked at start-up (bl.spamcop.net disabled).
 */
final class StrictSampleMetrics {
    static final Map<String, Long> EXPECTED = MetricsEndToEndTest.counts(
        // decisions at RCPT: the listed client refused by rule 1 then postmaster exempt, the client without PTR refused by
        // rule 2, the ham and GTUBE recipients passed, the client of the silent DNS deferred by rule 2 (PTR timed out)
        MetricNames.counterSeries(MetricNames.decision("reject")), 2,
        MetricNames.counterSeries(MetricNames.decision("reject", "rule1_RemoteAddrInDnsbl")), 1,
        MetricNames.counterSeries(MetricNames.decision("reject", "rule2_NoMatchingPtr")), 1,
        MetricNames.counterSeries(MetricNames.decision("exempt")), 1,
        MetricNames.counterSeries(MetricNames.decision("pass")), 2,
        MetricNames.counterSeries(MetricNames.decision("defer")), 1,
        MetricNames.counterSeries(MetricNames.decision("defer", "rule2_NoMatchingPtr")), 1,
        // 22 DNS questions (PTR, forward confirmation, zen.spamhaus.org A and TXT, HELO A/AAAA, SPF...; bl.spamcop.net is
        // disabled, so never asked): 4 time out in the silent session (what it asked that was not cached yet)
        MetricNames.DNS_LATENCY + "_count", 22,
        MetricNames.counterSeries(MetricNames.DNS_ANSWER), 12,
        MetricNames.counterSeries(MetricNames.DNS_NXDOMAIN), 6,
        MetricNames.counterSeries(MetricNames.DNS_TIMEOUT), 4,
        // HighSpamScore=15 then =5 in the spooler: spamd asked once per accepted mail (ham, GTUBE), =5 reusing the score
        MetricNames.SPAMD_LATENCY + "_count", 2,
        MetricNames.counterSeries(MetricNames.SPAMD_SCORED), 2,
        // GTUBE discarded
        MetricNames.counterSeries(MetricNames.SILENT_DISCARD), 1,
        // misses: what the hook looked up in the five sessions and the spooler's spam scores; hits: what the matchers in
        // the spooler found recorded on the two mails
        MetricNames.counterSeries(MetricNames.EVIDENCE_CACHE_HIT), 15,
        MetricNames.counterSeries(MetricNames.EVIDENCE_CACHE_MISS), 33);

    private StrictSampleMetrics() {
    }
}
