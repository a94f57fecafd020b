package org.accessdenied.it;

import java.util.Map;

import org.accessdenied.launcher.JamesLine;

/** {@link ObserveSampleMetrics} on James 3.9.0. */
@WhenJames39IsBuilt
class ObserveSampleMetricsOnJames39Test extends MetricsEndToEndTest {
    ObserveSampleMetricsOnJames39Test() {
        super(JamesLine.JAMES_39, "observe");
    }

    @Override
    boolean refuses() {
        return false;
    }

    @Override
    Map<String, Long> expectedChanges() {
        return ObserveSampleMetrics.EXPECTED;
    }
}
