package org.accessdenied.core.spam;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.accessdenied.core.concurrent.DaemonThreads;

/**
 * The circuit breaker in front of spamd. After {@code spamd.circuit.failures} failures in a row (no answer within
 * the deadline, connection refused, garbage, a spamd error) the circuit opens: requests are answered at once with
 * "unavailable" instead of each waiting out its deadline. While it is open spamd is sent {@code PING} every
 * {@code spamd.circuit.probeInterval}; the first {@code PONG} (or a request in flight that succeeds) closes it.
 */
final class SpamdCircuit implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpamdClient.class);

    private final SpamdSettings settings;
    private final BooleanSupplier healthy;
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final AtomicReference<Opening> open = new AtomicReference<>();
    private final LongAdder openings = new LongAdder();
    private final ScheduledExecutorService prober;

    /** @param healthy asks spamd whether it is healthy ({@code PING}); called on the prober thread only */
    SpamdCircuit(SpamdSettings settings, BooleanSupplier healthy) {
        this.settings = settings;
        this.healthy = healthy;
        this.prober = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("access-denied-spamd-probe"));
        long interval = settings.circuitProbeInterval().toMillis();
        prober.scheduleWithFixedDelay(this::probe, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Why spamd is not being asked, or empty when the circuit is closed. */
    Optional<String> openReason() {
        Opening opening = open.get();
        if (opening == null) {
            return Optional.empty();
        }
        return Optional.of("spamd circuit open (" + settings.circuitFailures() + " failure(s) in a row, last: " + opening.lastProblem
            + "; open for " + Duration.ofNanos(System.nanoTime() - opening.sinceNanos).toMillis() + " ms, PING every "
            + settings.circuitProbeInterval().toMillis() + " ms)");
    }

    void succeeded() {
        failuresInARow.set(0);
        close("a request was answered");
    }

    void failed(String problem) {
        if (failuresInARow.incrementAndGet() >= settings.circuitFailures()
            && open.compareAndSet(null, new Opening(System.nanoTime(), problem))) {
            openings.increment();
            LOGGER.warn("spamd at {}:{} failed {} time(s) in a row (last: {}): circuit open, spamd is not asked until it answers PING",
                settings.host(), settings.port(), settings.circuitFailures(), problem);
        }
    }

    long openings() {
        return openings.sum();
    }

    private void probe() {
        if (open.get() != null && healthy.getAsBoolean()) {
            close("spamd answered PING");
        }
    }

    private void close(String why) {
        Opening opening = open.getAndSet(null);
        if (opening != null) {
            failuresInARow.set(0);
            LOGGER.info("spamd at {}:{} is used again ({}); the circuit was open for {} ms", settings.host(), settings.port(), why,
                Duration.ofNanos(System.nanoTime() - opening.sinceNanos).toMillis());
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }

    private static final class Opening {
        final long sinceNanos;
        final String lastProblem;

        Opening(long sinceNanos, String lastProblem) {
            this.sinceNanos = sinceNanos;
            this.lastProblem = lastProblem;
        }
    }
}
