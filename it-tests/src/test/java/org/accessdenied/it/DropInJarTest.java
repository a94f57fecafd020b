package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The one thin jar an admin drops into James's extensions-jars/: the pack's classes only, loadable by James 3.8.1
 * (access-denied-james38); and its twin for James 3.9 (access-denied-james39), built from the same sources.
 */
class DropInJarTest {
    private static final Path JAR = Path.of(System.getProperty("accessdenied.dropInJar"));

    private static List<JarEntry> entries() throws Exception {
        return entries(JAR);
    }

    private static List<JarEntry> entries(Path path) throws Exception {
        try (JarFile jar = new JarFile(path.toFile())) {
            return Collections.list(jar.entries());
        }
    }

    /** Class file name -> its bytes. */
    private static Map<String, byte[]> classes(Path path) throws Exception {
        Map<String, byte[]> classes = new TreeMap<>();
        try (JarFile jar = new JarFile(path.toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        classes.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return classes;
    }

    /** Without the numbered classes javac makes up (anonymous ones, enum switch maps: they differ from 11 to 21). */
    private static List<String> named(Collection<String> classFiles) {
        return classFiles.stream().filter(n -> !n.matches(".*\\$[0-9]+\\.class")).sorted().collect(Collectors.toList());
    }

    private static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    private static boolean mentions(byte[] classFile, String text) {
        return new String(classFile, StandardCharsets.ISO_8859_1).contains(text);
    }

    @Test
    void jarShouldHoldOnlyThePacksClasses() throws Exception {
        List<String> foreign = entries().stream().map(JarEntry::getName)
            .filter(n -> n.endsWith(".class") && !n.startsWith("org/accessdenied/"))
            .collect(Collectors.toList());
        assertThat(foreign).as("classes James already ships must never be bundled").isEmpty();
    }

    @Test
    void jarShouldCarryTheMatchersUnderTheirDocumentedNames() throws Exception {
        assertThat(entries().stream().map(JarEntry::getName)).contains(
            "org/accessdenied/matchers/RemoteAddrInDnsbl.class",
            "org/accessdenied/matchers/NoMatchingPtr.class",
            "org/accessdenied/matchers/DynamicRdns.class",
            "org/accessdenied/matchers/BadHelo.class",
            "org/accessdenied/core/evidence/EvidenceEngine.class");
    }

    @Test
    void classesShouldBeJava11BytecodeOnJavaxMailForJames38() throws Exception {
        for (Map.Entry<String, byte[]> c : classes(JAR).entrySet()) {
            assertThat(majorVersion(c.getValue())).as(c.getKey()).isEqualTo(55);
            assertThat(mentions(c.getValue(), "jakarta/")).as(c.getKey()).isFalse();
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "accessdenied.james39.dropInJar", matches = ".+",
        disabledReason = "the James 3.9 jar is not built here (-Djames39.skip: no JDK >= 21, bin/test says so)")
    void james39JarShouldHoldTheSameClassesAsJava21BytecodeOnJakartaMail() throws Exception {
        Path jar39 = RunningJames.JAMES39_DROP_IN_JAR;
        Map<String, byte[]> classes39 = classes(jar39);
        assertThat(named(classes39.keySet())).as("one source of truth: the same classes in both jars")
            .containsExactlyElementsOf(named(classes(JAR).keySet()));
        for (Map.Entry<String, byte[]> c : classes39.entrySet()) {
            boolean lineGuard = c.getKey().startsWith("org/accessdenied/core/evidence/JamesLine");
            assertThat(majorVersion(c.getValue())).as(c.getKey()).isEqualTo(lineGuard ? 55 : 65);
            assertThat(mentions(c.getValue(), "javax/mail") || mentions(c.getValue(), "javax/activation"))
                .as(c.getKey()).isFalse();
        }
        assertThat(Files.size(jar39)).isLessThan(1_000_000);
    }

    @Test
    void jarShouldStayThin() throws Exception {
        assertThat(Files.size(JAR)).isLessThan(1_000_000);
    }
}
