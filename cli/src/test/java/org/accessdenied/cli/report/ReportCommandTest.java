package org.accessdenied.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    private static final Pattern ROW = Pattern.compile("^  (\\d{4}-\\d{2}-\\d{2})  (.+?)\\s+refused=(\\d+) deferred=(\\d+) would-refuse=(\\d+)$");
    private static final Pattern REGRET = Pattern.compile("^  (\\S+)  \\d+ session\\(s\\) .*");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int report(String... args) throws IOException {
        return ReportCommand.parse(List.of(args), false).run(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String text() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The per-day rows of the text report: day -> rule -> {refused, deferred, would-refuse}. */
    private Map<String, Map<String, List<Long>>> rows() {
        Map<String, Map<String, List<Long>>> rows = new TreeMap<>();
        text().lines().map(ROW::matcher).filter(Matcher::matches).forEach(m -> rows.computeIfAbsent(m.group(1), k -> new TreeMap<>())
            .put(m.group(2), List.of(Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)))));
        return rows;
    }

    private static Map<String, Map<String, List<Long>>> expectedRows(ObserveLogGenerator log) {
        Map<String, Map<String, List<Long>>> rows = new TreeMap<>();
        log.expected.forEach((day, byRule) -> byRule.forEach((rule, counts) -> rows.computeIfAbsent(day, k -> new TreeMap<>())
            .put(rule, List.of(counts[0], counts[1], counts[2]))));
        return rows;
    }

    private TreeSet<String> regretClients() {
        TreeSet<String> clients = new TreeSet<>();
        text().lines().map(REGRET::matcher).filter(Matcher::matches).forEach(m -> clients.add(m.group(1)));
        return clients;
    }

    @Test
    void reportShouldReproduceTheCountsOfAGeneratedObserveLogExactlyAcrossARotatedGzipSet() throws IOException {
        ObserveLogGenerator log = new ObserveLogGenerator(1).generate(7, 400);
        log.writeRotated(dir, "james-server.log");

        assertThat(report(dir.toString())).isZero();

        assertThat(rows()).isEqualTo(expectedRows(log));
        assertThat(text()).contains("read 3 file(s), " + log.lines.size() + " lines, " + log.decisions + " decisions")
            .contains("(2026-11-23 to 2026-11-29)").doesNotContain("malformed").doesNotContain("note:");
        assertThat(regretClients()).isEqualTo(log.regretClients);
        assertThat(text()).contains("because: forward-confirmed PTR under google.com").contains("because: SPF pass for partner.example")
            .contains("because: mail to postmaster").contains("because: authenticated from the same address");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aGlobAndFilesInAnyOrderShouldGiveTheSameReportAsTheDirectory() throws IOException {
        ObserveLogGenerator log = new ObserveLogGenerator(2).generate(3, 100);
        List<Path> files = log.writeRotated(dir, "james-server.log");

        assertThat(report(files.get(2).toString(), files.get(0).toString(), files.get(1).toString())).isZero();
        Map<String, Map<String, List<Long>>> byFiles = rows();
        out.reset();
        assertThat(report(dir.resolve("james-server.log*").toString())).isZero();

        assertThat(byFiles).isEqualTo(expectedRows(log));
        assertThat(rows()).isEqualTo(expectedRows(log));
    }

    @Test
    void sinceShouldLeaveOutTheDaysBefore() throws IOException {
        ObserveLogGenerator log = new ObserveLogGenerator(3).generate(5, 100);
        log.writeRotated(dir, "james-server.log");

        assertThat(report("--since", "2026-11-25", dir.toString())).isZero();

        Map<String, Map<String, List<Long>>> expected = expectedRows(log);
        expected.keySet().removeIf(day -> day.compareTo("2026-11-25") < 0);
        assertThat(rows()).isEqualTo(expected).containsOnlyKeys("2026-11-25", "2026-11-26", "2026-11-27");
        assertThat(text()).contains("before --since skipped").contains("(2026-11-25 to 2026-11-27)");
        assertThat(regretClients()).isEmpty();
    }

    @Test
    void malformedDecisionLinesShouldBeCountedAndSkippedWithoutChangingTheCounts() throws IOException {
        ObserveLogGenerator log = new ObserveLogGenerator(4).generate(2, 200);
        List<String> lines = new ArrayList<>(log.lines);
        String good = lines.stream().filter(l -> l.contains("would-reject")).findFirst().orElseThrow();
        lines.add(10, good.substring(0, good.length() - 7));
        lines.add(20, "2026-11-23 10:00:00.000 INFO  o.a.smtp.AdmissionHook - admission would-reject rule 2 (X) client=1.2.3.4 helo=x stray");
        lines.add(30, "2026-11-23 10:00:00.000 INFO  o.a.smtp.AdmissionHook - admission maybe client=1.2.3.4 helo=x session=s");
        lines.add(40, "2026-13-45 10:00:00.000 INFO  o.a.smtp.AdmissionHook - admission pass client=1.2.3.4 helo=x session=s");
        lines.add(50, "garbage \u0000\u00ff - admission reject");
        lines.add(60, "");
        Files.write(dir.resolve("james-server.log"), lines, StandardCharsets.UTF_8);

        assertThat(report(dir.resolve("james-server.log").toString())).isZero();

        assertThat(rows()).isEqualTo(expectedRows(log));
        assertThat(text()).contains(", 5 malformed decision lines skipped").contains("malformed: " + dir.resolve("james-server.log") + ":11: ");
    }

    @Test
    void aTruncatedGzipShouldBeReadUpToWhereItEndsAndSaySo() throws IOException {
        ObserveLogGenerator log = new ObserveLogGenerator(5).generate(1, 300);
        Path gz = dir.resolve("james-server.log.1.gz");
        ObserveLogGenerator.gzip(gz, log.lines);
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThat(report(gz.toString())).isZero();

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("james-server.log.1.gz").contains("truncated gzip?");
        assertThat(text()).contains("Sessions per rule and day:");
    }

    @Test
    void aLogWithTheOldTimeOnlyPatternShouldBeCountedAsUndatedAndLeftOutBySince() throws IOException {
        ObserveLogGenerator log = new ObserveLogGenerator(6).generate(1, 100);
        List<String> timeOnly = new ArrayList<>();
        log.lines.forEach(line -> timeOnly.add(line.substring("2026-11-23 ".length())));
        Path file = dir.resolve("james-server.log");
        Files.write(file, timeOnly, StandardCharsets.UTF_8);

        assertThat(report(file.toString())).isZero();
        long[] expected = log.expected.get("2026-11-23").get("rule 2 (RemoteAddrInDnsbl)");
        assertThat(text()).contains("(no dated decisions)").contains(String.format("  undated  %-48s refused=%d deferred=%d would-refuse=%d%n",
            "rule 2 (RemoteAddrInDnsbl)", expected[0], expected[1], expected[2]));
        out.reset();

        assertThat(report("--since", "2026-01-01", file.toString())).isZero();
        assertThat(text()).contains(log.decisions + " before --since skipped").doesNotContain("  undated  ");
    }

    @Test
    void controlCharactersAClientChoseShouldReachTheTerminalOnlyAsEscapes() throws IOException {
        String line = "2026-11-23 10:00:00.000 INFO  o.a.smtp.AdmissionHook - " + org.accessdenied.core.text.LogfmtLine
            .head("admission would-reject rule 4 (org.accessdenied.matchers.BadHelo)").field("client", "192.0.2.9", 600)
            .field("helo", "bad\rX\u001b[31mred\u0085", 80).field("from", "a@b.example", 120).field("rcpt", "x\ny@example.com", 120)
            .field("session", "s1", 600).field("evidence", "syntax: HELO 'bad' is not valid", 600);
        Path file = dir.resolve("james-server.log");
        Files.write(file, List.of(line), StandardCharsets.UTF_8);

        assertThat(report(file.toString())).isZero();

        assertThat(text()).contains("bad\\x0dx\\x1b[31mred\\x85").contains("x\\x0ay@example.com")
            .doesNotContain("\r").doesNotContain("\u001b").doesNotContain("\u0085");
        assertThat(rows()).isEqualTo(Map.of("2026-11-23", Map.of("rule 4 (BadHelo)", List.of(0L, 0L, 1L))));
    }

    @Test
    void reasonsShouldAddUpAcrossClients() {
        assertThat(ObserveReport.reason("192.0.2.7 is listed on 'zen.example' (127.0.0.2)"))
            .isEqualTo(ObserveReport.reason("198.51.100.1 is listed on 'zen.example' (127.0.0.4)"))
            .isEqualTo("<ip> is listed on \"…\" (<ip>)");
        assertThat(ObserveReport.reason("2001:db8::1 has a dynamic/residential PTR: access-network word \"dsl\" in c-1.dsl.example.net"))
            .isEqualTo("<ip> has a dynamic/residential PTR: access-network word \"…\" in <name>");
        assertThat(ObserveReport.network("2001:db8:1:2::5")).isEqualTo("2001:db8:1::/48");
        assertThat(ObserveReport.network("192.0.2.77")).isEqualTo("192.0.2.0/24");
        assertThat(ObserveReport.ptrDomain("mail-ej1-f41.google.com")).isEqualTo("google.com");
        assertThat(ObserveReport.ptrDomain("host.example.co.uk")).isEqualTo("example.co.uk");
    }

    @Test
    void topCounterShouldBeExactUntilFullAndKeepTheFrequentKeysAfter() {
        TopCounter<String, Void> counter = new TopCounter<>(100);
        for (int i = 0; i < 100_000; i++) {
            counter.add(i % 10 == 0 ? "frequent" : "rare" + i);
        }
        assertThat(counter.top(1).get(0).key).isEqualTo("frequent");
        assertThat(counter.top(1).get(0).count()).isBetween(10_000L, 10_000L + counter.maxError());
        assertThat(counter.isExact()).isFalse();
        assertThat(counter.all()).hasSizeLessThanOrEqualTo(100);
    }
}
