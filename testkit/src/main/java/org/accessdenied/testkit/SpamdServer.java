package org.accessdenied.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real SpamAssassin spamd (Debian's package, shipped rules, offline) on a free loopback port. Started once per
 * test JVM ({@link #shared()}), stopped when the JVM exits. The test messages are under {@code /messages}.
 */
public final class SpamdServer implements AutoCloseable {
    private static SpamdServer shared;

    private final Process process;
    private final Path directory;
    private final int port;

    private SpamdServer(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    public static synchronized SpamdServer shared() {
        if (shared == null) {
            shared = start();
            SpamdServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return shared;
    }

    public static SpamdServer start() {
        String binary = List.of("/usr/sbin/spamd", "/usr/bin/spamd", "/usr/local/bin/spamd").stream()
            .filter(p -> Files.isExecutable(Path.of(p))).findFirst()
            .orElseThrow(() -> new IllegalStateException("spamd is not installed: run bin/test (it installs spamassassin, "
                + "spamd and spamc) or apt-get install spamd"));
        try {
            Path dir = Files.createTempDirectory("access-denied-spamd");
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Process process = new ProcessBuilder(binary, "--listen=127.0.0.1:" + port, "--allowed-ips=127.0.0.1", "--local",
                "--nouser-config", "--max-children=2", "--min-children=1", "--pidfile=" + dir.resolve("spamd.pid"),
                "--syslog=" + dir.resolve("spamd.log"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("spamd.out").toFile()).start();
            SpamdServer server = new SpamdServer(process, dir, port);
            server.awaitReady(Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("spamd exited with " + process.exitValue() + ": " + log());
            }
            if (ping()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        close();
        throw new IllegalStateException("spamd did not answer PING within " + limit + ": " + log());
    }

    private boolean ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("PING SPAMC/1.5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(64), StandardCharsets.US_ASCII).contains("PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private String log() {
        StringBuilder text = new StringBuilder();
        for (String file : List.of("spamd.out", "spamd.log")) {
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

    /** A test message from {@code /messages/NAME}, byte for byte. */
    public static byte[] message(String name) {
        try (InputStream in = SpamdServer.class.getResourceAsStream("/messages/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test message /messages/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String hostAndPort() {
        return "127.0.0.1:" + port;
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
