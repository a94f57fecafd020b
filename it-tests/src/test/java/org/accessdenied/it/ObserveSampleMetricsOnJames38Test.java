package org.accessdenied.it;

import org.accessdenied.launcher.JamesLine;

/** {@link MetricsEndToEndTest} with conf-samples/observe on James 3.8.1. */
class ObserveSampleMetricsOnJames38Test extends MetricsEndToEndTest {
    ObserveSampleMetricsOnJames38Test() {
        super(JamesLine.JAMES_38, MetricsSample.OBSERVE);
    }
}
