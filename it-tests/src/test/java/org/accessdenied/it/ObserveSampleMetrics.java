package org.accessdenied.it;

import java.util.Map;

import org.accessdenied.core.metrics.MetricNames;

/**
 * What the mix of {@link MetricsEndToEndTest} changes on conf-samples/observe, the same on both James lines.
 * The observe set refuses nothing: its decisions are would-reject and would-defer.
 */
final class ObserveSampleMetrics {
    static final Map<String, Long> EXPECTED = MetricsEndToEndTest.counts(
        // the same decisions as strict, but would-*: the listed client (rule 1) and the client without PTR (rule 2)
        // would have been refused, the client of the silent DNS deferred; everything was accepted
        MetricNames.counterSeries(MetricNames.decision("would-reject")), 2,
        MetricNames.counterSeries(MetricNames.decision("would-reject", "rule1_RemoteAddrInDnsbl")), 1,
        MetricNames.counterSeries(MetricNames.decision("would-reject", "rule2_NoMatchingPtr")), 1,
        MetricNames.counterSeries(MetricNames.decision("exempt")), 1,
        MetricNames.counterSeries(MetricNames.decision("pass")), 2,
        MetricNames.counterSeries(MetricNames.decision("would-defer")), 1,
        MetricNames.counterSeries(MetricNames.decision("would-defer", "rule2_NoMatchingPtr")), 1,
        // 21 DNS questions (PTR, forward confirmation, zen.spamhaus.org A and TXT, HELO A/AAAA, SPF...; bl.spamcop.net is
        // disabled, so never asked): 4 time out in the silent session (what it asked that was not cached yet)
        MetricNames.DNS_LATENCY + "_count", 21,
        MetricNames.counterSeries(MetricNames.DNS_ANSWER), 11,
        MetricNames.counterSeries(MetricNames.DNS_NXDOMAIN), 6,
        MetricNames.counterSeries(MetricNames.DNS_TIMEOUT), 4,
        // HighSpamScore in the spooler (tagging only): spamd asked once per accepted mail
        MetricNames.SPAMD_LATENCY + "_count", 2,
        MetricNames.counterSeries(MetricNames.SPAMD_SCORED), 2,
        MetricNames.counterSeries(MetricNames.EVIDENCE_CACHE_HIT), 17,
        MetricNames.counterSeries(MetricNames.EVIDENCE_CACHE_MISS), 32);

    private ObserveSampleMetrics() {
    }
}
