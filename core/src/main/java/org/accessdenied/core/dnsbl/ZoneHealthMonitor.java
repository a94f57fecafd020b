package org.accessdenied.core.dnsbl;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Type;

import org.accessdenied.core.dns.DnsAnswer;
import org.accessdenied.core.dns.DnsClient;
import org.accessdenied.core.metrics.MetricNames;
import org.accessdenied.core.metrics.Metrics;

/**
 * Keeps every configured DNSBL zone under RFC 5782 §5 watch. Only a probe of the zone's test points (127.0.0.2
 * listed, 127.0.0.1 not) decides whether a zone is used:
 * <ul>
 * <li>a zone is probed when first registered, then every {@code interval} while healthy;</li>
 * <li>an odd live answer (an error code, an address outside 127/8) for one client does not disable the zone: it asks
 *     for a probe now, at most one per {@code anomalySpacing} per zone, shared by every caller;</li>
 * <li>a zone whose probe fails is skipped (and says why) and probed again after {@code retry}, the wait doubling
 *     after each further failure up to {@link #MAX_RETRY_FACTOR} times {@code retry}; the first probe that passes
 *     brings it back.</li>
 * </ul>
 * So a dead zone that lists the whole Internet, or one that refuses our resolver, can never reject everybody, and one
 * odd entry cannot switch a good zone off.
 */
public final class ZoneHealthMonitor {
    private static final Logger LOGGER = LoggerFactory.getLogger(ZoneHealthMonitor.class);
    /** RFC 5782 §5's test points, reversed as a zone is asked for them: 127.0.0.2 is listed, 127.0.0.1 is not. */
    public static final String LISTED_TEST_POINT = "2.0.0.127";
    public static final String UNLISTED_TEST_POINT = "1.0.0.127";
    /** The longest wait between probes of an unhealthy zone, in multiples of {@code retry}. */
    public static final int MAX_RETRY_FACTOR = 5;
    public static final Duration DEFAULT_ANOMALY_SPACING = Duration.ofSeconds(10);

    private final DnsClient dns;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final Duration retry;
    private final Duration anomalySpacing;
    private final Clock clock;
    private final Map<String, Watched> zones = new ConcurrentHashMap<>();
    private final LongAdder probes = new LongAdder();
    private final Metrics metrics;

    public ZoneHealthMonitor(DnsClient dns, ScheduledExecutorService scheduler, Duration interval, Duration retry,
                             Duration anomalySpacing, Clock clock) {
        this(dns, scheduler, interval, retry, anomalySpacing, clock, Metrics.NONE);
    }

    /** As above, publishing each zone's state ({@link MetricNames#zoneUsable}) and its changes ({@link MetricNames#zoneChanges}). */
    public ZoneHealthMonitor(DnsClient dns, ScheduledExecutorService scheduler, Duration interval, Duration retry,
                             Duration anomalySpacing, Clock clock, Metrics metrics) {
        this.metrics = metrics;
        this.dns = dns;
        this.scheduler = scheduler;
        this.interval = interval;
        this.retry = retry;
        this.anomalySpacing = anomalySpacing;
        this.clock = clock;
    }

    /** Starts watching the zones not yet watched; the future completes when each has had its first probe. */
    public CompletableFuture<Void> watch(Collection<DnsblZone> toWatch) {
        return CompletableFuture.allOf(toWatch.stream()
            .map(zone -> watched(zone).firstProbe)
            .toArray(CompletableFuture[]::new));
    }

    /** The current health; {@link ZoneHealth#unknown()} for a zone nobody registered. */
    public ZoneHealth health(DnsblZone zone) {
        Watched watched = zones.get(zone.queryZone());
        return watched == null ? ZoneHealth.unknown() : watched.health;
    }

    /**
     * A live answer for one client was not what a block list answers (an error code, an address outside 127/8).
     * The zone stays in use; its test points are probed now (unless a probe ran less than {@code anomalySpacing}
     * ago), and only a failing probe disables it.
     *
     * @return the probe deciding the zone's health: the one started, the one already running, or the last result
     */
    public CompletableFuture<ZoneHealth> reportAnomaly(DnsblZone zone, String reason) {
        return watched(zone).anomaly(reason);
    }

    /** Probes a zone once, now, past the DNS cache, without changing what is recorded. */
    public CompletableFuture<ZoneHealth> probe(DnsblZone zone) {
        probes.increment();
        CompletableFuture<DnsAnswer> listed = dns.queryUncached(zone.testName(LISTED_TEST_POINT), Type.A);
        CompletableFuture<DnsAnswer> unlisted = dns.queryUncached(zone.testName(UNLISTED_TEST_POINT), Type.A);
        return listed.thenCombine(unlisted, (positive, negative) ->
            verdict(positive, negative).map(reason -> ZoneHealth.unhealthy(reason, clock.instant()))
                .orElseGet(() -> ZoneHealth.healthy(clock.instant())));
    }

    /** How many test-point probes were sent, all zones together. */
    public long probeCount() {
        return probes.sum();
    }

    private Watched watched(DnsblZone zone) {
        Watched watched = zones.computeIfAbsent(zone.queryZone(), key -> {
            Watched created = new Watched(zone);
            metrics.gauge(MetricNames.zoneUsable(zone.displayName()), () -> created.health.isUsable() ? 1 : 0);
            return created;
        });
        watched.startIfNew();
        return watched;
    }

    private static Optional<String> verdict(DnsAnswer positive, DnsAnswer negative) {
        for (DnsAnswer answer : List.of(positive, negative)) {
            if (answer.isTemporaryFailure()) {
                return Optional.of("not answering (" + answer.status() + answer.error().map(e -> ": " + e).orElse("") + ")");
            }
        }
        for (InetAddress code : positive.addresses()) {
            if (ReturnCodeFilter.isErrorCode(code)) {
                return Optional.of("refuses our queries: " + ReturnCodeFilter.explainErrorCode(code));
            }
            if (!ReturnCodeFilter.isLoopbackRange(code)) {
                return Optional.of("answers " + code.getHostAddress() + ", outside 127.0.0.0/8 (parked or hijacked zone?)");
            }
        }
        if (!positive.isFound()) {
            return Optional.of("does not list the RFC 5782 test address 127.0.0.2 (dead zone?)");
        }
        if (negative.isFound()) {
            return Optional.of("lists the RFC 5782 test address 127.0.0.1: it would list everyone");
        }
        return Optional.empty();
    }

    private final class Watched {
        private final DnsblZone zone;
        private final CompletableFuture<Void> firstProbe = new CompletableFuture<>();
        private volatile ZoneHealth health = ZoneHealth.unknown();
        private CompletableFuture<ZoneHealth> running;
        private ScheduledFuture<?> next;
        private Instant lastAnomalyProbe;
        private int failuresInARow;
        private boolean started;

        Watched(DnsblZone zone) {
            this.zone = zone;
        }

        void startIfNew() {
            CompletableFuture<ZoneHealth> first;
            synchronized (this) {
                if (started) {
                    return;
                }
                started = true;
                first = probeNow();
            }
            first.whenComplete((result, failure) -> firstProbe.complete(null));
        }

        CompletableFuture<ZoneHealth> anomaly(String reason) {
            synchronized (this) {
                if (running != null) {
                    return running;
                }
                Instant now = clock.instant();
                boolean probedRecently = lastAnomalyProbe != null && Duration.between(lastAnomalyProbe, now).compareTo(anomalySpacing) < 0;
                if (!health.isUsable() || probedRecently) {
                    LOGGER.debug("DNSBL zone {}: odd answer ({}); probed recently, zone stays {}", zone.displayName(), reason, health);
                    return CompletableFuture.completedFuture(health);
                }
                lastAnomalyProbe = now;
                LOGGER.info("DNSBL zone {}: odd answer ({}); probing its RFC 5782 test points now", zone.displayName(), reason);
                return probeNow();
            }
        }

        /** Starts a probe unless one is running; the result is recorded and the next probe scheduled. Holds the lock. */
        private CompletableFuture<ZoneHealth> probeNow() {
            if (running != null) {
                return running;
            }
            if (next != null) {
                next.cancel(false);
                next = null;
            }
            CompletableFuture<ZoneHealth> probe;
            try {
                probe = probe(zone);
            } catch (RuntimeException e) {
                probe = CompletableFuture.failedFuture(e);
            }
            CompletableFuture<ZoneHealth> recorded = probe.handle((result, failure) -> record(failure == null ? result
                : ZoneHealth.unhealthy("probe failed: " + failure.getClass().getSimpleName(), clock.instant())));
            if (!recorded.isDone()) {
                running = recorded;
            }
            return recorded;
        }

        private ZoneHealth record(ZoneHealth result) {
            ZoneHealth previous = health;
            health = result;
            if (result.isUsable() != previous.isUsable()) {
                metrics.increment(MetricNames.zoneChanges(zone.displayName()));
            }
            if (result.state() != previous.state()) {
                if (result.isUsable()) {
                    LOGGER.info("DNSBL zone {} is healthy{}", zone.displayName(), previous.state() == ZoneHealth.State.UNHEALTHY ? " again: back in use" : "");
                } else {
                    LOGGER.warn("DNSBL zone {} skipped: {}", zone.displayName(), result.reason().orElse(""));
                }
            }
            synchronized (this) {
                running = null;
                failuresInARow = result.isUsable() ? 0 : failuresInARow + 1;
                schedule(result.isUsable() ? interval : backoff());
            }
            return result;
        }

        private Duration backoff() {
            return retry.multipliedBy(Math.min(MAX_RETRY_FACTOR, 1L << Math.min(failuresInARow - 1, 30)));
        }

        private void schedule(Duration delay) {
            if (scheduler.isShutdown()) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
            try {
                next = scheduler.schedule(() -> {
                    synchronized (this) {
                        next = null;
                        probeNow();
                    }
                }, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                next = null;
            }
        }
    }
}
