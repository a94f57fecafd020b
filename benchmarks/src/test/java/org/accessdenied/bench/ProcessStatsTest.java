package org.accessdenied.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {
    @Test
    void aPoolThatReplacedAThreadShouldKeepItsOwnCpuAndNotGoNegative() {
        Map<Long, ProcessStats.ThreadUse> before = Map.of(
            1L, use("spooler-", 5.0), 2L, use("spooler-", 3.0), 3L, use("smtpserver-glob", 10.0));
        Map<Long, ProcessStats.ThreadUse> after = Map.of(
            2L, use("spooler-", 4.0), 4L, use("spooler-", 0.5), 3L, use("smtpserver-glob", 12.0));

        Map<String, double[]> used = ProcessStats.difference(after, before, 4.0);

        assertThat(cpu(used.get("spooler-"))).isCloseTo(1.5, within(1e-9));
        assertThat(cpu(used.get("smtpserver-glob"))).isCloseTo(2.0, within(1e-9));
        assertThat(cpu(used.get("(ended threads)"))).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void aThreadIdReusedByAnotherThreadShouldCountFromZero() {
        Map<Long, ProcessStats.ThreadUse> before = Map.of(7L, use("spooler-", 5.0));
        Map<Long, ProcessStats.ThreadUse> after = Map.of(7L, use("access-denied-d", 0.25));

        Map<String, double[]> used = ProcessStats.difference(after, before, 0.25);

        assertThat(cpu(used.get("access-denied-d"))).isCloseTo(0.25, within(1e-9));
        assertThat(used).doesNotContainKey("spooler-");
        assertThat(cpu(used.get("(ended threads)"))).isCloseTo(0.0, within(1e-9));
    }

    private static ProcessStats.ThreadUse use(String group, double userSeconds) {
        return new ProcessStats.ThreadUse(group, new double[] {userSeconds, 0, 0, 0});
    }

    private static double cpu(double[] figures) {
        return figures[0] + figures[1];
    }
}
