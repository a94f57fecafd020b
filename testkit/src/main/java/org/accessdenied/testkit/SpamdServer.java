package org.accessdenied.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real SpamAssassin spamd (Debian's package, shipped rules, offline) on a free loopback port. Started once per
 * test JVM ({@link #shared()}), stopped when the JVM exits. The test messages are in {@link TestMessages}.
 */
public final class SpamdServer extends LocalDaemon {
    private static SpamdServer shared;

    private SpamdServer(Process process, Path directory, int port) {
        super(process, directory, port, List.of("spamd.out", "spamd.log"));
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
        String binary = findBinary("spamd", "apt-get install spamassassin spamd spamc");
        try {
            Path dir = Files.createTempDirectory("access-denied-spamd");
            int port = freePort();
            Process process = new ProcessBuilder(binary, "--listen=127.0.0.1:" + port, "--allowed-ips=127.0.0.1", "--local",
                "--nouser-config", "--max-children=2", "--min-children=1", "--pidfile=" + dir.resolve("spamd.pid"),
                "--syslog=" + dir.resolve("spamd.log"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("spamd.out").toFile()).start();
            SpamdServer server = new SpamdServer(process, dir, port);
            server.awaitReady("spamd", Duration.ofSeconds(60), server::ping);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 200);
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
}
