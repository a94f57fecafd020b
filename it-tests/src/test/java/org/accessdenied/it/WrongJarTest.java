package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.accessdenied.launcher.JamesHome;
import org.accessdenied.launcher.JamesLine;
import org.accessdenied.launcher.JamesProcess;

/**
 * Each jar in the other line's James: James refuses to start, and its log says why. The JVM refuses the pack's
 * classes before any of the pack's code runs, so the reason is the JVM's, in words an admin can search for.
 */
@WhenJames39IsBuilt
class WrongJarTest {
    private static void assertStartFails(JamesLine line, Path jar, String expectedInLog) throws Exception {
        JamesHome home = JamesHome.builder(Files.createTempDirectory("access-denied-wrong-jar-" + line.line() + "-"))
            .confSet(RunningJames.ROOT.resolve("conf-samples/strict")).dropInJar(jar)
            .portBase(RunningJames.freePortBase()).build().prepare();
        assertThatThrownBy(() -> JamesProcess.start(home, line, RunningJames.ROOT).close())
            .hasMessageContaining("James stopped (exit code 1) before it accepted connections")
            .hasMessageContaining(expectedInLog);
    }

    @Test
    void james38JarInJames39ShouldStopStartUpForWantOfJavaxMail() throws Exception {
        assertStartFails(JamesLine.JAMES_39, RunningJames.dropInJar(JamesLine.JAMES_38),
            "java.lang.NoClassDefFoundError: javax/mail/MessagingException");
    }

    @Test
    void james39JarInJames38ShouldStopStartUp() throws Exception {
        // James 3.8 runs on the JDK running the tests: 17 refuses Java 21 classes outright, 21+ misses jakarta.mail
        assertStartFails(JamesLine.JAMES_38, RunningJames.dropInJar(JamesLine.JAMES_39), Runtime.version().feature() < 21
            ? "java.lang.UnsupportedClassVersionError: org/accessdenied/" : "java.lang.NoClassDefFoundError: jakarta/mail/");
    }
}
