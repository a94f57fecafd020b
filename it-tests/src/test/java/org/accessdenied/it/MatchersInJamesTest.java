package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.evidence.EvidenceAttributes;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.testkit.NsdServer;
import org.accessdenied.testkit.SpamdServer;

/**
 * The matchers inside a real James 3.8.1 memory server, named by fully qualified class name in mailetcontainer.xml,
 * built by James's Guice (the evidence engine from conf/access-denied.properties via PropertiesProvider), fed by a
 * real SMTP client connecting from chosen loopback addresses, asking a real nsd.
 */
class MatchersInJamesTest {
    private static final ListAppender<ILoggingEvent> ENGINE_LOG = new ListAppender<>();

    static {
        System.setProperty(EngineSettings.DNS_OVERRIDE_PROPERTY, NsdServer.shared().hostAndPort());
        System.setProperty(EngineSettings.SPAMD_OVERRIDE_PROPERTY, SpamdServer.shared().hostAndPort());
        ENGINE_LOG.start();
        ((Logger) LoggerFactory.getLogger(EvidenceEngine.class)).addAppender(ENGINE_LOG);
    }

    @RegisterExtension
    static JamesServerExtension james = new JamesServerBuilder<MemoryJamesConfiguration>(tmp ->
            MemoryJamesConfiguration.builder().workingDirectory(tmp).configurationFromClasspath()
                .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT).build())
        .server(configuration -> MemoryJamesServerMain.createServer(configuration))
        .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
        .build();

    @BeforeAll
    static void users(GuiceJamesServer server) throws Exception {
        server.getProbe(DataProbeImpl.class).fluent().addDomain("example.local").addUser("alice@example.local", "secret");
    }

    private static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    private static void send(GuiceJamesServer server, String from, String helo) throws Exception {
        send(server, from, helo, "sender@example.net", "Subject: test from " + from + "\r\n\r\nhello\r\n");
    }

    private static void send(GuiceJamesServer server, String from, String helo, String sender, String message) throws Exception {
        SMTPClient client = new SMTPClient();
        client.setDefaultTimeout(10_000);
        client.connect(InetAddress.getLoopbackAddress(), server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue(),
            InetAddress.getByName(from), 0);
        try {
            assertThat(client.sendCommand("EHLO", helo)).isEqualTo(250);
            assertThat(client.setSender(sender)).isTrue();
            assertThat(client.addRecipient("alice@example.local")).as(client.getReplyString()).isTrue();
            assertThat(client.sendShortMessageData(message)).as(client.getReplyString()).isTrue();
            assertThat(SMTPReply.isPositiveCompletion(client.getReplyCode())).isTrue();
        } finally {
            client.quit();
            client.disconnect();
        }
    }

    private static Mail awaitOneIn(GuiceJamesServer server, String repository) throws Exception {
        MailRepositoryProbeImpl probe = server.getProbe(MailRepositoryProbeImpl.class);
        MailRepositoryUrl url = MailRepositoryUrl.from("memory://var/mail/" + repository + "/");
        await().atMost(Duration.ofSeconds(20)).until(() -> probe.getRepositoryMailCount(url) >= 1);
        List<MailKey> keys = probe.listMailKeys(url);
        Mail mail = probe.getMail(url, keys.get(0));
        for (MailKey key : keys) {
            probe.getMailRepositoryStore().get(url).orElseThrow().remove(key);
        }
        return mail;
    }

    @Test
    void allMatchersShouldShareOneEngineSoOneDnsCacheAndOneZoneMonitor() {
        assertThat(ENGINE_LOG.list).filteredOn(e -> e.getFormattedMessage().startsWith("Access Denied evidence engine")).hasSize(1);
    }

    @Test
    void listedClientShouldBeMatchedByRemoteAddrInDnsbl(GuiceJamesServer server) throws Exception {
        send(server, "127.0.0.2", "mail.example.test");
        Mail mail = awaitOneIn(server, "dnsbl");
        assertThat(EvidenceAttributes.readVerdict(mail, "RemoteAddrInDnsbl")).hasValueSatisfying(verdict -> {
            assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.MATCH);
            assertThat(verdict.reason()).isEqualTo("127.0.0.2 is listed on bl.test (127.0.0.2: RFC 5782 test point)");
        });
        assertThat(EvidenceAttributes.read(mail).dnsbl().get("dead.test").skipped()).isPresent();
    }

    @Test
    void badHeloShouldBeMatchedFromTheHeloJamesRecorded(GuiceJamesServer server) throws Exception {
        send(server, "127.0.0.10", "localhost");
        Mail mail = awaitOneIn(server, "bad-helo");
        // James counts "localhost" among its own names: the HELO is both not qualified and a claim to be us
        assertThat(EvidenceAttributes.readVerdict(mail, "BadHelo")).map(Verdict::reason)
            .contains("not-fqdn: HELO 'localhost' is not a fully qualified domain name; our-name: HELO 'localhost' claims to be this server");
    }

    @Test
    void clientWithoutPtrShouldBeMatchedByNoMatchingPtr(GuiceJamesServer server) throws Exception {
        send(server, "127.0.0.11", "mail.example.test");
        Mail mail = awaitOneIn(server, "no-ptr");
        assertThat(EvidenceAttributes.readVerdict(mail, "NoMatchingPtr")).map(Verdict::reason).contains("no PTR record for 127.0.0.11");
    }

    @Test
    void spfFailShouldBeMatchedAndRecordedWithReceivedSpf(GuiceJamesServer server) throws Exception {
        send(server, "127.0.0.10", "mail.loopback.example.test", "user@fail.spf.test", "Subject: spf\r\n\r\nhello\r\n");
        Mail mail = awaitOneIn(server, "spf-fail");
        assertThat(EvidenceAttributes.readVerdict(mail, "SpfFail")).map(Verdict::reason)
            .contains("SPF fail for mailfrom user@fail.spf.test from 127.0.0.10");
        assertThat(mail.getMessage().getHeader("Received-SPF")).singleElement().asString()
            .startsWith("fail (domain of user@fail.spf.test does not designate 127.0.0.10 as permitted sender)");
    }

    @Test
    void gtubeShouldBeScoredByTheRealSpamd(GuiceJamesServer server) throws Exception {
        send(server, "127.0.0.10", "mail.loopback.example.test", "user@nospf.spf.test", "Subject: gtube\r\n\r\n" + GTUBE + "\r\n");
        Mail mail = awaitOneIn(server, "spam-high");
        assertThat(EvidenceAttributes.read(mail).spam().get(mail.getName()).score()).isGreaterThanOrEqualTo(1000.0);
        assertThat(EvidenceAttributes.readVerdict(mail, "HighSpamScore")).map(Verdict::reason).hasValueSatisfying(r ->
            assertThat(r).matches("spam score 100\\d\\.\\d+ \\(required 5\\.0, threshold 15\\.0\\) \\(.*GTUBE.*\\)"));
    }

    @Test
    void cleanClientShouldPassEveryMatcherWithEvidenceRecorded(GuiceJamesServer server) throws Exception {
        send(server, "127.0.0.10", "mail.loopback.example.test", "user@nospf.spf.test", "Subject: ham\r\n\r\nhello\r\n");
        Mail mail = awaitOneIn(server, "accepted");
        assertThat(EvidenceAttributes.verdicts(mail)).extracting(Verdict::check, Verdict::outcome).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("RemoteAddrInDnsbl", Verdict.Outcome.NO_MATCH),
            org.assertj.core.groups.Tuple.tuple("BadHelo", Verdict.Outcome.NO_MATCH),
            org.assertj.core.groups.Tuple.tuple("NoMatchingPtr", Verdict.Outcome.NO_MATCH),
            org.assertj.core.groups.Tuple.tuple("DynamicRdns", Verdict.Outcome.NO_MATCH),
            org.assertj.core.groups.Tuple.tuple("SpfFail", Verdict.Outcome.NO_MATCH),
            org.assertj.core.groups.Tuple.tuple("HighSpamScore", Verdict.Outcome.NO_MATCH));
        assertThat(EvidenceAttributes.read(mail).forwardConfirmation()).hasValueSatisfying(fc ->
            assertThat(fc.confirmedNames()).containsExactly("mail.loopback.example.test"));
    }
}
