package org.accessdenied.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A real server process started by the tests on a loopback port: readiness, its logs, and a clean stop. */
abstract class LocalDaemon implements AutoCloseable {
    private final Process process;
    private final Path directory;
    private final int port;
    private final List<String> logFiles;

    LocalDaemon(Process process, Path directory, int port, List<String> logFiles) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.logFiles = logFiles;
    }

    static String findBinary(String name, String installHint) {
        for (String dir : List.of("/usr/sbin/", "/usr/local/sbin/", "/usr/bin/", "/usr/local/bin/")) {
            if (Files.isExecutable(Path.of(dir + name))) {
                return dir + name;
            }
        }
        throw new IllegalStateException(name + " is not installed: run bin/test (it installs nsd, spamassassin, spamd, spamc "
            + "and dnsutils) or " + installHint);
    }

    /** A port free on loopback for both TCP and UDP at the time of asking. */
    static int freePort() {
        try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             java.net.DatagramSocket udp = new java.net.DatagramSocket(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort()))) {
            return tcp.getLocalPort();
        } catch (IOException e) {
            return 20000 + (int) (Math.random() * 20000);
        }
    }

    /** Waits until {@code ready} holds; fails with the daemon's own log if it exits or the limit passes. */
    void awaitReady(String what, Duration limit, BooleanSupplier ready) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with " + process.exitValue() + ": " + log());
            }
            if (ready.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String log = log();
        close();
        throw new IllegalStateException(what + " did not answer within " + limit + ": " + log);
    }

    String log() {
        StringBuilder text = new StringBuilder();
        for (String file : logFiles) {
            try {
                Path path = directory.resolve(file);
                if (Files.exists(path)) {
                    text.append(Files.readString(path));
                }
            } catch (IOException e) {
                text.append(e);
            }
        }
        return text.toString();
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}, as the pack's settings write a server. */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    /** The server's loopback socket address, e.g. for a proxy in front of it. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Stops at once (SIGKILL): for servers started per test, where a graceful stop only costs time. */
    /** Sends the process a signal by name (e.g. {@code HUP}). */
    protected void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The operating system's id of the server process (its CPU use, for benchmarks). */
    public long pid() {
        return process.pid();
    }

    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
