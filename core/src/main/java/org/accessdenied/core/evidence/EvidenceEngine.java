package org.accessdenied.core.evidence;

import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.ProvidedBy;

import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.dns.DnsClient;
import org.accessdenied.core.dns.DnsObserver;
import org.accessdenied.core.dnsbl.DnsblZone;
import org.accessdenied.core.dnsbl.ZoneHealth;
import org.accessdenied.core.dnsbl.ZoneHealthMonitor;
import org.accessdenied.core.metrics.Metrics;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.spam.SpamdClient;
import org.accessdenied.core.spf.SpfEvaluator;

import org.accessdenied.core.concurrent.DaemonThreads;

/**
 * The shared heart of the pack: one DNS client (one cache), one DNSBL zone health monitor, and the factory of
 * per-connection {@link EvidenceSession}s. One instance per James server (a Guice singleton), used by every matcher
 * and by the SMTP hook. Inside James, Guice gets it from {@link JamesEvidenceEngineProvider}, which builds it
 * once from {@code conf/access-denied.properties} (Guice ignores a scope annotation on a {@code @ProvidedBy} type).
 */
@ProvidedBy(JamesEvidenceEngineProvider.class)
public final class EvidenceEngine implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(EvidenceEngine.class);

    private final EngineSettings settings;
    private final DnsClient dns;
    private final ScheduledExecutorService scheduler;
    private final ZoneHealthMonitor zoneHealth;
    private final SpfEvaluator spf;
    private final SpamdClient spamd;
    private final Metrics metrics;

    public EvidenceEngine(EngineSettings settings) {
        this(settings, Metrics.NONE);
    }

    /** An engine publishing what it does ({@link org.accessdenied.core.metrics.MetricNames}) to {@code metrics}. */
    public EvidenceEngine(EngineSettings settings, Metrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.dns = DnsClient.create(settings.dns(), DnsObserver.publishingTo(metrics));
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("access-denied-zone-health"));
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = Executors.unconfigurableScheduledExecutorService(executor);
        this.zoneHealth = new ZoneHealthMonitor(dns, scheduler, settings.healthInterval(), settings.healthRetry(),
            ZoneHealthMonitor.DEFAULT_ANOMALY_SPACING, Clock.systemUTC(), metrics);
        this.spf = new SpfEvaluator(dns, settings.spfDeadline(), settings.spfThreads(), settings.spfCacheSize());
        this.spamd = new SpamdClient(settings.spamd(), metrics);
        LOGGER.info("Access Denied evidence engine: {} (asking {})", settings, dns.servers());
    }

    /** Starts gathering evidence for a connection. */
    public EvidenceSession newSession(Optional<ClientIp> client, Optional<String> helo) {
        return new EvidenceSession(dns, zoneHealth, spf, spamd, ConnectionEvidence.of(client, helo), metrics);
    }

    /** Continues a connection's evidence from what was already recorded (e.g. on the mail): nothing is asked again. */
    public EvidenceSession resume(ConnectionEvidence known) {
        return new EvidenceSession(dns, zoneHealth, spf, spamd, known, metrics);
    }

    /** Registers zones with the health monitor and waits (at most the DNS deadline) for their first probe. */
    public void watchZones(Collection<DnsblZone> zones) {
        CompletableFuture<Void> firstProbes = zoneHealth.watch(zones);
        try {
            firstProbes.get(settings.dns().timeout().toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOGGER.warn("DNSBL zone probes did not finish at start-up; zones stay in use until probed");
        }
    }

    public ZoneHealth zoneHealth(DnsblZone zone) {
        return zoneHealth.health(zone);
    }

    public ZoneHealthMonitor zoneHealthMonitor() {
        return zoneHealth;
    }

    public SpfEvaluator spf() {
        return spf;
    }

    public DnsClient dns() {
        return dns;
    }

    public EngineSettings settings() {
        return settings;
    }

    public SpamdClient spamd() {
        return spamd;
    }

    @Override
    public void close() {
        spamd.close();
        spf.close();
        scheduler.shutdownNow();
        dns.close();
    }
}
