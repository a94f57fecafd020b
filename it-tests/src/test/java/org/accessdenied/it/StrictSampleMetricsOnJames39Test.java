package org.accessdenied.it;

import org.accessdenied.launcher.JamesLine;

/** {@link MetricsEndToEndTest} with conf-samples/strict on James 3.9.0. */
@WhenJames39IsBuilt
class StrictSampleMetricsOnJames39Test extends MetricsEndToEndTest {
    StrictSampleMetricsOnJames39Test() {
        super(JamesLine.JAMES_39, MetricsSample.STRICT);
    }
}
