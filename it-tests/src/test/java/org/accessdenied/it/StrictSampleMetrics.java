package org.accessdenied.it;

import java.util.Map;

/** What the mix of {@link MetricsEndToEndTest} changes on conf-samples/strict, the same on both James lines. */
final class StrictSampleMetrics {
    static final Map<String, Long> EXPECTED = MetricsEndToEndTest.counts();

    private StrictSampleMetrics() {
    }
}
