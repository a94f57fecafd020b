package org.accessdenied.core.dnsbl;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Type;

import org.accessdenied.core.dns.DnsAnswer;
import org.accessdenied.core.dns.DnsClient;

/**
 * Keeps every configured DNSBL zone under RFC 5782 §5 watch: probed when first registered, again every
 * {@code interval} while healthy and every {@code retry} while not. A zone that fails is skipped (and says why),
 * so a dead zone that lists the whole Internet, or one that refuses our resolver, can never reject everybody.
 */
public final class ZoneHealthMonitor {
    private static final Logger LOGGER = LoggerFactory.getLogger(ZoneHealthMonitor.class);
    private static final String LISTED_TEST_POINT = "2.0.0.127";
    private static final String UNLISTED_TEST_POINT = "1.0.0.127";

    private final DnsClient dns;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final Duration retry;
    private final Clock clock;
    private final Map<String, Watched> zones = new ConcurrentHashMap<>();

    public ZoneHealthMonitor(DnsClient dns, ScheduledExecutorService scheduler, Duration interval, Duration retry, Clock clock) {
        this.dns = dns;
        this.scheduler = scheduler;
        this.interval = interval;
        this.retry = retry;
        this.clock = clock;
    }

    /** Starts watching the zones not yet watched; the future completes when each has had its first probe. */
    public CompletableFuture<Void> watch(Collection<DnsblZone> toWatch) {
        return CompletableFuture.allOf(toWatch.stream()
            .map(zone -> zones.computeIfAbsent(zone.queryZone(), key -> new Watched(zone)).firstProbe)
            .toArray(CompletableFuture[]::new));
    }

    /** The current health; {@link ZoneHealth#unknown()} for a zone nobody registered. */
    public ZoneHealth health(DnsblZone zone) {
        Watched watched = zones.get(zone.queryZone());
        return watched == null ? ZoneHealth.unknown() : watched.health;
    }

    /**
     * A live answer showed the zone is not answering as a block list should (error codes, addresses outside
     * 127/8): skip it until the next probe passes.
     */
    public void reportAnomaly(DnsblZone zone, String reason) {
        Watched watched = zones.computeIfAbsent(zone.queryZone(), key -> new Watched(zone));
        if (watched.health.isUsable()) {
            LOGGER.warn("DNSBL zone {} disabled: {}", zone.displayName(), reason);
        }
        watched.health = ZoneHealth.unhealthy(reason, clock.instant());
    }

    /** Probes a zone once, now, without changing what is recorded. */
    public CompletableFuture<ZoneHealth> probe(DnsblZone zone) {
        CompletableFuture<DnsAnswer> listed = dns.query(zone.testName(LISTED_TEST_POINT), Type.A);
        CompletableFuture<DnsAnswer> unlisted = dns.query(zone.testName(UNLISTED_TEST_POINT), Type.A);
        return listed.thenCombine(unlisted, (positive, negative) ->
            verdict(positive, negative).map(reason -> ZoneHealth.unhealthy(reason, clock.instant()))
                .orElseGet(() -> ZoneHealth.healthy(clock.instant())));
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
        private final CompletableFuture<Void> firstProbe;
        private volatile ZoneHealth health = ZoneHealth.unknown();

        Watched(DnsblZone zone) {
            this.zone = zone;
            this.firstProbe = runProbe();
        }

        private CompletableFuture<Void> runProbe() {
            return probe(zone).handle((result, failure) -> {
                ZoneHealth previous = health;
                health = failure == null ? result : ZoneHealth.unhealthy("probe failed: " + failure.getClass().getSimpleName(), clock.instant());
                if (health.state() != previous.state()) {
                    if (health.isUsable()) {
                        LOGGER.info("DNSBL zone {} is healthy", zone.displayName());
                    } else {
                        LOGGER.warn("DNSBL zone {} skipped: {}", zone.displayName(), health.reason().orElse(""));
                    }
                }
                schedule(health.isUsable() ? interval : retry);
                return null;
            });
        }

        private void schedule(Duration delay) {
            if (!scheduler.isShutdown()) {
                scheduler.schedule(this::runProbe, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
