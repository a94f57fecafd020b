package org.accessdenied.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.accessdenied.core.DnsFixture;
import org.accessdenied.core.TestDns;
import org.accessdenied.core.check.DnsblCheck;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.dns.DnsSettings;
import org.accessdenied.core.dns.ResolverAddress;
import org.accessdenied.core.evidence.DnsblEvidence;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.metrics.MetricNames;
import org.accessdenied.core.metrics.RecordingMetrics;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.testkit.NsdServer;

/** Zone health against a real nsd: one odd entry never switches a zone off; a zone that refuses us is off and back. */
class ZoneHealthMonitorTest {
    private static final String HEALTHY_FLIP = zone(1, "2.0.0.127 A 127.0.0.2\n10.2.0.192 A 127.0.0.2\n");
    private static final String REFUSING_FLIP = zone(2, "* A 127.255.255.254\n");
    private static final String RECOVERED_FLIP = zone(3, "2.0.0.127 A 127.0.0.2\n10.2.0.192 A 127.0.0.2\n");

    @RegisterExtension
    final DnsFixture dns = new DnsFixture();

    private static String zone(int serial, String records) {
        return "$TTL 300\n@ IN SOA ns.flip.test. hostmaster.flip.test. " + serial + " 3600 600 86400 300\n"
            + "@ IN NS ns.example.test.\n" + records;
    }

    private static Verdict evaluate(EvidenceEngine engine, DnsblCheck check, String ip) {
        EvidenceSession session = engine.newSession(ClientIp.parse(ip), Optional.empty());
        return check.evaluate(session).join();
    }

    @Test
    void oneEntryWithAnErrorCodeShouldNotSwitchTheZoneOff() {
        DnsblCheck check = DnsblCheck.parse("bl.test");
        DnsblZone zone = check.zones().get(0);
        EvidenceEngine engine = dns.engine();
        engine.watchZones(check.zones());
        ZoneHealthMonitor monitor = engine.zoneHealthMonitor();
        long probesAtStart = monitor.probeCount();

        EvidenceSession odd = engine.newSession(ClientIp.parse("192.0.2.20"), Optional.empty());
        assertThat(check.evaluate(odd).join().matched()).isFalse();
        DnsblEvidence evidence = odd.snapshot().dnsbl().get("bl.test");
        assertThat(evidence.error()).hasValueSatisfying(e -> assertThat(e).contains("an error code, not a listing"));

        // the odd answer asked for one probe of the test points, which passed: the zone stays in use
        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.probeCount() == probesAtStart + 1
            && monitor.health(zone).state() == ZoneHealth.State.HEALTHY);
        assertThat(monitor.health(zone).isUsable()).isTrue();
        Verdict listed = evaluate(engine, check, "192.0.2.10");
        assertThat(listed.outcome()).isEqualTo(Verdict.Outcome.MATCH);

        // more odd answers soon after share that probe's result instead of probing again
        assertThat(monitor.reportAnomaly(zone, "again").join().isUsable()).isTrue();
        assertThat(monitor.probeCount()).isEqualTo(probesAtStart + 1);
    }

    @Test
    void aZoneThatStartsRefusingShouldBeOffAfterOneProbeAndBackOnceItRecovers() {
        NsdServer nsd = NsdServer.start(Map.of("flip.test", HEALTHY_FLIP));
        EngineSettings settings = new EngineSettings(DnsSettings.of(List.of(ResolverAddress.parse(nsd.hostAndPort())), TestDns.TIMEOUT),
            Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(3), 2);
        RecordingMetrics metrics = new RecordingMetrics();
        try (nsd; EvidenceEngine engine = new EvidenceEngine(settings, metrics)) {
            DnsblCheck check = DnsblCheck.parse("flip.test");
            DnsblZone zone = check.zones().get(0);
            ZoneHealthMonitor monitor = engine.zoneHealthMonitor();
            engine.watchZones(check.zones());
            assertThat(monitor.health(zone).state()).isEqualTo(ZoneHealth.State.HEALTHY);
            assertThat(metrics.gauge(MetricNames.zoneUsable("flip.test"))).isEqualTo(1);
            assertThat(metrics.count(MetricNames.zoneChanges("flip.test"))).as("unknown to healthy: in use all along").isZero();
            assertThat(evaluate(engine, check, "192.0.2.10").matched()).isTrue();

            nsd.replaceZone("flip.test", REFUSING_FLIP);
            long probesBefore = monitor.probeCount();
            assertThat(evaluate(engine, check, "192.0.2.30").matched()).isFalse();
            await().atMost(Duration.ofSeconds(3)).until(() -> !monitor.health(zone).isUsable());
            assertThat(monitor.probeCount()).isEqualTo(probesBefore + 1);
            assertThat(monitor.health(zone).reason()).hasValueSatisfying(r -> assertThat(r).contains("refuses our queries"));
            assertThat(metrics.gauge(MetricNames.zoneUsable("flip.test"))).isZero();
            assertThat(metrics.count(MetricNames.zoneChanges("flip.test"))).isEqualTo(1);
            // while off, the zone is not asked at all
            long asked = engine.dns().questionsAsked();
            EvidenceSession skipped = engine.newSession(ClientIp.parse("192.0.2.31"), Optional.empty());
            assertThat(check.evaluate(skipped).join().reason()).contains("flip.test skipped: zone unhealthy");
            assertThat(engine.dns().questionsAsked()).isEqualTo(asked);

            nsd.replaceZone("flip.test", RECOVERED_FLIP);
            // retried every healthRetry (1 s here), doubling after each failed retry: back within a few retries
            await().atMost(Duration.ofSeconds(8)).until(() -> monitor.health(zone).state() == ZoneHealth.State.HEALTHY);
            assertThat(metrics.gauge(MetricNames.zoneUsable("flip.test"))).isEqualTo(1);
            assertThat(metrics.count(MetricNames.zoneChanges("flip.test"))).isEqualTo(2);
            assertThat(evaluate(engine, check, "192.0.2.10").matched()).isTrue();
        }
    }
}
