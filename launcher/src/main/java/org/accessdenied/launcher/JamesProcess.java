package org.accessdenied.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A James memory server (3.8.1 or 3.9.0) as a child process: {@code java -cp 'LIB/*' -Dworking.directory=HOME ...
 * org.apache.james.MemoryJamesServerMain}, its output in {@code HOME/logs/james.log}. The pack is NOT on that class
 * path: James loads it from {@code HOME/extensions-jars/}, as it would in production.
 *
 * <p>{@link #start} returns once SMTP greets and WebAdmin accepts connections; {@link #close} stops James (SIGTERM,
 * James's own shutdown), forcibly after a grace period.
 */
public final class JamesProcess implements AutoCloseable {
    public static final String MAIN_CLASS = "org.apache.james.MemoryJamesServerMain";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** Extra JVM options for James, split on spaces (e.g. {@code -Xmx1g}). */
    public static final String JAVA_OPTS_ENV = "JAMES_JAVA_OPTS";

    /** The first line of a stack trace, e.g. {@code java.lang.NoClassDefFoundError: javax/mail/MessagingException}. */
    private static final Pattern THROWABLE = Pattern.compile("^[a-z][\\w.]*\\.[A-Z][\\w$]*(Error|Exception)(: .*)?$");

    private final JamesHome home;
    private final Process process;
    private final long startedNanos;
    private volatile long readyNanos;

    private JamesProcess(JamesHome home, Process process, long startedNanos) {
        this.home = home;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /** Starts James 3.8.1 on a prepared home with the jars of {@code libDir} and waits until it is ready. */
    public static JamesProcess start(JamesHome home, Path libDir) {
        return start(home, libDir, Path.of(System.getProperty("java.home")), DEFAULT_START_TIMEOUT);
    }

    /** Starts James of a line on a prepared home, from a repository checkout's jars, on the line's JDK. */
    public static JamesProcess start(JamesHome home, JamesLine line, Path repoRoot) {
        Path libDir = line.libDir(repoRoot);
        if (!Files.isRegularFile(libDir.resolve(line.memoryAppJar()))) {
            throw new IllegalStateException(line + "'s jars are missing in " + libDir + " (bin/james --james "
                + line.line() + " builds them)");
        }
        return start(home, libDir, line.javaHome(), DEFAULT_START_TIMEOUT);
    }

    /** Starts James on a prepared home with the jars of {@code libDir} and the JVM of {@code javaHome}. */
    public static JamesProcess start(JamesHome home, Path libDir, Path javaHome, Duration timeout) {
        if (!hasMemoryApp(libDir)) {
            throw new IllegalStateException("James's jars are missing in " + libDir
                + " (build them: mvn -B -pl launcher -am package -DskipTests)");
        }
        for (int port : List.of(home.smtpPort(), home.submissionPort(), home.imapPort(), home.webAdminPort())) {
            if (accepts(port)) {
                throw new IllegalStateException("port " + port + " on 127.0.0.1 is already in use (another James?):"
                    + " stop it or choose another port base (--port-base)");
            }
        }
        List<String> command = command(home, libDir, javaHome);
        ProcessBuilder builder = new ProcessBuilder(command)
            .directory(home.home().toFile())
            .redirectErrorStream(true)
            .redirectOutput(home.logFile().toFile());
        long t0 = System.nanoTime();
        Process process;
        try {
            Files.createDirectories(home.logFile().getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start James: " + String.join(" ", command), e);
        }
        JamesProcess james = new JamesProcess(home, process, t0);
        try {
            james.awaitReady(timeout);
        } catch (RuntimeException e) {
            james.close();
            throw e;
        }
        return james;
    }

    private static boolean hasMemoryApp(Path libDir) {
        try (Stream<Path> jars = Files.list(libDir)) {
            return jars.anyMatch(p -> p.getFileName().toString().matches("james-server-memory-app-[0-9.]+\\.jar"));
        } catch (IOException e) {
            return false;
        }
    }

    static List<String> command(JamesHome home, Path libDir, Path javaHome) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        String opts = System.getenv(JAVA_OPTS_ENV);
        if (opts != null && !opts.isBlank()) {
            command.addAll(List.of(opts.trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(libDir.toAbsolutePath().normalize() + "/*");
        command.add("-Dworking.directory=" + home.home());
        command.add("-Dlogback.configurationFile=" + home.confDir().resolve("logback.xml"));
        command.add("-Djdk.tls.ephemeralDHKeySize=2048");
        if (Files.isRegularFile(home.confDir().resolve("jvm.properties"))) {
            command.add("-Dextra.props=" + home.confDir().resolve("jvm.properties"));
        }
        for (Map.Entry<String, String> p : home.systemProperties().entrySet()) {
            command.add("-D" + p.getKey() + "=" + p.getValue());
        }
        command.add(MAIN_CLASS);
        return command;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean smtp = false;
        boolean webadmin = false;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("James stopped (exit code " + process.exitValue()
                    + ") before it accepted connections. Log " + home.logFile() + ":\n" + failureSummary());
            }
            smtp = smtp || smtpGreets(home.smtpPort());
            webadmin = webadmin || accepts(home.webAdminPort());
            if (smtp && webadmin) {
                readyNanos = System.nanoTime();
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("James did not accept connections within " + timeout.toSeconds() + " s (SMTP "
            + home.smtpPort() + (smtp ? " ok" : " not yet") + ", WebAdmin " + home.webAdminPort()
            + (webadmin ? " ok" : " not yet") + "). Log " + home.logFile() + ":\n" + failureSummary());
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean smtpGreets(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(2000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            String line = in.readLine();
            return line != null && line.startsWith("220");
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for James", e);
        }
    }

    /** What went wrong, from the log: its errors, exceptions and their causes (at most 12 lines), else its last lines. */
    public String failureSummary() {
        try {
            if (!Files.exists(home.logFile())) {
                return "(no log)";
            }
            List<String> causes = new ArrayList<>();
            for (String line : Files.readAllLines(home.logFile(), StandardCharsets.UTF_8)) {
                String t = line.strip();
                if ((t.contains(" ERROR ") || t.startsWith("Caused by:") || THROWABLE.matcher(t).matches())
                    && !causes.contains(t)) {
                    causes.add(t.length() > 300 ? t.substring(0, 300) + "..." : t);
                }
            }
            if (causes.isEmpty()) {
                return logTail(20);
            }
            return "  " + String.join("\n  ", causes.subList(Math.max(0, causes.size() - 12), causes.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** The last lines of James's log. */
    public String logTail(int lines) {
        try {
            if (!Files.exists(home.logFile())) {
                return "(no log yet)";
            }
            List<String> all = Files.readAllLines(home.logFile(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public JamesHome home() {
        return home;
    }

    public Path logFile() {
        return home.logFile();
    }

    public int smtpPort() {
        return home.smtpPort();
    }

    public int submissionPort() {
        return home.submissionPort();
    }

    public int imapPort() {
        return home.imapPort();
    }

    public int webAdminPort() {
        return home.webAdminPort();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Time from the start of the JVM to SMTP greeting and WebAdmin accepting. */
    public Duration startupTime() {
        return Duration.ofNanos(readyNanos - startedNanos);
    }

    /** Waits for James to end by itself; returns its exit code. */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Stops James: SIGTERM (James stops its servers), then a forced kill after 30 s. Idempotent. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
