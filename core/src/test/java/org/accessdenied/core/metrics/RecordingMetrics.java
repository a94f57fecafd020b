package org.accessdenied.core.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** {@link Metrics} that remembers: counts, timers stopped, gauges (read on demand). */
public final class RecordingMetrics implements Metrics {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> timersStopped = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

    @Override
    public void increment(String name) {
        counts.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public Timer startTimer(String name) {
        return () -> timersStopped.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void gauge(String name, LongSupplier value) {
        gauges.putIfAbsent(name, value);
    }

    public long count(String name) {
        AtomicLong count = counts.get(name);
        return count == null ? 0 : count.get();
    }

    public long timed(String name) {
        AtomicLong count = timersStopped.get(name);
        return count == null ? 0 : count.get();
    }

    public Long gauge(String name) {
        LongSupplier gauge = gauges.get(name);
        return gauge == null ? null : gauge.getAsLong();
    }
}
