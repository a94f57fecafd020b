package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.accessdenied.launcher.JamesHome;
import org.accessdenied.launcher.JamesLine;
import org.accessdenied.launcher.JamesProcess;

/**
 * Each jar in the other line's James, with the samples (their extensions.properties loads the pack's JamesLineModule):
 * James refuses to start, and its log names the jar it needs, before the JVM could fail on a linkage error.
 */
@WhenJames39IsBuilt
class WrongJarTest {
    private static void assertStartFails(JamesLine line, Path jar, String expectedInLog) throws Exception {
        JamesHome home = JamesHome.builder(Files.createTempDirectory("access-denied-wrong-jar-" + line.line() + "-"))
            .confSet(RunningJames.ROOT.resolve("conf-samples/strict")).dropInJar(jar)
            .portBase(RunningJames.freePortBase()).build().prepare();
        assertThatThrownBy(() -> JamesProcess.start(home, line, RunningJames.ROOT).close())
            .hasMessageContaining("James stopped (exit code 1) before it accepted connections")
            .hasMessageContaining("Access Denied: wrong jar for this James")
            .hasMessageContaining(expectedInLog);
    }

    @Test
    void james38JarInJames39ShouldStopStartUpNamingTheJames39Jar() throws Exception {
        assertStartFails(JamesLine.JAMES_39, RunningJames.dropInJar(JamesLine.JAMES_38),
            "Replace it in extensions-jars/ with access-denied-james39-VERSION.jar (for James 3.9)");
    }

    @Test
    void james39JarInJames38ShouldStopStartUpNamingTheJames38Jar() throws Exception {
        assertStartFails(JamesLine.JAMES_38, RunningJames.dropInJar(JamesLine.JAMES_39),
            "Replace it in extensions-jars/ with access-denied-james38-VERSION.jar (for James 3.8)");
    }
}
