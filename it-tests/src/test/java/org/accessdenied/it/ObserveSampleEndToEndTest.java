package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.accessdenied.launcher.JamesLine;
import org.accessdenied.testkit.NsdServer;
import org.accessdenied.testkit.SpamdServer;

/**
 * {@code conf-samples/observe}, unchanged, started as the run command starts it: it refuses nothing and says what it
 * would have refused. One subclass per James line ({@link ObserveSampleOnJames38Test}, {@link ObserveSampleOnJames39Test}).
 */
abstract class ObserveSampleEndToEndTest {
    private final JamesLine line;

    ObserveSampleEndToEndTest(JamesLine line) {
        this.line = line;
    }

    /** The James line this class runs against. */
    JamesLine line() {
        return line;
    }

    @Test
    void observeSampleShouldDeliverEverythingAndLogWhatItWouldHaveRefused() throws Exception {
        try (RunningJames james = RunningJames.start(line(), RunningJames.ROOT.resolve("conf-samples/observe"),
                Files.createTempDirectory("access-denied-observe-" + line().line() + "-"), NsdServer.shared().hostAndPort(), SpamdServer.shared().hostAndPort())) {
            james.addDomainAndUsers("example.local", "alice");
            try (SmtpDialogue smtp = SmtpDialogue.connect("127.0.0.2", james.smtpPort())) {
                assertThat(smtp.ehlo("localhost")).startsWith("250");
                assertThat(smtp.mailFrom("user@fail.spf.test")).startsWith("250");
                assertThat(smtp.rcptTo("alice@example.local")).startsWith("250");
                assertThat(smtp.data(("From: user@fail.spf.test\r\nTo: alice@example.local\r\nSubject: observed\r\n\r\nhello\r\n")
                    .getBytes(StandardCharsets.US_ASCII))).startsWith("250");
            }
            List<byte[]> inbox = await().atMost(Duration.ofSeconds(30)).until(() -> james.inbox("alice@example.local"), m -> !m.isEmpty());
            assertThat(new String(inbox.get(0), StandardCharsets.ISO_8859_1))
                .contains("Subject: observed")
                .contains("X-Access-Denied-Observed: rule ").contains("would reply 554 5.7.1 127.0.0.2 is listed on zen.spamhaus.org");
            assertThat(james.log()).contains("admission would-reject").contains("client=127.0.0.2");
        }
    }
}
