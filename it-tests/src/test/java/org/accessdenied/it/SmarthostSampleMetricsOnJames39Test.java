package org.accessdenied.it;

import java.util.Map;

import org.accessdenied.launcher.JamesLine;

/** {@link SmarthostSampleMetrics} on James 3.9.0. */
@WhenJames39IsBuilt
class SmarthostSampleMetricsOnJames39Test extends MetricsEndToEndTest {
    SmarthostSampleMetricsOnJames39Test() {
        super(JamesLine.JAMES_39, "smarthost");
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
