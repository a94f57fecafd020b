package org.accessdenied.core.metrics;

import java.util.function.LongSupplier;

/**
 * Where the pack publishes its counters, timers and gauges ({@link MetricNames} says which). Inside James it is James's
 * own metrics ({@code JamesMetrics}, WebAdmin {@code /metrics}); elsewhere (the command line, tests) {@link #NONE}.
 * The core never sees James's metrics API. Implementations never throw.
 */
public interface Metrics {
    /** Publishes nothing. */
    Metrics NONE = new Metrics() {
        @Override
        public void increment(String name) {
        }

        @Override
        public Timer startTimer(String name) {
            return () -> { };
        }

        @Override
        public void gauge(String name, LongSupplier value) {
        }
    };

    /** Adds one to a counter. */
    void increment(String name);

    /** Starts timing one operation; {@link Timer#stop()} publishes its duration. */
    Timer startTimer(String name);

    /** Publishes a value read whenever metrics are scraped; a name already registered keeps its first supplier. */
    void gauge(String name, LongSupplier value);

    /** One running measurement. */
    interface Timer {
        void stop();
    }
}
