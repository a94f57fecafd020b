package org.accessdenied.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A line of James the pack ships a drop-in jar for, and where a repository checkout keeps what runs it:
 * <ul>
 *   <li>3.8 (javax.mail, Java 11+): {@code dist/target/access-denied-james38-VERSION.jar}, James 3.8.1's jars in
 *       {@code launcher/target/james/lib/};</li>
 *   <li>3.9 (jakarta.mail, Java 21+): {@code james39/dist/target/access-denied-james39-VERSION.jar}, James 3.9.0's
 *       jars in {@code james39/server/target/james/lib/}, run by the JDK named by the system property
 *       {@value #JAMES39_JDK_PROPERTY} (bin/james finds one with bin/lib/jdk21).</li>
 * </ul>
 */
public enum JamesLine {
    JAMES_38("3.8", "3.8.1", 11, "dist/target", "access-denied-james38-", "launcher/target/james/lib"),
    JAMES_39("3.9", "3.9.0", 21, "james39/dist/target", "access-denied-james39-", "james39/server/target/james/lib");

    /** The home of a JDK >= 21 for James 3.9 (also the Maven property that builds the 3.9 line). */
    public static final String JAMES39_JDK_PROPERTY = "james39.jdk";

    private final String line;
    private final String version;
    private final int minimumJava;
    private final String jarDir;
    private final String jarPrefix;
    private final String libDir;

    JamesLine(String line, String version, int minimumJava, String jarDir, String jarPrefix, String libDir) {
        this.line = line;
        this.version = version;
        this.minimumJava = minimumJava;
        this.jarDir = jarDir;
        this.jarPrefix = jarPrefix;
        this.libDir = libDir;
    }

    /** {@code 3.8} or {@code 3.9} (a full version of the line, e.g. {@code 3.9.0}, is accepted too). */
    public static JamesLine parse(String text) {
        String t = text.trim();
        for (JamesLine l : values()) {
            if (t.equals(l.line) || t.equals(l.version)) {
                return l;
            }
        }
        throw new IllegalArgumentException("--james needs 3.8 or 3.9, not '" + text + "'");
    }

    /** {@code 3.8} or {@code 3.9}. */
    public String line() {
        return line;
    }

    /** The James version the launcher runs for this line: 3.8.1 or 3.9.0. */
    public String version() {
        return version;
    }

    public int minimumJava() {
        return minimumJava;
    }

    /** The folder of James's jars for this line in a repository checkout. */
    public Path libDir(Path repoRoot) {
        return repoRoot.resolve(libDir);
    }

    /** The memory server's own jar, whose presence in {@link #libDir} says the folder is complete. */
    public String memoryAppJar() {
        return "james-server-memory-app-" + version + ".jar";
    }

    /** The drop-in jar for this line in a repository checkout (the newest version when there are several). */
    public Path dropInJar(Path repoRoot) {
        Path target = repoRoot.resolve(jarDir);
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                Optional<Path> jar = files
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith(jarPrefix) && n.endsWith(".jar") && !n.endsWith("-sources.jar")
                            && !n.endsWith("-tests.jar") && !n.endsWith("-javadoc.jar");
                    })
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
                if (jar.isPresent()) {
                    return jar.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return target.resolve(jarPrefix + "0.1.0-SNAPSHOT.jar");
    }

    /**
     * The JDK that runs James of this line: for 3.9 the one named by {@value #JAMES39_JDK_PROPERTY}, else (both
     * lines) the JDK running this code when it is recent enough.
     *
     * @throws IllegalStateException when there is none, saying what James needs
     */
    public Path javaHome() {
        if (this == JAMES_39) {
            String configured = System.getProperty(JAMES39_JDK_PROPERTY, "").trim();
            if (!configured.isEmpty()) {
                Path home = Path.of(configured);
                if (!Files.isExecutable(home.resolve("bin").resolve("java"))) {
                    throw new IllegalStateException(JAMES39_JDK_PROPERTY + "=" + configured + " is not a JDK (no bin/java)");
                }
                return home;
            }
        }
        int running = Runtime.version().feature();
        if (running < minimumJava) {
            throw new IllegalStateException("James " + version + " runs on Java " + minimumJava + " or later; this is"
                + " Java " + running + " and no other JDK was named (set -D" + JAMES39_JDK_PROPERTY + "=JDK_HOME;"
                + " bin/james finds one under /usr/lib/jvm with bin/lib/jdk21)");
        }
        return Path.of(System.getProperty("java.home"));
    }

    @Override
    public String toString() {
        return "James " + line;
    }
}
