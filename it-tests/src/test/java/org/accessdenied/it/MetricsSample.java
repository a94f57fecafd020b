package org.accessdenied.it;

import java.util.HashMap;
import java.util.Map;

import org.accessdenied.core.metrics.MetricNames;

/**
 * The conf-samples sets {@link MetricsEndToEndTest} runs, each with what the mix of sessions changes on its
 * {@code /metrics}: the same on both James lines.
 */
enum MetricsSample {
    /** Decisions, DNS, spamd, mailets and the evidence cache; the zones' state is checked at start-up. */
    STRICT("strict", true, counts(
        // decisions at RCPT: the listed client refused by rule 1 then postmaster exempt, the client without PTR refused by
        // rule 2, the ham and GTUBE recipients passed, the client of the silent DNS deferred by rule 2 (PTR timed out)
        counter(MetricNames.decision("reject")), 2,
        counter(MetricNames.decision("reject", "rule1_RemoteAddrInDnsbl")), 1,
        counter(MetricNames.decision("reject", "rule2_NoMatchingPtr")), 1,
        counter(MetricNames.decision("exempt")), 1,
        counter(MetricNames.decision("pass")), 2,
        counter(MetricNames.decision("defer")), 1,
        counter(MetricNames.decision("defer", "rule2_NoMatchingPtr")), 1,
        // 2 DNS questions time out in the silent session: the PTR and zen.spamhaus.org, the rest being answered from the
        // cache; each counted once (EHLO keeps the lookups connect started); bl.spamcop.net is disabled, so never asked
        counter(MetricNames.DNS_TIMEOUT), 2,
        // HighSpamScore=15 then =5 in the spooler: spamd asked once per accepted mail (ham, GTUBE), =5 reusing the score
        MetricNames.SPAMD_LATENCY + "_count", 2,
        counter(MetricNames.SPAMD_SCORED), 2,
        // GTUBE discarded
        counter(MetricNames.SILENT_DISCARD), 1),
        // what the hook looked up in the five sessions, the spooler's spam scores, and what the matchers in the spooler
        // needed on the two mails
        48),
    /** Refuses nothing: its decisions are would-reject and would-defer; spam only tagged. */
    OBSERVE("observe", false, counts(
        counter(MetricNames.decision("would-reject")), 2,
        counter(MetricNames.decision("would-reject", "rule1_RemoteAddrInDnsbl")), 1,
        counter(MetricNames.decision("would-reject", "rule2_NoMatchingPtr")), 1,
        counter(MetricNames.decision("exempt")), 1,
        counter(MetricNames.decision("pass")), 2,
        counter(MetricNames.decision("would-defer")), 1,
        counter(MetricNames.decision("would-defer", "rule2_NoMatchingPtr")), 1,
        counter(MetricNames.DNS_TIMEOUT), 2,
        MetricNames.SPAMD_LATENCY + "_count", 2,
        counter(MetricNames.SPAMD_SCORED), 2),
        49),
    /** Matchers only (no SMTP hook): the pack still publishes through James's metrics, from its evidence engine. */
    SMARTHOST("smarthost", false, counts(
        // no hook, no DNSBL: only HighSpamScore=15 and =5 in the spooler, for the two mails accepted (ham, GTUBE). Each
        // first matcher asks spamd (a miss); GTUBE is discarded there, the ham's second matcher reuses its score (a hit)
        MetricNames.SPAMD_LATENCY + "_count", 2,
        counter(MetricNames.SPAMD_SCORED), 2,
        counter(MetricNames.SILENT_DISCARD), 1), 3);

    final String set;
    final boolean refuses;
    /** The exact change of every series but those of {@link MetricsEndToEndTest#TIMING_DEPENDENT}. */
    final Map<String, Long> expectedChanges;
    /** Items of evidence the checks needed, hits and misses together (which of the two depends on timing). */
    final long evidenceItems;

    MetricsSample(String set, boolean refuses, Map<String, Long> expectedChanges, long evidenceItems) {
        this.set = set;
        this.refuses = refuses;
        this.expectedChanges = expectedChanges;
        this.evidenceItems = evidenceItems;
    }

    private static String counter(String name) {
        return MetricNames.counterSeries(name);
    }

    private static Map<String, Long> counts(Object... seriesAndCounts) {
        Map<String, Long> map = new HashMap<>();
        for (int i = 0; i < seriesAndCounts.length; i += 2) {
            map.put((String) seriesAndCounts[i], ((Number) seriesAndCounts[i + 1]).longValue());
        }
        return Map.copyOf(map);
    }
}
