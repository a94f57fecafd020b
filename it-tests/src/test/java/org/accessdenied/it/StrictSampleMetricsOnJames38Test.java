package org.accessdenied.it;

import org.accessdenied.launcher.JamesLine;

/** {@link MetricsEndToEndTest} with conf-samples/strict on James 3.8.1. */
class StrictSampleMetricsOnJames38Test extends MetricsEndToEndTest {
    StrictSampleMetricsOnJames38Test() {
        super(JamesLine.JAMES_38, MetricsSample.STRICT);
    }
}
