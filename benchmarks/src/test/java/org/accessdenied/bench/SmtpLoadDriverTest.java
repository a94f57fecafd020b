package org.accessdenied.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

/** A one-second smoke test of the load driver against a tiny in-process SMTP server. */
class SmtpLoadDriverTest {
    @Test
    void drivesConnectionsFromLoopbackPoolsAndCountsReplyClasses() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try (ServerSocket server = startServer(pool, false, null)) {
            List<SmtpLoadDriver.Scenario> mix = List.of(
                new SmtpLoadDriver.Scenario("good", 3, "127.9.0.0/24", "mx{n}.example.test", "a@example.test", "b@localhost", SmtpLoadDriver.DEFAULT_MESSAGE),
                new SmtpLoadDriver.Scenario("listed", 1, "127.0.0.2", "host.example.test", "a@example.test", "b@localhost", SmtpLoadDriver.DEFAULT_MESSAGE));
            SmtpLoadDriver.Result result = new SmtpLoadDriver(new SmtpLoadDriver.Settings()
                .port(server.getLocalPort()).clients(4).duration(Duration.ofSeconds(1)).maxMessages(400).mix(mix)).run();

            assertThat(result.all.count).isPositive().isLessThanOrEqualTo(400);
            assertThat(result.byScenario.get("good").classes.get("2xx")).isEqualTo(result.byScenario.get("good").count).isPositive();
            assertThat(result.byScenario.get("listed").classes.get("5xx")).isEqualTo(result.byScenario.get("listed").count).isPositive();
            assertThat(result.byScenario.get("listed").exampleRefusal()).startsWith("550 5.7.1 listed 127.0.0.2");
            assertThat(result.all.rcptP50Ms).isPositive();
            assertThat(result.all.finalP99Ms).isGreaterThanOrEqualTo(result.all.rcptP50Ms);
            assertThat(result.toJson()).contains("\"messagesPerSecond\":").contains("\"listed\":{\"messages\":");
            assertThat(result.toMarkdown()).contains("| good |");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readsCpuTimeOfAProcess() throws Exception {
        assertThat(ProcessStats.cpuSeconds(ProcessHandle.current().pid())).isPositive();
    }

    /** A server that answers MAIL FROM only once RCPT TO has arrived too: only a pipelining client gets through. */
    @Test
    void pipeliningShouldSendRcptToWithMailFrom() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try (ServerSocket server = startServer(pool, true, null)) {
            List<SmtpLoadDriver.Scenario> mix = List.of(
                new SmtpLoadDriver.Scenario("good", 1, "127.9.1.0/24", "mx{n}.example.test", "a@example.test", "b@localhost", SmtpLoadDriver.DEFAULT_MESSAGE));
            SmtpLoadDriver.Settings settings = new SmtpLoadDriver.Settings().port(server.getLocalPort()).clients(2)
                .duration(Duration.ofSeconds(1)).maxMessages(20).mix(mix).socketTimeout(Duration.ofSeconds(2));

            SmtpLoadDriver.Result pipelined = new SmtpLoadDriver(settings.pipelining(true)).run();

            assertThat(pipelined.byScenario.get("good").count).isPositive();
            assertThat(pipelined.byScenario.get("good").classes.get("2xx")).isEqualTo(pipelined.byScenario.get("good").count);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The side that closes a connection first keeps its TIME-WAIT: the driver must leave that to the server after QUIT,
     * as a real client does (RFC 5321 section 4.1.1.10), or the TIME-WAITs pile up on its own source addresses.
     */
    @Test
    void quitShouldReadTheReplyAndLetTheServerCloseFirst() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        java.util.concurrent.ConcurrentLinkedQueue<String> closes = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (ServerSocket server = startServer(pool, false, closes)) {
            List<SmtpLoadDriver.Scenario> mix = List.of(
                new SmtpLoadDriver.Scenario("good", 1, "127.9.2.0/24", "mx{n}.example.test", "a@example.test", "b@localhost", SmtpLoadDriver.DEFAULT_MESSAGE),
                new SmtpLoadDriver.Scenario("listed", 1, "127.0.0.2", "host.example.test", "a@example.test", "b@localhost", SmtpLoadDriver.DEFAULT_MESSAGE));
            SmtpLoadDriver.Result result = new SmtpLoadDriver(new SmtpLoadDriver.Settings()
                .port(server.getLocalPort()).clients(2).duration(Duration.ofSeconds(1)).maxMessages(6).mix(mix)).run();

            assertThat(result.all.count).isPositive();
            Thread.sleep(300);
            assertThat(closes).hasSize((int) result.all.count).containsOnly("server first");
        } finally {
            pool.shutdownNow();
        }
    }

    private static ServerSocket startServer(ExecutorService pool, boolean mailReplyAfterRcpt,
                                            java.util.Queue<String> closes) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        pool.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    pool.execute(() -> serve(socket, mailReplyAfterRcpt, closes));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    /** {@code closes} (when not null) gets, per QUIT, whether the client had closed within 100 ms of the 221 reply. */
    private static void serve(Socket socket, boolean mailReplyAfterRcpt, java.util.Queue<String> closes) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            String client = socket.getInetAddress().getHostAddress();
            write(out, "220-test\r\n220 ready");
            String line;
            boolean data = false;
            while ((line = in.readLine()) != null) {
                if (data) {
                    if (line.equals(".")) {
                        data = false;
                        write(out, "250 2.0.0 queued");
                    }
                } else if (line.startsWith("EHLO")) {
                    write(out, "250-test\r\n250 PIPELINING");
                } else if (line.startsWith("RCPT") && client.equals("127.0.0.2")) {
                    write(out, "550 5.7.1 listed " + client);
                } else if (line.equals("DATA")) {
                    data = true;
                    write(out, "354 go on");
                } else if (line.startsWith("MAIL") && mailReplyAfterRcpt) {
                    String rcpt = in.readLine();
                    write(out, "250 ok");
                    write(out, rcpt != null && rcpt.startsWith("RCPT") ? "250 ok" : "500 expected RCPT");
                } else if (line.equals("QUIT")) {
                    write(out, "221 bye");
                    if (closes != null) {
                        socket.setSoTimeout(100);
                        try {
                            closes.add(in.read() == -1 ? "client first" : "client sent more");
                        } catch (java.net.SocketTimeoutException open) {
                            closes.add("server first");
                        }
                    }
                    return;
                } else {
                    write(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // client gone
        }
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
