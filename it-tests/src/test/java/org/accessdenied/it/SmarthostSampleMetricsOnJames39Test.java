package org.accessdenied.it;

import org.accessdenied.launcher.JamesLine;

/** {@link MetricsEndToEndTest} with conf-samples/smarthost on James 3.9.0. */
@WhenJames39IsBuilt
class SmarthostSampleMetricsOnJames39Test extends MetricsEndToEndTest {
    SmarthostSampleMetricsOnJames39Test() {
        super(JamesLine.JAMES_39, MetricsSample.SMARTHOST);
    }
}
