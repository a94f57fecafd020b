package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.accessdenied.launcher.JamesLine;
import org.accessdenied.core.text.LogfmtReader;
import org.accessdenied.testkit.FaultyDnsProxy;
import org.accessdenied.testkit.NsdServer;
import org.accessdenied.testkit.SpamdServer;

/**
 * {@code conf-samples/observe}, unchanged, started as the run command starts it: it refuses nothing and says what it
 * would have refused. One subclass per James line ({@link ObserveSampleOnJames38Test}, {@link ObserveSampleOnJames39Test}),
 * one James per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ObserveSampleEndToEndTest {
    private static final String CLEAN_IP = "127.0.0.10";
    private static final String CLEAN_HELO = "mail.loopback.example.test";
    private static final String CLEAN_SENDER = "news@loopback-only.example.test";
    private final JamesLine line;
    private FaultyDnsProxy dns;
    private RunningJames james;

    ObserveSampleEndToEndTest(JamesLine line) {
        this.line = line;
    }

    /** The James line this class runs against. */
    JamesLine line() {
        return line;
    }

    @BeforeAll
    void start() throws Exception {
        dns = FaultyDnsProxy.startInFrontOf(new InetSocketAddress("127.0.0.1", NsdServer.shared().port()));
        james = RunningJames.start(line, RunningJames.ROOT.resolve("conf-samples/observe"),
            Files.createTempDirectory("access-denied-observe-" + line.line() + "-"), dns.hostAndPort(),
            SpamdServer.shared().hostAndPort());
        james.addDomainAndUsers("example.local", "alice", "bob", "carol");
        // the first IMAP login creates the mailboxes; racing a delivery that creates INBOX too once broke a FETCH reply
        assertThat(james.inbox("alice@example.local")).isEmpty();
        assertThat(james.inbox("bob@example.local")).isEmpty();
    }

    @AfterAll
    void stop() {
        james.close();
        dns.close();
    }

    /**
     * A pipelined RCPT TO whose sender's SPF answers come 400 ms late is decided at the end of DATA; in observe mode
     * that decision refuses nothing either: the message is delivered, with the refusal it would have got.
     */
    @Test
    void pipelinedRcptDecidedAtTheEndOfDataShouldBeDeliveredWithWhatItWouldHaveGot() throws Exception {
        String sender = "user@observe.fails.late.spf.test";
        dns.delay("late.spf.test", Duration.ofMillis(400));
        assertThat(SmtpDialogue.sendPipelined(CLEAN_IP, james.smtpPort(), CLEAN_HELO, sender, "carol@example.local",
            ("From: " + sender + "\r\nTo: carol@example.local\r\nSubject: late\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII)))
            .startsWith("250");
        assertThat(new String(james.awaitInbox("carol@example.local", 1).get(0), StandardCharsets.ISO_8859_1))
            .contains("Subject: late")
            .contains("X-Access-Denied-Observed: rule ").contains("would reply 550 5.7.1 SPF fail for mailfrom " + sender);
        assertThat(admissionLines("admission would-reject rule 5 (org.accessdenied.matchers.SpfFail)")).anySatisfy(fields -> assertThat(fields)
            .containsEntry("from", sender).containsEntry("rcpt", "carol@example.local").containsEntry("decided", "end-of-data"));
    }

    @Test
    void observeSampleShouldDeliverEverythingAndLogWhatItWouldHaveRefused() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect("127.0.0.2", james.smtpPort())) {
            assertThat(smtp.ehlo("localhost")).startsWith("250");
            assertThat(smtp.mailFrom("user@fail.spf.test")).startsWith("250");
            assertThat(smtp.rcptTo("alice@example.local")).startsWith("250");
            assertThat(smtp.data(("From: user@fail.spf.test\r\nTo: alice@example.local\r\nSubject: observed\r\n\r\nhello\r\n")
                .getBytes(StandardCharsets.US_ASCII))).startsWith("250");
        }
        List<byte[]> inbox = james.awaitInbox("alice@example.local", 1);
        assertThat(new String(inbox.get(0), StandardCharsets.ISO_8859_1))
            .contains("Subject: observed")
            .contains("X-Access-Denied-Observed: rule ").contains("would reply 554 5.7.1 127.0.0.2 is listed on zen.spamhaus.org");
        assertThat(james.log()).contains("admission would-reject").contains("client=127.0.0.2");
    }

    /**
     * James 3.8.1 copies the HELO argument into the Received header; a bare CR in it would start a header line of the
     * client's choosing. Observe mode refuses it all the same, and the client can greet again.
     */
    @Test
    void heloWithControlCharactersShouldGet501EvenInObserveModeAndNeverReachTheMail() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(CLEAN_IP, james.smtpPort())) {
            assertThat(smtp.ehlo("bad\rX-Injected: yes")).startsWith("501 5.5.4 HELO/EHLO argument contains control characters");
            assertThat(smtp.ehlo("bad\u0000X-Injected-Nul")).startsWith("501 5.5.4 ");
            assertThat(smtp.ehlo("bad\tX-Injected-Tab")).startsWith("501 5.5.4 ");
            // longer than James's 8192-byte line limit: James answers 500 itself and the hook never sees it
            assertThat(smtp.ehlo("X-Injected-Long" + "x".repeat(10_000))).startsWith("500 Line length exceeded");
            assertThat(smtp.ehlo(CLEAN_HELO)).startsWith("250");
            assertThat(smtp.mailFrom(CLEAN_SENDER)).startsWith("250");
            assertThat(smtp.rcptTo("bob@example.local")).startsWith("250");
            assertThat(smtp.data(message("greeted again"))).startsWith("250");
        }
        // a good greeting, then a refused one: the session keeps the good name (RFC 5321 section 4.1.4), no new EHLO needed
        try (SmtpDialogue smtp = SmtpDialogue.connect(CLEAN_IP, james.smtpPort())) {
            assertThat(smtp.ehlo(CLEAN_HELO)).startsWith("250");
            assertThat(smtp.ehlo("evil\rX-Injected: yes")).startsWith("501 5.5.4 ");
            assertThat(smtp.mailFrom(CLEAN_SENDER)).startsWith("250");
            assertThat(smtp.rcptTo("bob@example.local")).startsWith("250");
            assertThat(smtp.data(message("kept the good name"))).startsWith("250");
        }

        List<byte[]> inbox = james.awaitInbox("bob@example.local", 2);
        assertThat(inbox).hasSize(2).allSatisfy(stored -> assertThat(new String(stored, StandardCharsets.ISO_8859_1))
            .doesNotContain("X-Injected").doesNotContain("\r\r").containsPattern("(?m)^Received: ")
            .contains("(EHLO " + CLEAN_HELO + ")"));

        List<Map<String, String>> refused = admissionLines("admission reject helo");
        assertThat(refused).extracting(fields -> fields.get("helo"))
            .contains("bad\rX-Injected: yes", "bad\u0000X-Injected-Nul", "bad\tX-Injected-Tab", "evil\rX-Injected: yes");
        assertThat(refused).allSatisfy(fields -> assertThat(fields.get("reply")).startsWith("501 5.5.4 "));
        // the evidence behind every decision of this client only ever knew the good name
        assertThat(admissionLines("admission pass")).filteredOn(fields -> CLEAN_IP.equals(fields.get("client")))
            .extracting(fields -> fields.get("helo")).isNotEmpty().containsOnly(CLEAN_HELO);
    }

    @Test
    void heloWithControlCharactersShouldGet501OnTheSubmissionPortBeforeAuthentication() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(CLEAN_IP, james.submissionPort())) {
            assertThat(smtp.ehlo("bad\rX-Injected: yes")).startsWith("501 5.5.4 ");
            assertThat(smtp.ehlo(CLEAN_HELO)).startsWith("250");
        }
    }

    /** The observe-period report reads this James's own log: decision lines as the hook writes them, dated by the sample. */
    @Test
    void theReportShouldCountTheWouldRejectSessionsOfThisJamesLogExactly() throws Exception {
        for (int i = 0; i < 2; i++) {
            try (SmtpDialogue smtp = SmtpDialogue.connect("127.0.0.2", james.smtpPort())) {
                assertThat(smtp.ehlo("localhost")).startsWith("250");
                assertThat(smtp.mailFrom("user@fail.spf.test")).startsWith("250");
                assertThat(smtp.rcptTo("alice@example.local")).startsWith("250");
                assertThat(smtp.rcptTo("bob@example.local")).startsWith("250");
            }
        }
        java.nio.file.Path log = Files.createTempFile("james-server", ".log");
        Files.writeString(log, james.log());
        java.util.regex.Pattern rblLine = java.util.regex.Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2}) .* - admission would-reject (rule \\d+) \\(org\\.accessdenied\\.matchers\\.RemoteAddrInDnsbl.* session=(\\S+) .*");
        Map<String, Long> sessionsPerDay = Files.readAllLines(log).stream().map(rblLine::matcher).filter(java.util.regex.Matcher::matches)
            .map(m -> m.group(1) + " " + m.group(2) + " " + m.group(3)).distinct()
            .collect(Collectors.groupingBy(key -> key.substring(0, key.lastIndexOf(' ')), java.util.TreeMap::new, Collectors.counting()));
        assertThat(sessionsPerDay.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(2);

        Process report = new ProcessBuilder(RunningJames.ROOT.resolve("bin/access-denied").toString(), "report", log.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String text = new String(report.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(report.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(report.exitValue()).isZero();

        assertThat(text).doesNotContain("malformed").contains("would-refuse");
        sessionsPerDay.forEach((dayAndRule, sessions) -> assertThat(text).containsPattern("(?m)^  " + dayAndRule.replaceFirst(" ", "  ")
            + " \\(RemoteAddrInDnsbl[^)]*\\)\\s+refused=0 deferred=0 would-refuse=" + sessions + "$"));
        assertThat(text).contains("127.0.0.0/24").doesNotContain("\r");
    }

    private static byte[] message(String subject) {
        return ("From: " + CLEAN_SENDER + "\r\nTo: bob@example.local\r\nSubject: " + subject + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The fields of the hook's log lines starting with {@code head} (each read strictly as logfmt). */
    private List<Map<String, String>> admissionLines(String head) throws Exception {
        return james.log().lines()
            .filter(line -> line.contains(" - " + head + " "))
            .map(line -> LogfmtReader.fields(line.substring(line.indexOf(" - " + head) + 3), head))
            .collect(Collectors.toList());
    }
}
