package org.accessdenied.it;

import java.util.Map;

/** What the mix of {@link MetricsEndToEndTest} changes on conf-samples/smarthost, the same on both James lines. */
final class SmarthostSampleMetrics {
    static final Map<String, Long> EXPECTED = MetricsEndToEndTest.counts();

    private SmarthostSampleMetrics() {
    }
}
