package org.accessdenied.it;

import java.util.Map;

import org.accessdenied.launcher.JamesLine;

/** {@link StrictSampleMetrics} on James 3.8.1. */
class StrictSampleMetricsOnJames38Test extends MetricsEndToEndTest {
    StrictSampleMetricsOnJames38Test() {
        super(JamesLine.JAMES_38, "strict");
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
