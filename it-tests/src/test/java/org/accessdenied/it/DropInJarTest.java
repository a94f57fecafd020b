package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The one thin jar an admin drops into James's extensions-jars/: the pack's classes only, loadable by James 3.8.1. */
class DropInJarTest {
    private static final Path JAR = Path.of(System.getProperty("accessdenied.dropInJar"));

    private static List<JarEntry> entries() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            return Collections.list(jar.entries());
        }
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
    void classesShouldBeJava11BytecodeForJames381() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry); DataInputStream data = new DataInputStream(in)) {
                        data.readInt();
                        data.readUnsignedShort();
                        assertThat(data.readUnsignedShort()).as(entry.getName()).isEqualTo(55);
                    }
                }
            }
        }
    }

    @Test
    void jarShouldStayThin() throws Exception {
        assertThat(Files.size(JAR)).isLessThan(1_000_000);
    }
}
