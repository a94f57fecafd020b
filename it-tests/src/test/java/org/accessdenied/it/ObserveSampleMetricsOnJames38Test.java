package org.accessdenied.it;

import java.util.Map;

import org.accessdenied.launcher.JamesLine;

/** {@link ObserveSampleMetrics} on James 3.8.1. */
class ObserveSampleMetricsOnJames38Test extends MetricsEndToEndTest {
    ObserveSampleMetricsOnJames38Test() {
        super(JamesLine.JAMES_38, "observe");
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
