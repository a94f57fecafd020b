package org.accessdenied.core.spam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.accessdenied.core.spam.MessageContent;
import org.accessdenied.testkit.SpamdServer;
import org.accessdenied.testkit.TestMessages;

/** Against a real spamd; faults real spamd cannot produce (silence, garbage) come from small socket servers. */
class SpamdClientTest {
    static MessageContent content(byte[] bytes) {
        return MessageContent.of(bytes);
    }

    private static SpamdClient client(String hostAndPort) {
        return new SpamdClient(SpamdSettings.defaults().withAddress(hostAndPort).withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(20)));
    }

    @Test
    void scoreShouldReadGtubeAs1000WithItsRule() {
        try (SpamdClient spamd = client(SpamdServer.shared().hostAndPort())) {
            SpamScore score = spamd.score(content(TestMessages.raw("gtube.eml"))).join();
            assertThat(score.isScored()).as(score.toString()).isTrue();
            assertThat(score.score()).isEqualTo(1000.0);
            assertThat(score.required()).isEqualTo(5.0);
            assertThat(score.rules()).contains("GTUBE");
            assertThat(spamd.scoredCount()).isEqualTo(1);
        }
    }

    @Test
    void scoreShouldBeLowForHam() {
        try (SpamdClient spamd = client(SpamdServer.shared().hostAndPort())) {
            SpamScore score = spamd.score(content(TestMessages.raw("ham.eml"))).join();
            assertThat(score.isScored()).isTrue();
            assertThat(score.score()).isLessThan(2.0);
        }
    }

    @Test
    void scoreShouldFallBetween5And15ForTheMiddleBand() {
        try (SpamdClient spamd = client(SpamdServer.shared().hostAndPort())) {
            SpamScore score = spamd.score(content(TestMessages.raw("middle-band.eml"))).join();
            assertThat(score.score()).as(score.toString()).isBetween(5.0, 15.0);
        }
    }

    @Test
    void scoreShouldSkipMessagesOverTheSizeLimitWithoutAskingSpamd() {
        SpamdSettings small = SpamdSettings.defaults().withAddress("127.0.0.1:9").withMaxSize(100);
        try (SpamdClient spamd = new SpamdClient(small)) {
            SpamScore score = spamd.score(content(new byte[101])).join();
            assertThat(score.status()).isEqualTo(SpamScore.Status.NOT_SCANNED);
            assertThat(spamd.skippedCount()).isEqualTo(1);
        }
    }

    @Test
    void scoreShouldSkipAMessageOfUnknownSizeThatTurnsOutTooBig() {
        SpamdSettings small = SpamdSettings.defaults().withAddress("127.0.0.1:9").withMaxSize(100);
        MessageContent unknownSize = new MessageContent() {
            @Override
            public long size() {
                return -1;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(new byte[500]);
            }
        };
        try (SpamdClient spamd = new SpamdClient(small)) {
            assertThat(spamd.score(unknownSize).join().status()).isEqualTo(SpamScore.Status.NOT_SCANNED);
        }
    }

    @Test
    void scoreShouldBeUnavailableWhenSpamdIsDown() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (SpamdClient spamd = client("127.0.0.1:" + closedPort)) {
            SpamScore score = spamd.score(content("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII))).join();
            assertThat(score.status()).isEqualTo(SpamScore.Status.UNAVAILABLE);
            assertThat(score.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("spamd unreachable"));
            assertThat(spamd.failedCount()).isEqualTo(1);
        }
    }

    @Test
    void scoreShouldGiveUpAfterTheReadTimeoutWhenSpamdHangs() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            SpamdSettings settings = SpamdSettings.defaults().withAddress("127.0.0.1:" + silent.getLocalPort())
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(300));
            try (SpamdClient spamd = new SpamdClient(settings)) {
                long start = System.nanoTime();
                SpamScore score = spamd.score(content("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII))).join();
                assertThat(score.problem()).contains("spamd did not answer within 300 ms (spamd.readTimeout)");
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
            }
        }
    }

    @Test
    void scoreShouldBeUnavailableWhenTheReplyIsGarbage() throws Exception {
        for (String reply : new String[] {"HTTP/1.1 200 OK\r\n\r\n", "SPAMD/1.1 0 EX_OK\r\nSpam: perhaps\r\n\r\n",
                "SPAMD/1.1 76 EX_PROTOCOL\r\n\r\n", "\u0000\u0001garbage", ""}) {
            try (ServerSocket garbage = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
                Thread server = new Thread(() -> {
                    try (Socket socket = garbage.accept()) {
                        socket.getInputStream().readNBytes(10);
                        socket.getOutputStream().write(reply.getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException e) {
                        // the client gave up
                    }
                });
                server.start();
                try (SpamdClient spamd = client("127.0.0.1:" + garbage.getLocalPort())) {
                    SpamScore score = spamd.score(content("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII))).join();
                    assertThat(score.status()).as(reply).isEqualTo(SpamScore.Status.UNAVAILABLE);
                }
                server.join(2000);
            }
        }
    }

    @Test
    void parseShouldReadYesNoAndNegativeZero() {
        SpamScore score = SpamdClient.parse("SPAMD/1.1 0 EX_OK\r\nContent-length: 0\r\nSpam: No ; -0.0 / 5.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(score.isScored()).isTrue();
        assertThat(Double.compare(score.score(), 0.0)).isZero();
        assertThat(score.rules()).isEmpty();
        assertThat(SpamdClient.parse("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 7.5 / 5.0\r\n\r\nA_RULE,B_RULE,<script>,C".getBytes(StandardCharsets.US_ASCII)).rules())
            .containsExactly("A_RULE", "B_RULE", "C");
    }

    @Test
    void requestShouldCarryContentLengthAndTheMessageIntact() throws Exception {
        byte[] message = "Subject: caf\u00e9\r\n\r\n8-bit body \u00ff\r\n".getBytes(StandardCharsets.ISO_8859_1);
        try (ServerSocket recorder = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            Thread server = new Thread(() -> {
                try (Socket socket = recorder.accept()) {
                    socket.getInputStream().transferTo(received);
                    socket.getOutputStream().write("SPAMD/1.1 0 EX_OK\r\nSpam: False ; 0.1 / 5.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // recorded what came
                }
            });
            server.start();
            try (SpamdClient spamd = client("127.0.0.1:" + recorder.getLocalPort())) {
                assertThat(spamd.score(content(message)).join().score()).isEqualTo(0.1);
            }
            server.join(2000);
            String request = received.toString(StandardCharsets.ISO_8859_1);
            assertThat(request).startsWith("SYMBOLS SPAMC/1.5\r\nContent-length: " + message.length + "\r\n\r\n");
            assertThat(request).endsWith(new String(message, StandardCharsets.ISO_8859_1));
        }
    }
}
