package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.MimeMessage;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.evidence.EvidenceAttributes;
import org.accessdenied.smtp.AdmissionHook;
import org.accessdenied.testkit.FaultyDnsProxy;
import org.accessdenied.testkit.NsdServer;
import org.accessdenied.testkit.SpamdServer;
import org.accessdenied.testkit.TestMessages;

/**
 * The admission hook inside a real James 3.8.1 (in-process), with the policy of {@code admission/mailetcontainer.xml},
 * a real nsd behind a proxy that silences the PTR of 127.0.0.14 and slow.spf.test and delays late.spf.test by 400 ms
 * (less than the RCPT TO's deadline, 1.2 s), a real spamd, and a real SMTP
 * client connecting from the loopback addresses the test zones describe.
 */
class AdmissionHookInJamesTest {
    private static final FaultyDnsProxy DNS = FaultyDnsProxy
        .startInFrontOf(new InetSocketAddress("127.0.0.1", NsdServer.shared().port()))
        .silence("14.0.0.127.in-addr.arpa")
        .silence("slow.spf.test")
        .delay("late.spf.test", Duration.ofMillis(400));
    private static final ListAppender<ILoggingEvent> DECISIONS = new ListAppender<>();
    private static final Pattern WAITED = Pattern.compile(" waited=(\\d+)ms");

    static {
        System.setProperty(EngineSettings.DNS_OVERRIDE_PROPERTY, DNS.hostAndPort());
        System.setProperty(EngineSettings.SPAMD_OVERRIDE_PROPERTY, SpamdServer.shared().hostAndPort());
        DECISIONS.start();
        ((Logger) LoggerFactory.getLogger(AdmissionHook.class)).addAppender(DECISIONS);
    }

    @RegisterExtension
    static JamesServerExtension james = new JamesServerBuilder<MemoryJamesConfiguration>(tmp -> {
            copyConfiguration(tmp.toPath().resolve("conf"));
            return MemoryJamesConfiguration.builder().workingDirectory(tmp)
                .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT).build();
        })
        .server(MemoryJamesServerMain::createServer)
        .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
        .build();

    /** James's own test configuration, with the files of {@code admission/} over it. */
    static void copyConfiguration(Path conf) {
        try {
            Files.createDirectories(conf);
            for (String file : List.of("dnsservice.xml", "domainlist.xml", "imapserver.xml", "lmtpserver.xml", "mailrepositorystore.xml",
                "managesieveserver.xml", "usersrepository.xml", "listeners.xml", "keystore", "jwt_publickey")) {
                try (InputStream in = AdmissionHookInJamesTest.class.getResourceAsStream("/" + file)) {
                    if (in != null) {
                        Files.copy(in, conf.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            for (String file : List.of("smtpserver.xml", "mailetcontainer.xml", "access-denied.properties")) {
                try (InputStream in = AdmissionHookInJamesTest.class.getResourceAsStream("/admission/" + file)) {
                    Files.copy(in, conf.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void users(GuiceJamesServer server) throws Exception {
        server.getProbe(DataProbeImpl.class).fluent().addDomain("example.local").addUser("alice@example.local", "secret")
            .addUser("postmaster@example.local", "secret").addUser("abuse@example.local", "secret");
    }

    @AfterEach
    void nothingEverLeftTheServer(GuiceJamesServer server) throws Exception {
        // no backscatter: nothing was queued to a remote address (the test senders), and nothing went to error
        assertThat(count(server, "outgoing")).isZero();
        assertThat(count(server, "error")).isZero();
    }

    private static int port(GuiceJamesServer server) {
        return server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
    }

    private static long count(GuiceJamesServer server, String repository) throws Exception {
        return server.getProbe(MailRepositoryProbeImpl.class).getRepositoryMailCount(url(repository));
    }

    private static MailRepositoryUrl url(String repository) {
        return MailRepositoryUrl.from("memory://var/mail/" + repository + "/");
    }

    private static Mail takeOne(GuiceJamesServer server, String repository) throws Exception {
        MailRepositoryProbeImpl probe = server.getProbe(MailRepositoryProbeImpl.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> probe.getRepositoryMailCount(url(repository)) >= 1);
        List<MailKey> keys = probe.listMailKeys(url(repository));
        assertThat(keys).hasSize(1);
        Mail mail = probe.getMail(url(repository), keys.get(0));
        probe.getMailRepositoryStore().get(url(repository)).orElseThrow().remove(keys.get(0));
        return mail;
    }

    /** EHLO, MAIL FROM, RCPT TO: the RCPT reply. */
    private static String rcptReply(GuiceJamesServer server, String from, String helo, String sender, String recipient) throws Exception {
        return SmtpDialogue.rcptReply(from, port(server), helo, sender, recipient);
    }

    private static String send(GuiceJamesServer server, String from, String helo, String sender, byte[] message) throws Exception {
        return SmtpDialogue.send(from, port(server), helo, sender, "alice@example.local", message, Duration.ZERO);
    }

    private static byte[] plain(String subject) {
        return ("From: sender@example.net\r\nTo: alice@example.local\r\nSubject: " + subject + "\r\n\r\nhello\r\n").getBytes();
    }

    @Test
    void listedClientShouldBeRefusedAtRcptWithTheZoneAndItsReason(GuiceJamesServer server) throws Exception {
        assertThat(rcptReply(server, "127.0.0.2", "mail.example.test", "someone@nospf.spf.test", "alice@example.local"))
            .isEqualTo("554 5.7.1 127.0.0.2 is listed on bl.test (127.0.0.2: RFC 5782 test point); ask the list operator to delist 127.0.0.2");
    }

    @Test
    void txtRecordWithCrLfShouldNotSplitTheReply(GuiceJamesServer server) throws Exception {
        String reply = rcptReply(server, "127.0.0.3", "listed.loopback.example.test", "someone@nospf.spf.test", "alice@example.local");
        // one reply line: dnsjava hands TXT control bytes over escaped (\013\010), the reply formatter would replace raw ones
        assertThat(reply).startsWith("554 5.7.1 127.0.0.3 is listed on bl.test (127.0.0.3: Spam source").doesNotContain("\r").doesNotContain("\n")
            .doesNotContain("\n250 ").endsWith("; see http://bl.test/127.0.0.3");
    }

    @Test
    void clientWithoutPtrShouldBeRefusedWithTheTemplateReply(GuiceJamesServer server) throws Exception {
        assertThat(rcptReply(server, "127.0.0.11", "mail.example.test", "someone@nospf.spf.test", "alice@example.local"))
            .startsWith("550 5.7.1 Client host [127.0.0.11] has no forward-confirmed reverse DNS (no PTR record for 127.0.0.11); ");
    }

    @Test
    void ptrThatDoesNotResolveBackShouldBeRefused(GuiceJamesServer server) throws Exception {
        assertThat(rcptReply(server, "127.0.0.12", "mail.example.test", "someone@nospf.spf.test", "alice@example.local"))
            .startsWith("550 5.7.1 Client host [127.0.0.12] has no forward-confirmed reverse DNS (PTR of 127.0.0.12 does not resolve back");
    }

    @Test
    void dynamicRdnsShouldBeRefused(GuiceJamesServer server) throws Exception {
        assertThat(rcptReply(server, "127.0.0.13", "127-0-0-13.dyn.pool.example.test", "someone@nospf.spf.test", "alice@example.local"))
            .startsWith("550 5.7.1 127.0.0.13 has a dynamic/residential PTR: ");
    }

    @Test
    void badHeloShouldBeRefusedWithTheHeloInTheReply(GuiceJamesServer server) throws Exception {
        assertThat(rcptReply(server, "127.0.0.10", "localhost", "someone@nospf.spf.test", "alice@example.local"))
            .startsWith("550 5.7.1 Bad HELO localhost: not-fqdn: HELO 'localhost' is not a fully qualified domain name");
        assertThat(rcptReply(server, "127.0.0.10", "[127.0.0.99]", "someone@nospf.spf.test", "alice@example.local"))
            .startsWith("550 5.7.1 Bad HELO [127.0.0.99]: ");
    }

    @Test
    void spfFailShouldBeRefused(GuiceJamesServer server) throws Exception {
        assertThat(rcptReply(server, "127.0.0.10", "mail.loopback.example.test", "user@fail.spf.test", "alice@example.local"))
            .startsWith("550 5.7.1 SPF fail for mailfrom user@fail.spf.test from 127.0.0.10");
    }

    @Test
    void dnsTimeoutShouldDeferWith451AndNever5xx(GuiceJamesServer server) throws Exception {
        String reply = rcptReply(server, "127.0.0.14", "slow.loopback.example.test", "someone@nospf.spf.test", "alice@example.local");
        assertThat(reply).startsWith("451 4.7.1 ").endsWith("; please try again later");
        // James keeps serving: the next client is answered normally
        assertThat(rcptReply(server, "127.0.0.10", "mail.loopback.example.test", "someone@nospf.spf.test", "alice@example.local")).startsWith("250");
    }

    /**
     * James 3.8.1 runs hooks on its network threads, here one for every connection (ioWorkerCount 1). A client whose
     * PTR lookup is on its way (it times out after dns.timeout, 1 s) and that pipelines MAIL FROM and RCPT TO, as MTAs
     * do, has them left in the socket after its EHLO until then, so another client's whole dialogue is served
     * meanwhile; a hook that waited at RCPT TO would have held the one thread.
     */
    @Test
    void pipeliningClientWaitingForItsLookupsShouldNotHoldUpAnotherClient(GuiceJamesServer server) throws Exception {
        try (SmtpDialogue slow = SmtpDialogue.connect("127.0.0.14", port(server))) {
            assertThat(slow.ehlo("slow.loopback.example.test")).startsWith("250");
            CompletableFuture<List<String>> slowReplies = inBackground(() -> slow.mailFromAndRcptTos("someone@nospf.spf.test", "alice@example.local"));

            assertThat(rcptReply(server, "127.0.0.10", "mail.loopback.example.test", "someone@nospf.spf.test", "alice@example.local"))
                .startsWith("250");
            assertThat(slowReplies).as("the slow client is answered once its PTR lookup times out, not before").isNotDone();
            assertThat(slowReplies.get(10, TimeUnit.SECONDS)).satisfiesExactly(
                mail -> assertThat(mail).startsWith("250"), rcpt -> assertThat(rcpt).startsWith("451 4.7.1 "));
        }
        // the decision line's waited= counts the time the commands spent unread: most of the PTR's 1 s timeout
        assertThat(lastWaitedMillis("127.0.0.14")).isGreaterThanOrEqualTo(500);
    }

    /**
     * The same for a client that does not pipeline and whose sender's SPF record is on its way (the TXT lookup of
     * slow.spf.test times out after 1 s): its RCPT TO is left in the socket after MAIL FROM.
     */
    @Test
    void clientWaitingForItsSpfShouldNotHoldUpAnotherClient(GuiceJamesServer server) throws Exception {
        try (SmtpDialogue slow = SmtpDialogue.connect("127.0.0.10", port(server))) {
            assertThat(slow.ehlo("mail.loopback.example.test")).startsWith("250");
            assertThat(slow.mailFrom("someone@slow.spf.test")).startsWith("250");
            CompletableFuture<String> slowRcpt = inBackground(() -> slow.rcptTo("bob@example.local"));

            assertThat(rcptReply(server, "127.0.0.10", "mail.loopback.example.test", "someone@nospf.spf.test", "alice@example.local"))
                .startsWith("250");
            assertThat(slowRcpt).as("the slow client's RCPT TO is answered once its SPF lookup times out, not before").isNotDone();
            assertThat(slowRcpt.get(10, TimeUnit.SECONDS)).doesNotStartWith("5");
        }
        assertThat(lastWaitedMillis("127.0.0.10", "rcpt=bob@example.local")).isGreaterThanOrEqualTo(500);
    }

    /** A dialogue step run on another thread, so that the test can act while the step waits for its replies. */
    private static <T> CompletableFuture<T> inBackground(Callable<T> step) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return step.call();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    /** waited= of the last decision line of {@code client} that holds all of {@code parts}. */
    private static long lastWaitedMillis(String client, String... parts) {
        String line = lastDecision(client, parts);
        Matcher waited = WAITED.matcher(line);
        assertThat(waited.find()).as(line).isTrue();
        return Long.parseLong(waited.group(1));
    }

    /**
     * A sender that pipelines MAIL FROM and RCPT TO, as MTAs do, names a domain whose SPF is not in when RCPT TO is
     * read (its answers come 400 ms late): without the end-of-DATA decision the RCPT TO would wait for it, holding a
     * James thread, and get the 550. The RCPT TO is accepted, and the message is refused at the end of DATA with the
     * SPF rule's own reply; nothing is delivered, nothing bounces.
     */
    @Test
    void pipelinedRcptWhoseSpfIsNotInShouldBeRefusedAtTheEndOfDataWithTheSpfReply(GuiceJamesServer server) throws Exception {
        String sender = "user@refused.fails.late.spf.test";
        assertThat(SmtpDialogue.sendPipelined("127.0.0.10", port(server), "mail.loopback.example.test", sender, "alice@example.local",
            plain("late SPF fail"))).startsWith("550 5.7.1 SPF fail for mailfrom " + sender + " from 127.0.0.10");
        assertThat(lastDecision("127.0.0.10", "from=" + sender))
            .startsWith("admission reject rule 6 (org.accessdenied.matchers.SpfFail)")
            .contains(" rcpt=alice@example.local decided=end-of-data ");
        assertThat(deliveredFrom(server, sender)).isZero();
    }

    @Test
    void pipelinedRcptWhoseSpfPassesLateShouldBeDelivered(GuiceJamesServer server) throws Exception {
        String sender = "user@delivered.passes.late.spf.test";
        assertThat(SmtpDialogue.sendPipelined("127.0.0.10", port(server), "mail.loopback.example.test", sender, "alice@example.local",
            plain("late SPF pass"))).startsWith("250");
        assertThat(takeOne(server, "delivered").getMaybeSender().asString()).isEqualTo(sender);
        assertThat(lastDecision("127.0.0.10", "from=" + sender, "rcpt=alice@example.local")).startsWith("admission pass ").contains(" decided=end-of-data ");
    }

    /**
     * postmaster stays reachable: in a transaction whose other recipients wait for the end of DATA, it waits for that
     * decision at its RCPT TO, and as the decision refuses, it is sent to a transaction of its own (452 4.5.3), where
     * it is accepted; the end-of-DATA refusal never refuses it.
     */
    @Test
    void postmasterInAPipelinedTransactionRefusedAtTheEndOfDataShouldBeSentToATransactionOfItsOwn(GuiceJamesServer server) throws Exception {
        String sender = "user@postmaster.fails.late.spf.test";
        try (SmtpDialogue smtp = SmtpDialogue.connect("127.0.0.10", port(server))) {
            assertThat(smtp.ehlo("mail.loopback.example.test")).startsWith("250");
            assertThat(smtp.mailFromAndRcptTos(sender, "alice@example.local", "postmaster@example.local")).satisfiesExactly(
                mail -> assertThat(mail).startsWith("250"),
                alice -> assertThat(alice).startsWith("250"),
                postmaster -> assertThat(postmaster).startsWith("452 4.5.3 "));
            assertThat(smtp.data(plain("to alice and postmaster"))).startsWith("550 5.7.1 SPF fail");

            assertThat(smtp.mailFromAndRcptTos(sender, "postmaster@example.local")).allSatisfy(reply -> assertThat(reply).startsWith("250"));
            assertThat(smtp.data(plain("to postmaster alone"))).startsWith("250");
        }
        Mail delivered = takeOne(server, "delivered");
        assertThat(delivered.getRecipients()).extracting(Object::toString).containsExactly("postmaster@example.local");
        assertThat(delivered.getMessage().getSubject()).isEqualTo("to postmaster alone");
    }

    /** The last decision line of {@code client} that holds all of {@code parts}. */
    private static String lastDecision(String client, String... parts) {
        return DECISIONS.list.stream().map(ILoggingEvent::getFormattedMessage)
            .filter(l -> l.contains("client=" + client + " ") && Arrays.stream(parts).allMatch(l::contains))
            .reduce((first, last) -> last).orElseThrow();
    }

    private static long deliveredFrom(GuiceJamesServer server, String sender) throws Exception {
        MailRepositoryProbeImpl probe = server.getProbe(MailRepositoryProbeImpl.class);
        long count = 0;
        for (MailKey key : probe.listMailKeys(url("delivered"))) {
            if (probe.getMail(url("delivered"), key).getMaybeSender().asString().equals(sender)) {
                count++;
            }
        }
        return count;
    }

    @Test
    void postmasterShouldStayReachableFromARefusedClient(GuiceJamesServer server) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect("127.0.0.2", port(server))) {
            smtp.ehlo("mail.example.test");
            smtp.mailFrom("someone@nospf.spf.test");
            assertThat(smtp.rcptTo("alice@example.local")).startsWith("554");
            assertThat(smtp.rcptTo("postmaster@example.local")).startsWith("250");
            assertThat(smtp.rcptTo("abuse@example.local")).startsWith("250");
        }
    }

    @Test
    void allowedNetworkShouldPassThePolicy(GuiceJamesServer server) throws Exception {
        // 127.0.0.15 has no PTR, but the allow rule comes first
        assertThat(send(server, "127.0.0.15", "mail.example.test", "someone@nospf.spf.test", plain("allowed"))).startsWith("250");
        assertThat(takeOne(server, "delivered").getRecipients()).extracting(Object::toString).containsExactly("alice@example.local");
    }

    @Test
    void authenticatedSessionShouldBeExempt(GuiceJamesServer server) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect("127.0.0.2", port(server))) {
            smtp.ehlo("laptop");
            assertThat(smtp.auth("alice@example.local", "secret")).startsWith("235");
            assertThat(smtp.mailFrom("alice@example.local")).startsWith("250");
            assertThat(smtp.rcptTo("alice@example.local")).startsWith("250");
            assertThat(smtp.data(plain("from my laptop"))).startsWith("250");
        }
        takeOne(server, "delivered");
    }

    @Test
    void observedRuleShouldDeliverWithAHeaderAndALogLine(GuiceJamesServer server) throws Exception {
        assertThat(send(server, "127.0.0.10", "mail.loopback.example.test", "user@softfail.spf.test", plain("softfail"))).startsWith("250");
        Mail mail = takeOne(server, "delivered");
        assertThat(mail.getMessage().getHeader(AdmissionHook.OBSERVED_HEADER)).singleElement().asString()
            .startsWith("rule 7 (org.accessdenied.matchers.SpfFail=softfail): would reply 550 5.7.1 SPF softfail");
        assertThat(DECISIONS.list).extracting(ILoggingEvent::getFormattedMessage)
            .anyMatch(line -> line.startsWith("admission would-reject rule 7") && line.contains("from=user@softfail.spf.test"));
    }

    @Test
    void acceptedMailShouldCarryTheEvidenceSoTheSpoolerAsksNothingAgain(GuiceJamesServer server) throws Exception {
        send(server, "127.0.0.10", "mail.loopback.example.test", "someone@nospf.spf.test", plain("ham"));
        Mail mail = takeOne(server, "delivered");
        assertThat(EvidenceAttributes.read(mail).forwardConfirmation()).hasValueSatisfying(fc ->
            assertThat(fc.confirmedNames()).containsExactly("mail.loopback.example.test"));
        assertThat(EvidenceAttributes.read(mail).dnsbl()).containsKey("bl.test");
        // what the distributed server's mail queue does to attributes: every one the pack set survives JSON
        List<org.apache.mailet.Attribute> ours = mail.attributes()
            .filter(a -> a.getName().asString().startsWith(EvidenceAttributes.PREFIX)).collect(java.util.stream.Collectors.toList());
        assertThat(ours).extracting(a -> a.getName().asString()).contains("accessdenied.client", "accessdenied.ptr", "accessdenied.fcrdns",
            "accessdenied.dnsbl", "accessdenied.spf", "accessdenied.spam", "accessdenied.verdict.HighSpamScore");
        for (org.apache.mailet.Attribute attribute : ours) {
            String json = attribute.getValue().toJson().orElseThrow(() -> new AssertionError(attribute + " has no JSON form")).toString();
            assertThat(org.apache.mailet.AttributeValue.fromJsonString(json)).as(attribute.getName().asString()).isEqualTo(attribute.getValue());
        }
    }

    @Test
    void gtubeShouldBeAcceptedThenSilentlyDiscardedIntoQuarantine(GuiceJamesServer server) throws Exception {
        byte[] gtube = TestMessages.smtp("gtube.eml");
        assertThat(send(server, "127.0.0.10", "mail.loopback.example.test", "spammer@nospf.spf.test", gtube)).startsWith("250");
        Mail quarantined = takeOne(server, "quarantine");
        assertThat(quarantined.getMaybeSender().asString()).isEqualTo("spammer@nospf.spf.test");
        // the DATA-stage rule (HighSpamScore=500, observe) saw the score spamd gave
        assertThat(quarantined.getMessage().getHeader(AdmissionHook.OBSERVED_HEADER)).singleElement().asString()
            .startsWith("rule 9 (org.accessdenied.matchers.HighSpamScore=500): would reply 550 5.7.1 spam score 10");
        assertThat(count(server, "delivered")).isZero();
    }

    @Test
    void middleBandShouldArriveAsAWarningWithTheOriginalAttachedByteForByte(GuiceJamesServer server) throws Exception {
        byte[] original = TestMessages.smtp("middle-band.eml");
        assertThat(send(server, "127.0.0.10", "mail.loopback.example.test", "deals@nospf.spf.test", original)).startsWith("250");
        Mail warning = takeOne(server, "delivered");
        MimeMessage message = warning.getMessage();
        assertThat(message.getSubject()).startsWith("[SPAM?] ");
        assertThat(warning.getRecipients()).extracting(Object::toString).containsExactly("alice@example.local");
        Part attached = ((Multipart) message.getContent()).getBodyPart(1);
        assertThat(attached.getContentType()).startsWith("message/rfc822");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        attached.getDataHandler().writeTo(bytes);
        assertThat(withoutTraceHeaders(bytes.toByteArray())).isEqualTo(original);
    }

    /** James prepends its Received header (and nothing else) to what the client sent. */
    static byte[] withoutTraceHeaders(byte[] stored) {
        return TraceFields.strip(stored, "Received:");
    }

    @Test
    void contentRuleShouldRefuseAtTheEndOfDataOnlyWithAScoreFromATrustedSource(GuiceJamesServer server) throws Exception {
        byte[] flagged = ("From: a@nospf.spf.test\r\nTo: alice@example.local\r\nSubject: scored upstream\r\n"
            + "X-Spam-Score: 9999.0\r\n\r\nhello\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        // 127.0.0.16 is the trusted upstream filter: its score decides, at the end of DATA, before anything is accepted
        assertThat(send(server, "127.0.0.16", "filter.loopback.example.test", "a@nospf.spf.test", flagged))
            .startsWith("550 5.7.1 spam score 9999.0 (required 5.0, threshold 5000.0)");
        // the same header from anybody else is not believed: spamd scores the mail, which is delivered
        assertThat(send(server, "127.0.0.10", "mail.loopback.example.test", "a@nospf.spf.test", flagged)).startsWith("250");
        takeOne(server, "delivered");
    }

    @Test
    void ruleReachedAfterAcceptanceShouldStoreAndNeverBounce(GuiceJamesServer server) throws Exception {
        assertThat(send(server, "127.0.0.10", "mail.loopback.example.test", "after@nospf.spf.test", plain("late rule"))).startsWith("250");
        assertThat(takeOne(server, "rejected-after-acceptance").getMaybeSender().asString()).isEqualTo("after@nospf.spf.test");
        assertThat(count(server, "delivered")).isZero();
    }
}
