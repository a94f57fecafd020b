package org.accessdenied.core.evidence;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.accessdenied.core.metrics.Metrics;

/**
 * The pack's {@link Metrics} on James's own: counters and timers through {@link MetricFactory}, gauges through
 * {@link GaugeRegistry}; WebAdmin's {@code /metrics} (James's {@code MetricsRoutes}) publishes them with James's.
 * A failure of James's registry is logged, never thrown into the check that counted.
 */
final class JamesMetrics implements Metrics {
    private static final Logger LOGGER = LoggerFactory.getLogger(JamesMetrics.class);

    /** The pack's counter names are a fixed set (outcomes, zones, checks); the bound only guards against a mistake. */
    private static final int MAX_COUNTERS = 1024;

    private final MetricFactory factory;
    private final GaugeRegistry gauges;
    /** James's counters by name: asking James's registry by name on every increment cost more than the increment. */
    private final Map<String, Metric> counters = new ConcurrentHashMap<>();

    JamesMetrics(MetricFactory factory, GaugeRegistry gauges) {
        this.factory = factory;
        this.gauges = gauges;
    }

    @Override
    public void increment(String name) {
        try {
            Metric counter = counters.get(name);
            if (counter == null) {
                counter = factory.generate(name);
                if (counters.size() < MAX_COUNTERS) {
                    counters.put(name, counter);
                }
            }
            counter.increment();
        } catch (RuntimeException e) {
            LOGGER.warn("metric {} not counted", name, e);
        }
    }

    @Override
    public Timer startTimer(String name) {
        try {
            TimeMetric timer = factory.timer(name);
            return () -> {
                try {
                    timer.stopAndPublish();
                } catch (RuntimeException e) {
                    LOGGER.warn("timer {} not published", name, e);
                }
            };
        } catch (RuntimeException e) {
            LOGGER.warn("timer {} not started", name, e);
            return () -> { };
        }
    }

    @Override
    public void gauge(String name, LongSupplier value) {
        try {
            gauges.register(name, value::getAsLong);
        } catch (RuntimeException e) {
            // Dropwizard refuses a second gauge of a name (e.g. two zones with one display name): the first stays
            LOGGER.warn("gauge {} not registered: {}", name, e.getMessage());
        }
    }
}
