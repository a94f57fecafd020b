package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.commons.net.imap.IMAPClient;
import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.accessdenied.launcher.JamesHome;
import org.accessdenied.launcher.JamesProcess;
import org.accessdenied.launcher.Keystore;
import org.accessdenied.testkit.NsdServer;
import org.accessdenied.testkit.SpamdServer;

/**
 * The product's run command, as {@code bin/james} does it: a James home from a conf-samples set
 * ({@link JamesHome}), James 3.8.1 as a child process with launcher/target/james/lib and the drop-in jar in
 * extensions-jars/ ({@link JamesProcess}), the pack's DNS pointed at the testkit's nsd and spamd at the testkit's.
 * Then what the README tells a user: add a domain and a user over WebAdmin, send a clean message over SMTP from a
 * client with forward-confirmed reverse DNS, read it over IMAP after STARTTLS (trusting the self-signed certificate
 * the launcher made), stop James.
 */
class RunCommandTest {
    private static final Path ROOT = RunningJames.ROOT;
    private static final Path LIB = RunningJames.LIB;
    private static final Path DROP_IN_JAR = RunningJames.DROP_IN_JAR;

    @TempDir
    Path tmp;

    @Test
    void strictSetReceivesACleanMessageThatIsReadBackOverImap() throws Exception {
        runAndDeliver(ROOT.resolve("conf-samples/strict"), true);
    }

    /** The run path without the SMTP admission hook (the test-only copy of strict): tells launcher from hook failures. */
    @Test
    void strictSetWithoutTheHookReceivesACleanMessage() throws Exception {
        runAndDeliver(ROOT.resolve("it-tests/src/test/resources/conf-sets/strict-no-hook"), false);
    }

    private void runAndDeliver(Path confSet, boolean policy) throws Exception {
        JamesHome home = JamesHome.builder(tmp.resolve("james-home"))
            .confSet(confSet)
            .dropInJar(DROP_IN_JAR)
            .portBase(RunningJames.freePortBase())
            .dns(NsdServer.shared().hostAndPort())
            .spamd(SpamdServer.shared().hostAndPort())
            .build()
            .prepare();
        assertThat(home.extensionsDir().resolve(DROP_IN_JAR.getFileName())).isRegularFile();
        assertThat(home.keystores()).as("the set enables TLS and brings no keystore").singleElement().satisfies(k -> {
            assertThat(k.origin()).isEqualTo(Keystore.Origin.SELF_SIGNED);
            assertThat(k.file()).isEqualTo(home.selfSignedKeystoreDir().resolve("keystore"));
        });
        assertThat(home.confDir().resolve("keystore")).hasSameBinaryContentAs(home.selfSignedKeystoreDir().resolve("keystore"));
        assertThat(Files.readString(home.confDir().resolve("smtpserver.xml")))
            .contains("<bind>127.0.0.1:" + home.smtpPort() + "</bind>").doesNotContain("0.0.0.0");

        try (JamesProcess james = JamesProcess.start(home, LIB)) {
            assertThat(classPathOf(james)).as("the pack comes from extensions-jars/, not James's class path")
                .isEqualTo(LIB.toAbsolutePath().normalize() + "/*");
            try (var jars = Files.list(LIB)) {
                assertThat(jars.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("access-denied"));
            }
            HttpClient http = HttpClient.newHttpClient();
            String web = "http://127.0.0.1:" + james.webAdminPort();
            assertThat(put(http, web + "/domains/example.local", null)).isEqualTo(204);
            assertThat(put(http, web + "/users/alice@example.local", "{\"password\":\"secret\"}")).isEqualTo(204);

            SMTPClient smtp = new SMTPClient();
            smtp.setDefaultTimeout(30_000);
            smtp.connect(InetAddress.getLoopbackAddress(), james.smtpPort(), InetAddress.getByName("127.0.0.10"), 0);
            try {
                assertThat(smtp.sendCommand("EHLO", "mail.loopback.example.test")).isEqualTo(250);
                assertThat(smtp.sendCommand("MAIL FROM:<news@loopback-only.example.test>")).as(smtp.getReplyString()).isEqualTo(250);
                assertThat(smtp.sendCommand("RCPT TO:<alice@example.local>")).as(smtp.getReplyString()).isEqualTo(250);
                assertThat(smtp.sendCommand("DATA")).isEqualTo(354);
                assertThat(smtp.sendCommand("From: news@loopback-only.example.test\r\nTo: alice@example.local\r\n"
                    + "Subject: run command smoke test\r\n\r\nHello Alice, this is a perfectly ordinary message.\r\n."))
                    .as(smtp.getReplyString()).isEqualTo(250);
                smtp.sendCommand("QUIT");
            } finally {
                smtp.disconnect();
            }

            if (policy) {
                // the same client lying in its HELO: the policy, loaded from extensions-jars/, refuses it in the dialogue
                assertThat(refusedCode(james, "localhost")).as("BadHelo at SMTP time").startsWith("5");
            }

            IMAPClient imap = TlsTrust.imapOverStartTls(home);
            try {
                assertThat(imap.login("alice@example.local", "secret")).as(imap.getReplyString()).isTrue();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    assertThat(imap.select("INBOX")).isTrue();
                    assertThat(imap.getReplyString()).contains("* 1 EXISTS");
                });
                assertThat(imap.fetch("1", "(BODY[])")).isTrue();
                assertThat(imap.getReplyString()).contains("Subject: run command smoke test")
                    .contains("Hello Alice").contains("from 127.0.0.10 (EHLO mail.loopback.example.test)");
                imap.logout();
            } finally {
                imap.disconnect();
            }
            assertThat(james.isAlive()).isTrue();
            james.close();
            assertThat(james.isAlive()).isFalse();
            assertThat(Files.readString(james.logFile())).contains("extensions-jars/" + DROP_IN_JAR.getFileName());
        }
    }

    /** The first 4xx/5xx reply to MAIL or RCPT of a client from 127.0.0.10 greeting with {@code helo}, or "accepted". */
    private static String refusedCode(JamesProcess james, String helo) throws IOException {
        SMTPClient smtp = new SMTPClient();
        smtp.setDefaultTimeout(30_000);
        smtp.connect(InetAddress.getLoopbackAddress(), james.smtpPort(), InetAddress.getByName("127.0.0.10"), 0);
        try {
            smtp.sendCommand("EHLO", helo);
            for (String command : List.of("MAIL FROM:<news@loopback-only.example.test>", "RCPT TO:<alice@example.local>")) {
                int code = smtp.sendCommand(command);
                if (code >= 400) {
                    return smtp.getReplyString().trim();
                }
            }
            return "accepted";
        } finally {
            smtp.disconnect();
        }
    }

    private static int put(HttpClient http, String url, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (json == null) {
            request.PUT(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isBetween(200, 299);
        return response.statusCode();
    }

    private static String classPathOf(JamesProcess james) {
        String[] args = ProcessHandle.of(james.pid()).flatMap(h -> h.info().arguments()).orElseThrow();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("-cp")) {
                return args[i + 1];
            }
        }
        throw new AssertionError("no -cp in " + List.of(args));
    }
}
