package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** bin/access-denied as an operator runs it: a separate process, the packaged jar, stdin to stdout. */
class CommandLineScriptTest {
    private static final Path ROOT = Path.of(System.getProperty("accessdenied.repoRoot")).toAbsolutePath().normalize();

    @Test
    void classifyShouldReadLinesFromStdinAndPrintJsonLines() throws Exception {
        Process process = new ProcessBuilder(ROOT.resolve("bin/access-denied").toString(), "classify")
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        process.getOutputStream().write(("203.0.113.77\tec2-203-0-113-77.compute-1.amazonaws.com\tip-172-31-1-2\n"
            + "192.0.2.25\tmail.example.com\tmail.example.com\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String[] lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n");
        assertThat(process.exitValue()).isZero();
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode ec2 = json.readTree(lines[0]);
        assertThat(ec2.get("dynamic_rdns").asBoolean()).isTrue();
        assertThat(ec2.get("bad_helo").asBoolean()).isTrue();
        JsonNode server = json.readTree(lines[1]);
        assertThat(server.get("dynamic_rdns").asBoolean()).isFalse();
        assertThat(server.get("bad_helo").asBoolean()).isFalse();
    }

    @Test
    void scriptShouldExitTwoOnBadUsage() throws Exception {
        Process process = new ProcessBuilder(ROOT.resolve("bin/access-denied").toString(), "check")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(new File("/dev/null")).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
    }
}
