package org.accessdenied.it;

import java.util.Map;

import org.accessdenied.launcher.JamesLine;

/** {@link SmarthostSampleMetrics} on James 3.8.1. */
class SmarthostSampleMetricsOnJames38Test extends MetricsEndToEndTest {
    SmarthostSampleMetricsOnJames38Test() {
        super(JamesLine.JAMES_38, "smarthost");
    }

    @Override
    boolean refuses() {
        return false;
    }

    @Override
    Map<String, Long> expectedChanges() {
        return SmarthostSampleMetrics.EXPECTED;
    }
}
