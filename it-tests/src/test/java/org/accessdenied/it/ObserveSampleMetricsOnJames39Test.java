package org.accessdenied.it;

import org.accessdenied.launcher.JamesLine;

/** {@link MetricsEndToEndTest} with conf-samples/observe on James 3.9.0. */
@WhenJames39IsBuilt
class ObserveSampleMetricsOnJames39Test extends MetricsEndToEndTest {
    ObserveSampleMetricsOnJames39Test() {
        super(JamesLine.JAMES_39, MetricsSample.OBSERVE);
    }
}
