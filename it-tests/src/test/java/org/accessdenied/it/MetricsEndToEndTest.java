package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.accessdenied.core.metrics.MetricNames;
import org.accessdenied.launcher.JamesLine;
import org.accessdenied.testkit.FaultyDnsProxy;
import org.accessdenied.testkit.NsdServer;
import org.accessdenied.testkit.SpamdServer;
import org.accessdenied.testkit.TestMessages;

/**
 * WebAdmin's {@code /metrics} on a real James with a conf-samples set unchanged (the run command's way): a known mix of
 * SMTP sessions, then the exact change of every {@code accessdenied_*} series. The pack's DNS goes through a proxy that
 * answers SERVFAIL for bl.spamcop.net from the start, so that zone is disabled at start-up, and that goes silent for one
 * session. One subclass per sample and James line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MetricsEndToEndTest {
    static final String CLEAN_IP = "127.0.0.10";
    static final String CLEAN_HELO = "mail.loopback.example.test";
    static final String CLEAN_SENDER = "news@loopback-only.example.test";

    /**
     * Series whose split depends on timing, not on what the sessions did: whether an item of evidence was complete when
     * the hook recorded it on the mail decides whether a matcher in the spooler finds it (a hit) or looks it up again
     * (a miss, and a DNS question, usually answered from the cache). Their sums are exact (see the test). SERVFAIL too:
     * the only SERVFAILs in the window are the disabled zone's own retries (dnsbl.healthRetry, a minute after start-up,
     * then longer), which come on their schedule, not the sessions'; each is still counted once in the latency count.
     */
    static final Set<String> TIMING_DEPENDENT = Set.of(MetricNames.counterSeries(MetricNames.EVIDENCE_CACHE_HIT),
        MetricNames.counterSeries(MetricNames.EVIDENCE_CACHE_MISS), MetricNames.DNS_LATENCY + "_count",
        MetricNames.counterSeries(MetricNames.DNS_ANSWER), MetricNames.counterSeries(MetricNames.DNS_NXDOMAIN),
        MetricNames.counterSeries(MetricNames.DNS_NODATA), MetricNames.counterSeries(MetricNames.DNS_SERVFAIL));

    private final JamesLine line;
    private final MetricsSample sample;
    private FaultyDnsProxy dns;
    private RunningJames james;

    MetricsEndToEndTest(JamesLine line, MetricsSample sample) {
        this.line = line;
        this.sample = sample;
    }

    @BeforeAll
    void start() throws Exception {
        dns = FaultyDnsProxy.startInFrontOf(new InetSocketAddress("127.0.0.1", NsdServer.shared().port()));
        dns.servfail("bl.spamcop.net");
        james = RunningJames.start(line, RunningJames.ROOT.resolve("conf-samples/" + sample.set),
            Files.createTempDirectory("access-denied-metrics-" + sample.set + "-" + line.line() + "-"), dns.hostAndPort(),
            SpamdServer.shared().hostAndPort());
        james.addDomainAndUsers("example.local", "alice", "carol", "dave", "postmaster");
    }

    @AfterAll
    void stop() {
        try {
            if (james != null) {
                james.close();
            }
        } finally {
            dns.close();
        }
    }

    private boolean refuses() {
        return sample.refuses;
    }

    /**
     * The mix, each session after the other: a listed client (to alice, then to postmaster), a client without PTR, a clean
     * client with an ordinary message and with GTUBE, and a new client while the DNS is silent.
     */
    private void sessions() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect("127.0.0.2", james.smtpPort())) {
            assertThat(smtp.ehlo("mail.example.test")).startsWith("250");
            assertThat(smtp.mailFrom(CLEAN_SENDER)).startsWith("250");
            assertThat(smtp.rcptTo("alice@example.local")).startsWith(refuses() ? "554 5.7.1 " : "250");
            assertThat(smtp.rcptTo("postmaster@example.local")).startsWith("250");
        }
        assertThat(session("127.0.0.11", "mail.example.test", CLEAN_SENDER, "alice@example.local"))
            .startsWith(refuses() ? "550 5.7.1 " : "250");
        assertThat(delivery(CLEAN_IP, CLEAN_HELO, CLEAN_SENDER, "carol@example.local", plain("carol@example.local", "ham"))).startsWith("250");
        assertThat(delivery(CLEAN_IP, CLEAN_HELO, CLEAN_SENDER, "dave@example.local", gtube())).startsWith("250");
        await().atMost(Duration.ofSeconds(30)).until(() -> james.inboxSize("carol@example.local") == 1);
        dns.silenceEverything();
        try {
            assertThat(session("127.0.0.20", "mail.example.test", CLEAN_SENDER, "alice@example.local"))
                .startsWith(refuses() ? "451 4.7.1 " : "250");
        } finally {
            dns.heal();
            dns.servfail("bl.spamcop.net");
        }
    }

    @Test
    void metricsShouldAnswerOnLoopbackAndCountExactlyWhatTheSessionsDid() throws Exception {
        if (sample != MetricsSample.SMARTHOST) {
            assertZoneDisabledAtStartUp();
        }
        Map<String, Double> before = settledScrape();

        sessions();

        Map<String, Double> after = settledScrape();
        Map<String, Long> changes = changes(before, after);
        System.out.println("metrics changes on " + sample.set + " " + line.line() + ": " + changes);
        Map<String, Long> exact = new TreeMap<>(changes);
        exact.keySet().removeAll(TIMING_DEPENDENT);
        assertThat(exact).isEqualTo(new TreeMap<>(sample.expectedChanges));
        assertThat(changes.getOrDefault(MetricNames.counterSeries(MetricNames.EVIDENCE_CACHE_HIT), 0L)
            + changes.getOrDefault(MetricNames.counterSeries(MetricNames.EVIDENCE_CACHE_MISS), 0L)).isEqualTo(sample.evidenceItems);
        // every timed question is counted by exactly one outcome
        assertThat(changes.getOrDefault(MetricNames.DNS_LATENCY + "_count", 0L)).isEqualTo(changes.entrySet().stream()
            .filter(e -> e.getKey().startsWith(MetricNames.PREFIX + "dns_") && e.getKey().endsWith(MetricNames.COUNTER_SUFFIX))
            .mapToLong(Map.Entry::getValue).sum());
        assertThat(after.keySet().stream().filter(series -> series.startsWith(MetricNames.PREFIX)))
            .allSatisfy(series -> assertThat(MetricNames.isPublished(series.replaceAll("\\{.*", ""))).as(series).isTrue());
    }

    /** The zone answering SERVFAIL was disabled by its first probe (two questions, SERVFAIL), and that is one change. */
    private void assertZoneDisabledAtStartUp() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Double> now = counts(scrape());
            assertThat(now).containsEntry(MetricNames.zoneUsable("bl.spamcop.net"), 0.0)
                .containsEntry(MetricNames.zoneUsable("zen.spamhaus.org"), 1.0)
                .containsEntry(MetricNames.counterSeries(MetricNames.zoneChanges("bl.spamcop.net")), 1.0);
            assertThat(now.getOrDefault(MetricNames.counterSeries(MetricNames.DNS_SERVFAIL), 0.0)).isGreaterThanOrEqualTo(2.0);
            assertThat(now.getOrDefault(MetricNames.counterSeries(MetricNames.zoneChanges("zen.spamhaus.org")), 0.0)).isZero();
        });
    }

    /**
     * /metrics once nothing has changed for longer than the DNS deadline of the samples (3 s): questions of closed
     * sessions finish in the background, at the latest when they time out.
     */
    private Map<String, Double> settledScrape() throws Exception {
        long quietNanos = Duration.ofSeconds(4).toNanos();
        long giveUp = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Map<String, Double> last = counts(scrape());
        long since = System.nanoTime();
        while (System.nanoTime() - since < quietNanos) {
            assertThat(System.nanoTime()).as("the pack's series never settled").isLessThan(giveUp);
            Thread.sleep(500);
            Map<String, Double> now = counts(scrape());
            if (!now.equals(last)) {
                last = now;
                since = System.nanoTime();
            }
        }
        return last;
    }

    private String scrape() throws Exception {
        var response = james.webAdmin("GET", "/metrics", null, 200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        return response.body();
    }

    /** The pack's series without the quantiles of its timers (their values are times, not counts). */
    private static Map<String, Double> counts(String text) {
        return PrometheusText.samples(text).entrySet().stream()
            .filter(e -> e.getKey().startsWith(MetricNames.PREFIX) && !e.getKey().contains("quantile"))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static Map<String, Long> changes(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Long> changes = new TreeMap<>();
        after.forEach((series, value) -> {
            long change = Math.round(value - before.getOrDefault(series, 0.0));
            if (change != 0) {
                changes.put(series, change);
            }
        });
        return changes;
    }

    private String session(String from, String helo, String sender, String recipient) throws Exception {
        return SmtpDialogue.rcptReply(from, james.smtpPort(), helo, sender, recipient);
    }

    /**
     * A message delivered one second after RCPT: the hook's lookups (started at EHLO and MAIL) finish before the mail is
     * accepted, so the evidence recorded on it is complete, and what the spooler's matchers reuse or look up again does
     * not depend on timing.
     */
    private String delivery(String from, String helo, String sender, String recipient, byte[] message) throws Exception {
        return SmtpDialogue.send(from, james.smtpPort(), helo, sender, recipient, message, Duration.ofSeconds(1));
    }

    static byte[] plain(String to, String subject) {
        return ("From: " + CLEAN_SENDER + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n\r\nHello, an ordinary message.\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] gtube() {
        return TestMessages.smtp("gtube.eml");
    }
}
