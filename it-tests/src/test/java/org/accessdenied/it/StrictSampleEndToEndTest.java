package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.commons.net.imap.IMAPClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.accessdenied.launcher.JamesLine;
import org.accessdenied.testkit.FaultyDnsProxy;
import org.accessdenied.testkit.NsdServer;
import org.accessdenied.testkit.SpamdServer;
import org.accessdenied.testkit.TestMessages;

/**
 * End to end: James started as the run command starts it, with {@code conf-samples/strict} unchanged, the line's drop-in
 * jar loaded from extensions-jars/, the pack's DNS answered by nsd (test stand-ins for zen.spamhaus.org and
 * bl.spamcop.net, the loopback clients' reverse zone, SPF domains) behind a proxy the test can silence, a real spamd,
 * and real SMTP and IMAP clients connecting from the loopback addresses the zones describe. TLS as the sample sets it:
 * STARTTLS offered on port 25 and needed before AUTH on 587 and before LOGIN on IMAP, with the self-signed certificate
 * the launcher made (the clients trust exactly that one). IPv6 clients too, from documentation addresses put on lo
 * ({@link Ipv6Clients}; as root, else those tests are skipped) to SMTP on ::1: DNSBL nibble queries, ip6.arpa PTRs
 * confirmed by AAAA, SPF {@code ip6:}. One subclass per James line ({@link StrictSampleOnJames38Test},
 * {@link StrictSampleOnJames39Test}): the same scenarios, the same replies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StrictSampleEndToEndTest {
    private FaultyDnsProxy dns;
    private RunningJames james;

    private final JamesLine line;

    StrictSampleEndToEndTest(JamesLine line) {
        this.line = line;
    }

    /** The James line this class runs against. */
    JamesLine line() {
        return line;
    }

    @BeforeAll
    void start() throws Exception {
        dns = FaultyDnsProxy.startInFrontOf(new InetSocketAddress("127.0.0.1", NsdServer.shared().port()));
        Path home = Files.createTempDirectory("access-denied-strict-" + line().line() + "-");
        james = RunningJames.start(line(), RunningJames.ROOT.resolve("conf-samples/strict"), home, dns.hostAndPort(), SpamdServer.shared().hostAndPort(), true);
        james.addDomainAndUsers("example.local", "alice", "bob", "carol", "dave", "erin", "frank", "grace", "postmaster", "abuse");
    }

    @AfterAll
    void noBackscatterAndStop() throws Exception {
        try {
            // nothing was ever queued to a remote address (every test sender is one), nothing went to the error repository
            assertThat(james.queue("outgoing")).isEqualTo("[]");
            assertThat(james.repositorySize("var/mail/error/")).isZero();
            assertThat(james.isAlive()).isTrue();
        } finally {
            if (james != null) {
                james.close();
            }
            dns.close();
        }
    }

    private String rcptReply(String from, String helo, String sender, String recipient) throws Exception {
        return SmtpDialogue.rcptReply(from, james.smtpPort(), helo, sender, recipient);
    }

    private String send(String from, String helo, String sender, String recipient, byte[] message) throws Exception {
        return SmtpDialogue.send(from, james.smtpPort(), helo, sender, recipient, message, Duration.ZERO);
    }

    /** A submission session that said EHLO and STARTTLS, trusting the certificate of James's home: EHLO is next. */
    private SmtpDialogue submissionAfterStartTls(String from) throws Exception {
        SmtpDialogue smtp = SmtpDialogue.connect(from, james.submissionPort());
        smtp.ehlo("laptop");
        assertThat(smtp.startTls(TlsTrust.of(james.home()))).startsWith("220");
        return smtp;
    }

    private static byte[] plain(String to, String subject) {
        return plain(CLEAN_SENDER, to, subject);
    }

    private static byte[] plain(String from, String to, String subject) {
        return ("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n\r\nHello, an ordinary message.\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    }

    private static final String CLEAN_IP = "127.0.0.10";
    private static final String CLEAN_HELO = "mail.loopback.example.test";
    private static final String CLEAN_SENDER = "news@loopback-only.example.test";

    @Test
    void listedClientShouldGet554AtRcptNamingTheZone() throws Exception {
        assertThat(rcptReply("127.0.0.2", "mail.example.test", CLEAN_SENDER, "alice@example.local"))
            .startsWith("554 5.7.1 127.0.0.2 is listed on zen.spamhaus.org (127.0.0.2: zen.spamhaus.org test point");
    }

    @Test
    void clientWithoutPtrShouldBeRefused() throws Exception {
        assertThat(rcptReply("127.0.0.11", "mail.example.test", CLEAN_SENDER, "alice@example.local"))
            .startsWith("550 5.7.1 ").contains("no PTR record for 127.0.0.11");
    }

    @Test
    void ptrMismatchShouldBeRefused() throws Exception {
        assertThat(rcptReply("127.0.0.12", "mail.example.test", CLEAN_SENDER, "alice@example.local"))
            .startsWith("550 5.7.1 ").contains("PTR of 127.0.0.12 does not resolve back");
    }

    @Test
    void dynamicRdnsShouldBeRefused() throws Exception {
        assertThat(rcptReply("127.0.0.13", "127-0-0-13.dyn.pool.example.test", CLEAN_SENDER, "alice@example.local"))
            .startsWith("550 5.7.1 ").contains("127.0.0.13 has a dynamic/residential PTR");
    }

    private static final String CLEAN_HELO6 = "mail6.loopback.example.test";
    private static final String CLEAN_SENDER6 = "news@loopback6.spf.test";

    @Test
    void listedIpv6ClientShouldGet554AtRcptNamingTheZone() throws Exception {
        Ipv6Clients.assumeOnLoopback();
        assertThat(rcptReply(Ipv6Clients.LISTED, "mail.example.test", CLEAN_SENDER6, "alice@example.local"))
            .startsWith("554 5.7.1 2001:db8::2 is listed on zen.spamhaus.org (127.0.0.2: zen.spamhaus.org test point");
    }

    @Test
    void ipv6ClientWithoutPtrShouldBeRefused() throws Exception {
        Ipv6Clients.assumeOnLoopback();
        assertThat(rcptReply(Ipv6Clients.NO_PTR, "mail.example.test", CLEAN_SENDER6, "alice@example.local"))
            .startsWith("550 5.7.1 ").contains("no PTR record for 2001:db8::11");
    }

    @Test
    void ipv6ClientWithDynamicRdnsShouldBeRefused() throws Exception {
        Ipv6Clients.assumeOnLoopback();
        assertThat(rcptReply(Ipv6Clients.DYNAMIC, "2001-db8-0-0-0-0-0-13.dyn6.pool.example.test", CLEAN_SENDER6, "alice@example.local"))
            .startsWith("550 5.7.1 ").contains("2001:db8::13 has a dynamic/residential PTR");
    }

    @Test
    void cleanIpv6ClientShouldBeDeliveredWhenSpfAuthorisesItWithIp6() throws Exception {
        Ipv6Clients.assumeOnLoopback();
        assertThat(send(Ipv6Clients.CLEAN, CLEAN_HELO6, CLEAN_SENDER6, "grace@example.local",
            plain(CLEAN_SENDER6, "grace@example.local", "over IPv6"))).startsWith("250");
        assertThat(new String(james.awaitInbox("grace@example.local", 1).get(0), StandardCharsets.ISO_8859_1)).contains("Subject: over IPv6");
    }

    @Test
    void cleanIpv6ClientShouldBeRefusedWhenSpfIp6NamesAnotherNetwork() throws Exception {
        Ipv6Clients.assumeOnLoopback();
        assertThat(rcptReply(Ipv6Clients.CLEAN, CLEAN_HELO6, "user@elsewhere6.spf.test", "alice@example.local"))
            .startsWith("550 5.7.1 SPF fail for mailfrom user@elsewhere6.spf.test from 2001:db8::10");
    }

    @Test
    void eachKindOfBadHeloShouldBeRefusedWithItsName() throws Exception {
        assertThat(rcptReply(CLEAN_IP, "localhost", CLEAN_SENDER, "alice@example.local")).startsWith("550 5.7.1 ").contains("not-fqdn: HELO 'localhost'");
        assertThat(rcptReply(CLEAN_IP, "127.0.0.10", CLEAN_SENDER, "alice@example.local")).startsWith("550 5.7.1 ").contains("bare-ip: HELO '127.0.0.10'");
        assertThat(rcptReply(CLEAN_IP, "[127.0.0.99]", CLEAN_SENDER, "alice@example.local")).startsWith("550 5.7.1 ").contains("literal-mismatch: HELO '[127.0.0.99]'");
        assertThat(rcptReply(CLEAN_IP, "mail", CLEAN_SENDER, "alice@example.local")).startsWith("550 5.7.1 ").contains("not-fqdn: HELO 'mail'");
        assertThat(rcptReply(CLEAN_IP, "example.local", CLEAN_SENDER, "alice@example.local")).startsWith("550 5.7.1 ").contains("our-name: HELO 'example.local' claims to be this server");
    }

    @Test
    void heloWithBadSyntaxShouldBeRefused() throws Exception {
        if (line() == JamesLine.JAMES_38) {
            assertThat(rcptReply(CLEAN_IP, "bad_helo!.example", CLEAN_SENDER, "alice@example.local"))
                .startsWith("550 5.7.1 ").contains("syntax: HELO 'bad_helo!.example'");
        } else {
            // James 3.9 refuses a HELO that is no domain name at the EHLO itself, before any hook sees it
            try (SmtpDialogue smtp = SmtpDialogue.connect(CLEAN_IP, james.smtpPort())) {
                assertThat(smtp.ehlo("bad_helo!.example")).startsWith("501 5.5.2 ");
            }
        }
    }

    @Test
    void spfFailShouldBeRefusedAndSoftfailAccepted() throws Exception {
        assertThat(rcptReply(CLEAN_IP, CLEAN_HELO, "user@fail.spf.test", "alice@example.local"))
            .startsWith("550 5.7.1 SPF fail for mailfrom user@fail.spf.test from 127.0.0.10");
        assertThat(send(CLEAN_IP, CLEAN_HELO, "user@softfail.spf.test", "bob@example.local", plain("bob@example.local", "softfail")))
            .startsWith("250");
        assertThat(new String(james.awaitInbox("bob@example.local", 1).get(0), StandardCharsets.ISO_8859_1)).contains("Subject: softfail");
    }

    /**
     * A sender that pipelines MAIL FROM and RCPT TO, as MTAs do, with a sender domain whose SPF answers come 400 ms
     * late: its RCPT TO is accepted without waiting for them, and its message refused at the end of DATA with the
     * sample's SPF reply. A sender that does not pipeline is refused at RCPT TO, as before. (A test that heals the
     * proxy ends the delay: it is set here.)
     */
    @Test
    void pipelinedSenderWhoseSpfFailsLateShouldBeRefusedAtTheEndOfData() throws Exception {
        String sender = "user@strict.fails.late.spf.test";
        dns.delay("late.spf.test", Duration.ofMillis(400));
        assertThat(SmtpDialogue.sendPipelined(CLEAN_IP, james.smtpPort(), CLEAN_HELO, sender, "dave@example.local",
            plain(sender, "dave@example.local", "late SPF fail"))).startsWith("550 5.7.1 SPF fail for mailfrom " + sender + " from 127.0.0.10");
        assertThat(rcptReply(CLEAN_IP, CLEAN_HELO, sender, "dave@example.local")).startsWith("550 5.7.1 SPF fail for mailfrom " + sender);
    }

    @Test
    void hamShouldBeDeliveredUnchangedApartFromTraceHeaders() throws Exception {
        byte[] ham = TestMessages.smtp("ham.eml");
        assertThat(send(CLEAN_IP, CLEAN_HELO, CLEAN_SENDER, "carol@example.local", ham)).startsWith("250");
        String delivered = new String(james.awaitInbox("carol@example.local", 1).get(0), StandardCharsets.ISO_8859_1);
        String sent = new String(ham, StandardCharsets.ISO_8859_1);
        // the body byte for byte; the same header fields. Their order is James's business: the RemoveMimeHeader bcc
        // James requires in "transport" calls saveChanges, which moves MIME-Version to the top.
        assertThat(body(delivered)).isEqualTo(body(sent));
        assertThat(headerFields(delivered)).containsExactlyInAnyOrderElementsOf(headerFields(sent));
    }

    private static String body(String message) {
        return message.substring(message.indexOf("\r\n\r\n") + 4);
    }

    /** Unfolded header fields, without the trace fields the receiving side adds. */
    private static List<String> headerFields(String message) {
        String block = message.substring(0, message.indexOf("\r\n\r\n") + 2).replace("\r\n ", " ").replace("\r\n\t", "\t");
        return java.util.Arrays.stream(block.split("\r\n"))
            .filter(f -> !f.startsWith("Received:") && !f.startsWith("Return-Path:") && !f.startsWith("Delivered-To:"))
            .collect(java.util.stream.Collectors.toList());
    }

    @Test
    void gtubeShouldBeAcceptedThenDiscardedIntoQuarantineAndReachNobody() throws Exception {
        long before = james.repositorySize("var/mail/quarantine/");
        assertThat(send(CLEAN_IP, CLEAN_HELO, CLEAN_SENDER, "dave@example.local", TestMessages.smtp("gtube.eml"))).startsWith("250");
        await().atMost(Duration.ofSeconds(30)).until(() -> james.repositorySize("var/mail/quarantine/") == before + 1);
        assertThat(james.inbox("dave@example.local")).isEmpty();
    }

    @Test
    void middleBandShouldArriveAsAWarningWithTheOriginalAttachedByteForByte() throws Exception {
        byte[] original = TestMessages.smtp("middle-band.eml");
        assertThat(send(CLEAN_IP, CLEAN_HELO, CLEAN_SENDER, "erin@example.local", original)).startsWith("250");
        MimeMessage warning = new MimeMessage(Session.getDefaultInstance(new Properties()),
            new ByteArrayInputStream(james.awaitInbox("erin@example.local", 1).get(0)));
        assertThat(warning.getSubject()).startsWith("[SPAM?]");
        Part attached = ((Multipart) warning.getContent()).getBodyPart(1);
        assertThat(attached.getContentType()).startsWith("message/rfc822");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        attached.getDataHandler().writeTo(bytes);
        assertThat(new String(RunningJames.withoutTraceHeaders(bytes.toByteArray()), StandardCharsets.ISO_8859_1))
            .isEqualTo(new String(original, StandardCharsets.ISO_8859_1));
    }

    @Test
    void authenticatedSubmissionShouldBeExemptEvenFromAListedAddress() throws Exception {
        try (SmtpDialogue smtp = submissionAfterStartTls("127.0.0.2")) {
            smtp.ehlo("laptop");
            assertThat(smtp.auth("frank@example.local", "secret")).startsWith("235");
            assertThat(smtp.mailFrom("frank@example.local")).startsWith("250");
            assertThat(smtp.rcptTo("frank@example.local")).startsWith("250");
            // From: the user's own address: James 3.9 checks the header against the authenticated user too
            assertThat(smtp.data(plain("frank@example.local", "frank@example.local", "from my laptop"))).startsWith("250");
        }
        assertThat(new String(james.awaitInbox("frank@example.local", 1).get(0), StandardCharsets.ISO_8859_1)).contains("Subject: from my laptop");
    }

    @Test
    void submissionShouldTakeAPasswordOnlyAfterStartTls() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(CLEAN_IP, james.submissionPort())) {
            assertThat(smtp.ehlo("laptop")).startsWith("250").contains("STARTTLS").doesNotContain("AUTH");
            assertThat(smtp.auth("alice@example.local", "secret"))
                .startsWith("530 5.7.0 Must issue a STARTTLS command first");
        }
        try (SmtpDialogue smtp = submissionAfterStartTls(CLEAN_IP)) {
            assertThat(smtp.ehlo("laptop")).startsWith("250").contains("AUTH").doesNotContain("STARTTLS");
            assertThat(smtp.auth("alice@example.local", "wrong")).startsWith("535");
        }
        try (SmtpDialogue smtp = submissionAfterStartTls(CLEAN_IP)) {
            smtp.ehlo("laptop");
            assertThat(smtp.auth("alice@example.local", "secret")).startsWith("235");
            assertThat(smtp.mailFrom("alice@example.local")).startsWith("250");
            assertThat(smtp.rcptTo("abuse@example.local")).startsWith("250");
            // James 3.9 checks an authenticated user's From: too (verifyIdentity): the user writes as herself
            assertThat(smtp.data(plain("alice@example.local", "abuse@example.local", "submitted over TLS"))).startsWith("250");
        }
        assertThat(new String(james.awaitInbox("abuse@example.local", 1).get(0), StandardCharsets.ISO_8859_1))
            .contains("Subject: submitted over TLS");
    }

    @Test
    void port25ShouldOfferStartTlsAndStillTakeAWholePlainTransaction() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(CLEAN_IP, james.smtpPort())) {
            assertThat(smtp.ehlo(CLEAN_HELO)).startsWith("250").contains("STARTTLS").doesNotContain("AUTH");
            assertThat(smtp.auth("alice@example.local", "secret")).as("nor a password in the clear on port 25").startsWith("530");
            assertThat(smtp.mailFrom(CLEAN_SENDER)).startsWith("250");
            assertThat(smtp.rcptTo("postmaster@example.local")).startsWith("250");
            assertThat(smtp.data(plain("postmaster@example.local", "plain smtp, never TLS"))).startsWith("250");
        }
        assertThat(new String(james.awaitInbox("postmaster@example.local", 1).get(0), StandardCharsets.ISO_8859_1))
            .contains("Subject: plain smtp, never TLS");
    }

    @Test
    void imapShouldRefuseLoginBeforeStartTls() throws Exception {
        IMAPClient imap = new IMAPClient();
        imap.setDefaultTimeout(30_000);
        imap.connect("127.0.0.1", james.home().imapPort());
        try {
            assertThat(imap.capability()).isTrue();
            assertThat(imap.getReplyString()).contains("STARTTLS").contains("LOGINDISABLED");
            assertThat(imap.login("alice@example.local", "secret")).isFalse();
            assertThat(imap.getReplyString()).contains("NO");
        } finally {
            imap.disconnect();
        }
    }

    @Test
    void postmasterShouldStayReachableFromAListedClient() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect("127.0.0.2", james.smtpPort())) {
            smtp.ehlo("mail.example.test");
            smtp.mailFrom(CLEAN_SENDER);
            assertThat(smtp.rcptTo("alice@example.local")).startsWith("554");
            assertThat(smtp.rcptTo("postmaster@example.local")).startsWith("250");
        }
    }

    /**
     * More clients waiting for their lookups than the sample gives James threads for hooks (James 3.8.1: 32 network
     * threads; 3.9.0: 16 executors): 40 clients whose PTR goes unanswered (it times out after the sample's dns.timeout,
     * 3 s) have sent MAIL FROM and RCPT TO pipelined after EHLO, as MTAs do, and a clean client is served meanwhile,
     * as their commands wait in the socket, holding no thread. Then each of them gets a 451 at RCPT TO.
     */
    @Test
    void clientsWaitingForTheirLookupsShouldHoldNoJamesThread() throws Exception {
        int waiting = 40;
        dns.silence("21.0.0.127.in-addr.arpa");
        ExecutorService senders = Executors.newFixedThreadPool(waiting);
        List<SmtpDialogue> dialogues = new ArrayList<>();
        try {
            List<Future<List<String>>> replies = new ArrayList<>();
            for (int i = 0; i < waiting; i++) {
                SmtpDialogue smtp = SmtpDialogue.connect("127.0.0.21", james.smtpPort());
                dialogues.add(smtp);
                assertThat(smtp.ehlo("mail.example.test")).startsWith("250");
                replies.add(senders.submit(() -> smtp.mailFromAndRcptTos(CLEAN_SENDER, "alice@example.local")));
            }

            assertThat(rcptReply(CLEAN_IP, CLEAN_HELO, CLEAN_SENDER, "bob@example.local")).startsWith("250");
            assertThat(replies).as("the waiting clients are answered once their PTR lookups time out, not before")
                .noneMatch(Future::isDone);
            for (Future<List<String>> reply : replies) {
                assertThat(reply.get(30, TimeUnit.SECONDS)).satisfiesExactly(
                    mail -> assertThat(mail).startsWith("250"), rcpt -> assertThat(rcpt).startsWith("451 4.7.1 "));
            }
        } finally {
            dns.heal();
            senders.shutdownNow();
            for (SmtpDialogue smtp : dialogues) {
                smtp.close();
            }
        }
    }

    @Test
    void dnsStoppedMidTestShouldDeferNever5xxAndJamesKeepsServing() throws Exception {
        dns.silenceEverything();
        try {
            // a client never seen before: nothing cached, every lookup times out
            String reply = rcptReply("127.0.0.20", "mail.example.test", CLEAN_SENDER, "alice@example.local");
            assertThat(reply).startsWith("451 4.7.1 ");
        } finally {
            dns.heal();
        }
        // lookups sent during the outage may still time out just after it: never a 5xx, and soon 250 again
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String reply = rcptReply(CLEAN_IP, CLEAN_HELO, CLEAN_SENDER, "alice@example.local");
            assertThat(reply).doesNotStartWith("5");
            assertThat(reply).startsWith("250");
        });
        assertThat(james.log()).contains("admission defer");
    }
}
