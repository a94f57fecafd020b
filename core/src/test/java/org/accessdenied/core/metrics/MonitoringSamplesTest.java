package org.accessdenied.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * conf-samples' Grafana dashboard and Prometheus alert rules: well formed, and naming only series the pack publishes
 * ({@link MetricNames}). promtool checks the rules' PromQL itself ({@code PromtoolRulesTest}).
 */
class MonitoringSamplesTest {
    static final Path SAMPLES = Path.of(System.getProperty("accessdenied.repoRoot", "..")).resolve("conf-samples");
    private static final Pattern SERIES = Pattern.compile("\\baccessdenied_[A-Za-z0-9_]+");
    private static final Pattern NAME_REGEX = Pattern.compile("__name__\\s*=~\\s*\"([^\"]+)\"");
    /** Names the samples' sets really produce: their rules and zones. */
    private static final List<String> EXAMPLES = List.of(
        MetricNames.counterSeries(MetricNames.decision("reject", "rule2_RemoteAddrInDnsbl")),
        MetricNames.counterSeries(MetricNames.decision("would-reject", "rule3_NoMatchingPtr")),
        MetricNames.counterSeries(MetricNames.decision("defer", "rule2_RemoteAddrInDnsbl")),
        MetricNames.counterSeries(MetricNames.decision("would-defer", "rule6_SpfFail")),
        MetricNames.zoneUsable("zen.spamhaus.org"), MetricNames.counterSeries(MetricNames.zoneChanges("bl.spamcop.net")));

    @Test
    void dashboardShouldBeImportableAndShowOnlyPublishedSeries() throws Exception {
        Map<String, Object> dashboard = new Yaml().load(Files.readString(SAMPLES.resolve("grafana-dashboard.json")));
        assertThat(dashboard).containsKeys("title", "uid", "panels", "schemaVersion", "__inputs");
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> panel : maps(dashboard.get("panels"))) {
            assertThat(panel).containsKeys("id", "type", "title", "gridPos");
            if (!"row".equals(panel.get("type"))) {
                List<Map<String, Object>> targets = maps(panel.get("targets"));
                assertThat(targets).as(panel.get("title").toString()).isNotEmpty();
                targets.forEach(target -> expressions.add((String) target.get("expr")));
            }
        }
        assertOnlyPublishedSeries(expressions);
        assertThat(String.join("\n", expressions)).as("every family is on the dashboard")
            .contains(MetricNames.DECISION, MetricNames.DNS_LATENCY, MetricNames.DNS_TIMEOUT, MetricNames.ZONE_USABLE,
                MetricNames.ZONE_CHANGES, MetricNames.SPAMD_LATENCY, MetricNames.SPAMD_UNAVAILABLE, MetricNames.EVIDENCE_CACHE_HIT);
    }

    @Test
    void alertRulesShouldEachHaveAOneLineReasonAndUseOnlyPublishedSeries() throws Exception {
        Map<String, Object> file = new Yaml().load(Files.readString(SAMPLES.resolve("prometheus-alerts.yml")));
        List<String> expressions = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        for (Map<String, Object> group : maps(file.get("groups"))) {
            for (Map<String, Object> rule : maps(group.get("rules"))) {
                String alert = (String) rule.get("alert");
                alerts.add(alert);
                Map<String, Object> annotations = maps(List.of(rule.get("annotations"))).get(0);
                assertThat((String) annotations.get("reason")).as(alert).isNotBlank().doesNotContain("\n");
                assertThat(rule.get("expr")).as(alert).isInstanceOf(String.class);
                expressions.add((String) rule.get("expr"));
            }
        }
        assertThat(alerts).contains("AccessDeniedDnsblZoneDisabled", "AccessDeniedDnsTimeouts", "AccessDeniedSpamdFailing");
        assertOnlyPublishedSeries(expressions);
    }

    @Test
    void publishedNamesShouldBeKnownAndOthersNot() {
        assertThat(MetricNames.isPublished("accessdenied_decision_would_reject_rule2_RemoteAddrInDnsbl_total")).isTrue();
        assertThat(MetricNames.isPublished("accessdenied_dns_timeout_total")).isTrue();
        assertThat(MetricNames.isPublished("accessdenied_dns_latency_count")).isTrue();
        assertThat(MetricNames.isPublished("accessdenied_dns_latency")).isTrue();
        assertThat(MetricNames.isPublished("accessdenied_dnsbl_zone_usable_zen_spamhaus_org")).isTrue();
        assertThat(MetricNames.isPublished("accessdenied_dnsbl_zone_changes_zen_spamhaus_org_total")).isTrue();
        assertThat(MetricNames.isPublished("accessdenied_spamd_circuit_open")).isTrue();
        assertThat(MetricNames.isPublished("accessdenied_dns_timeout")).as("a counter without _total").isFalse();
        assertThat(MetricNames.isPublished("accessdenied_dnsbl_zone_usable_zen_spamhaus_org_total")).as("a gauge with _total").isFalse();
        assertThat(MetricNames.isPublished("accessdenied_admission_reject_total")).isFalse();
        assertThat(MetricNames.isPublished("accessdenied_decision_refused_total")).isFalse();
        assertThat(MetricNames.isPublished("accessdenied_dns_timeouts_total")).isFalse();
        assertThat(MetricNames.zoneUsable("Key123.ZEN.dq.spamhaus.net")).isEqualTo("accessdenied_dnsbl_zone_usable_key123_zen_dq_spamhaus_net");
    }

    private static void assertOnlyPublishedSeries(List<String> expressions) {
        TreeSet<String> unknown = new TreeSet<>();
        for (String expr : expressions) {
            Matcher regex = NAME_REGEX.matcher(expr);
            String rest = expr;
            while (regex.find()) {
                Pattern names = Pattern.compile(regex.group(1));
                assertThat(EXAMPLES).as(regex.group(1) + " matches a series the pack publishes").anyMatch(n -> names.matcher(n).matches());
                assertThat(EXAMPLES).filteredOn(n -> names.matcher(n).matches()).allMatch(MetricNames::isPublished);
                assertThat(names.matcher("accessdenied_nothing_published").matches()).isFalse();
                rest = rest.replace(regex.group(0), "");
            }
            // label_replace's arguments name the series in a regex of their own: read only what selects series
            rest = rest.replaceAll("\"[^\"]*\"", "\"\"");
            Matcher series = SERIES.matcher(rest);
            while (series.find()) {
                if (!MetricNames.isPublished(series.group())) {
                    unknown.add(series.group());
                }
            }
        }
        assertThat(unknown).as("series not published by the pack").isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object list) {
        return (List<Map<String, Object>>) list;
    }
}
