package org.accessdenied.core.metrics;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every series the pack publishes, one place. James's metrics carry no labels, so what would be a label (the decision,
 * the rule, the zone) is part of the name; the names are valid Prometheus names, which WebAdmin's {@code /metrics} publishes
 * as they are for a gauge, with {@code _total} for a counter, and as a summary in seconds ({@code name{quantile=...}},
 * {@code name_count}) for a timer.
 */
public final class MetricNames {
    public static final String PREFIX = "accessdenied_";

    /** {@code accessdenied_decision_<decision>[_rule<N>_<Check>]}: one per admission decision of the SMTP hook. */
    public static final String DECISION = PREFIX + "decision_";
    /** The decisions, as in the hook's log line ({@code would-reject} written {@code would_reject}). */
    public static final List<String> DECISIONS = List.of("pass", "exempt", "allow", "reject", "defer", "would_reject", "would_defer");
    /** A HELO/EHLO refused before any policy (control characters). */
    public static final String DECISION_REJECT_HELO = DECISION + "reject_helo";

    /**
     * Every DNS question the pack asks (checks and zone probes; answered by a server, from the cache or shared in
     * flight): a timer, and one counter per outcome.
     */
    public static final String DNS_LATENCY = PREFIX + "dns_latency";
    public static final String DNS_ANSWER = PREFIX + "dns_answer";
    public static final String DNS_NODATA = PREFIX + "dns_nodata";
    public static final String DNS_NXDOMAIN = PREFIX + "dns_nxdomain";
    public static final String DNS_TIMEOUT = PREFIX + "dns_timeout";
    public static final String DNS_SERVFAIL = PREFIX + "dns_servfail";
    /** REFUSED, FORMERR, a network error: a failure other than a timeout or SERVFAIL. */
    public static final String DNS_ERROR = PREFIX + "dns_error";

    /** {@code accessdenied_dnsbl_zone_usable_<zone>}: a gauge, 1 while the zone is used, 0 while it is skipped. */
    public static final String ZONE_USABLE = PREFIX + "dnsbl_zone_usable_";
    /** {@code accessdenied_dnsbl_zone_changes_<zone>}: how often the zone was switched off or back on. */
    public static final String ZONE_CHANGES = PREFIX + "dnsbl_zone_changes_";

    /** Every spamd request: a timer, one counter per outcome, and a gauge (1 while the circuit is open). */
    public static final String SPAMD_LATENCY = PREFIX + "spamd_latency";
    public static final String SPAMD_SCORED = PREFIX + "spamd_scored";
    public static final String SPAMD_NOT_SCANNED = PREFIX + "spamd_not_scanned";
    public static final String SPAMD_UNAVAILABLE = PREFIX + "spamd_unavailable";
    public static final String SPAMD_CIRCUIT_OPEN = PREFIX + "spamd_circuit_open";

    /**
     * An item of evidence (PTR, DNSBL entry, SPF, spam score...) a check needed: a hit when it was already recorded (by
     * the hook, on the mail), a miss when it was looked up. Counted once per item and connection or mail.
     */
    public static final String EVIDENCE_CACHE_HIT = PREFIX + "evidence_cache_hit";
    public static final String EVIDENCE_CACHE_MISS = PREFIX + "evidence_cache_miss";

    /** The mailets' counters. */
    public static final String SILENT_DISCARD = PREFIX + "silent_discard";
    public static final String WARNED = PREFIX + "warned";
    public static final String REJECTED_AFTER_ACCEPTANCE = PREFIX + "rejected_after_acceptance";

    /** The counters with nothing variable in their name. */
    public static final List<String> FIXED_COUNTERS = List.of(DECISION_REJECT_HELO,
        DNS_ANSWER, DNS_NODATA, DNS_NXDOMAIN, DNS_TIMEOUT, DNS_SERVFAIL, DNS_ERROR,
        SPAMD_SCORED, SPAMD_NOT_SCANNED, SPAMD_UNAVAILABLE,
        EVIDENCE_CACHE_HIT, EVIDENCE_CACHE_MISS, SILENT_DISCARD, WARNED, REJECTED_AFTER_ACCEPTANCE);
    /** The timers, published as summaries: {@code name{quantile=...}} (seconds) and {@code name_count}. */
    public static final List<String> TIMERS = List.of(DNS_LATENCY, SPAMD_LATENCY);
    /** What Prometheus' text format adds to a counter's name ({@code /metrics} on James 3.8.1 and 3.9.0). */
    public static final String COUNTER_SUFFIX = "_total";

    private static final Pattern COUNTER = Pattern.compile("(" + Pattern.quote(DECISION)
        + "(" + String.join("|", DECISIONS) + ")(_rule[0-9]+_[A-Za-z0-9]+)?|" + Pattern.quote(ZONE_CHANGES) + "[a-z0-9_]+)");
    private static final Pattern GAUGE = Pattern.compile(Pattern.quote(ZONE_USABLE) + "[a-z0-9_]+|" + Pattern.quote(SPAMD_CIRCUIT_OPEN));

    private MetricNames() {
    }

    /** {@code accessdenied_decision_would_reject}, from the hook's decision word ({@code would-reject}). */
    public static String decision(String decision) {
        return DECISION + decision.replace('-', '_');
    }

    /** {@code accessdenied_decision_reject_rule2_RemoteAddrInDnsbl}; {@code rule} is {@code rule<N>_<Check>}. */
    public static String decision(String decision, String rule) {
        return decision(decision) + "_" + rule;
    }

    public static String zoneUsable(String zone) {
        return ZONE_USABLE + nameOf(zone);
    }

    public static String zoneChanges(String zone) {
        return ZONE_CHANGES + nameOf(zone);
    }

    /** A zone's display name (never its key) as a name part: {@code zen.spamhaus.org} gives {@code zen_spamhaus_org}. */
    static String nameOf(String zone) {
        return zone.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }

    /** The Prometheus series of a counter: {@code accessdenied_dns_timeout_total}. */
    public static String counterSeries(String counter) {
        return counter + COUNTER_SUFFIX;
    }

    /**
     * True when {@code series} is the name of a Prometheus series the pack publishes (or may, for a rule or a zone
     * configured): a counter with {@link #COUNTER_SUFFIX}, a gauge, or a timer's summary ({@code _count} included).
     */
    public static boolean isPublished(String series) {
        if (series.endsWith(COUNTER_SUFFIX)) {
            String counter = series.substring(0, series.length() - COUNTER_SUFFIX.length());
            return FIXED_COUNTERS.contains(counter) || COUNTER.matcher(counter).matches();
        }
        return GAUGE.matcher(series).matches()
            || TIMERS.stream().anyMatch(timer -> series.equals(timer) || series.equals(timer + "_count"));
    }
}
