package org.accessdenied.it;

import java.util.Map;

/** What the mix of {@link MetricsEndToEndTest} changes on conf-samples/observe, the same on both James lines. */
final class ObserveSampleMetrics {
    static final Map<String, Long> EXPECTED = MetricsEndToEndTest.counts();

    private ObserveSampleMetrics() {
    }
}
