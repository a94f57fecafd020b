package org.accessdenied.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf-samples/prometheus-alerts.yml checked by Prometheus' own promtool (Debian's {@code prometheus} package, which
 * bin/test installs): the rules parse, and each fires on the series it is about and stays quiet on normal noise
 * ({@code promtool/alerts-test.yml}).
 */
class PromtoolRulesTest {
    private static final Path RULES = MonitoringSamplesTest.SAMPLES.resolve("prometheus-alerts.yml").toAbsolutePath().normalize();

    @Test
    void alertRulesShouldPassPromtoolCheck() throws Exception {
        assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS: 4 rules found");
    }

    @Test
    void eachAlertShouldFireOnItsProblemAndNotOnNoise(@TempDir Path dir) throws Exception {
        String tests = new String(getClass().getResourceAsStream("/promtool/alerts-test.yml").readAllBytes(), StandardCharsets.UTF_8);
        Path file = Files.writeString(dir.resolve("alerts-test.yml"), tests.replace("RULES", RULES.toString()));
        assertThat(promtool("test", "rules", file.toString())).contains("SUCCESS");
    }

    private static String promtool(String... arguments) throws IOException, InterruptedException {
        Path binary = Path.of("/usr/bin/promtool");
        assumeTrue(Files.isExecutable(binary), "promtool is not installed: bin/test installs it (apt-get install prometheus)");
        List<String> command = new java.util.ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
