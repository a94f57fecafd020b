package org.accessdenied.it;

import java.util.Map;

import org.accessdenied.core.metrics.MetricNames;

/**
 * What the mix of {@link MetricsEndToEndTest} changes on conf-samples/smarthost, the same on both James lines.
 * Matchers only (no SMTP hook): the pack still publishes through James's metrics, from its evidence engine.
 */
final class SmarthostSampleMetrics {
    static final Map<String, Long> EXPECTED = MetricsEndToEndTest.counts(
        // no hook, no DNSBL: only HighSpamScore=15 and =5 in the spooler, for the two mails accepted (ham, GTUBE). Each
        // first matcher asks spamd (a miss); GTUBE is discarded there, the ham's second matcher reuses its score (a hit)
        MetricNames.SPAMD_LATENCY + "_count", 2,
        MetricNames.counterSeries(MetricNames.SPAMD_SCORED), 2,
        MetricNames.counterSeries(MetricNames.SILENT_DISCARD), 1,
        MetricNames.counterSeries(MetricNames.EVIDENCE_CACHE_HIT), 1,
        MetricNames.counterSeries(MetricNames.EVIDENCE_CACHE_MISS), 2);

    private SmarthostSampleMetrics() {
    }
}
