package org.accessdenied.it;

import java.util.Map;

import org.accessdenied.launcher.JamesLine;

/** {@link StrictSampleMetrics} on James 3.9.0. */
@WhenJames39IsBuilt
class StrictSampleMetricsOnJames39Test extends MetricsEndToEndTest {
    StrictSampleMetricsOnJames39Test() {
        super(JamesLine.JAMES_39, "strict");
    }

    @Override
    boolean refuses() {
        return true;
    }

    @Override
    Map<String, Long> expectedChanges() {
        return StrictSampleMetrics.EXPECTED;
    }
}
