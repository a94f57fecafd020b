package org.accessdenied.it;

import org.accessdenied.launcher.JamesLine;

/** {@link MetricsEndToEndTest} with conf-samples/smarthost on James 3.8.1. */
class SmarthostSampleMetricsOnJames38Test extends MetricsEndToEndTest {
    SmarthostSampleMetricsOnJames38Test() {
        super(JamesLine.JAMES_38, MetricsSample.SMARTHOST);
    }
}
