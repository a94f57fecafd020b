package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.testkit.FaultyTcpProxy;
import org.accessdenied.testkit.NsdServer;
import org.accessdenied.testkit.SpamdServer;

/**
 * The content rule at the end of DATA ({@code HighSpamScore=5000}, RejectAtSmtp, onTemporary defer by default) inside a
 * real James, with the real spamd behind a proxy that makes it hang and then recover: 451 while it hangs, at once
 * once the circuit is open, 250 again within seconds of spamd answering.
 */
class SpamdFaultsInJamesTest {
    private static final FaultyTcpProxy SPAMD = FaultyTcpProxy.startInFrontOf(SpamdServer.shared().address());
    private static Optional<String> previousSpamd = Optional.empty();
    private static Optional<String> previousDns = Optional.empty();

    @RegisterExtension
    static JamesServerExtension james = new JamesServerBuilder<MemoryJamesConfiguration>(tmp -> {
            Path conf = tmp.toPath().resolve("conf");
            AdmissionHookInJamesTest.copyConfiguration(conf);
            try {
                // dataDeadline defaults to check.deadline, 2 x dns.timeout + 500ms = 2.5s; the circuit opens after 2 failures
                Files.writeString(conf.resolve("access-denied.properties"), "dns.timeout=1s\nspamd.circuit.failures=2\n", StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            previousSpamd = Optional.ofNullable(System.getProperty(EngineSettings.SPAMD_OVERRIDE_PROPERTY));
            previousDns = Optional.ofNullable(System.getProperty(EngineSettings.DNS_OVERRIDE_PROPERTY));
            System.setProperty(EngineSettings.SPAMD_OVERRIDE_PROPERTY, SPAMD.hostAndPort());
            System.setProperty(EngineSettings.DNS_OVERRIDE_PROPERTY, NsdServer.shared().hostAndPort());
            return MemoryJamesConfiguration.builder().workingDirectory(tmp)
                .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT).build();
        })
        .server(MemoryJamesServerMain::createServer)
        .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
        .build();

    @BeforeAll
    static void users(GuiceJamesServer server) throws Exception {
        server.getProbe(DataProbeImpl.class).fluent().addDomain("example.local").addUser("alice@example.local", "secret");
    }

    @AfterAll
    static void restore() {
        SPAMD.close();
        previousSpamd.ifPresentOrElse(v -> System.setProperty(EngineSettings.SPAMD_OVERRIDE_PROPERTY, v),
            () -> System.clearProperty(EngineSettings.SPAMD_OVERRIDE_PROPERTY));
        previousDns.ifPresentOrElse(v -> System.setProperty(EngineSettings.DNS_OVERRIDE_PROPERTY, v),
            () -> System.clearProperty(EngineSettings.DNS_OVERRIDE_PROPERTY));
    }

    private static String send(GuiceJamesServer server, String subject) throws Exception {
        byte[] message = ("From: a@nospf.spf.test\r\nTo: alice@example.local\r\nSubject: " + subject + "\r\n\r\nhello\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        try (SmtpDialogue smtp = SmtpDialogue.connect("127.0.0.10", server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue())) {
            assertThat(smtp.ehlo("mail.loopback.example.test")).startsWith("250");
            assertThat(smtp.mailFrom("a@nospf.spf.test")).startsWith("250");
            assertThat(smtp.rcptTo("alice@example.local")).startsWith("250");
            return smtp.data(message);
        }
    }

    @Test
    void contentRuleShouldDeferWhileSpamdHangsAndAcceptWithinSecondsOfItsRecovery(GuiceJamesServer server) throws Exception {
        assertThat(send(server, "healthy")).startsWith("250");

        SPAMD.hang();
        // the request ends just before the hook stops waiting: the reply gives spamd's outcome, not the hook's timeout
        assertThat(send(server, "hang 1")).startsWith("451 4.7.1 no spam score: ").endsWith("; please try again later");
        assertThat(send(server, "hang 2")).startsWith("451 4.7.1 ");
        // two failures in a row: the circuit is open, the answer no longer waits for the deadline
        assertThat(send(server, "circuit open")).startsWith("451 4.7.1 no spam score: spamd circuit open");

        SPAMD.forward();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> send(server, "recovered").startsWith("250"));
    }
}
