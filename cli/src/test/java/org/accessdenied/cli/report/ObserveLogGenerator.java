package org.accessdenied.cli.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

import org.accessdenied.core.text.LogfmtLine;

/**
 * Writes a James log of an observe period the way the samples log it (logback pattern
 * {@code %d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{30} - %msg}, decision lines as the SMTP hook's DecisionLog writes
 * them), with other James lines in between, and keeps the counts the report must find.
 */
final class ObserveLogGenerator {
    static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 23);
    static final String[] RULES = {"rule 2 (org.accessdenied.matchers.RemoteAddrInDnsbl)", "rule 3 (org.accessdenied.matchers.DynamicRdns)",
        "rule 4 (org.accessdenied.matchers.BadHelo)", "rule 5 (org.accessdenied.matchers.ForwardConfirmedRdns)"};
    /** Refused from a Google relay, forward-confirmed. */
    static final String GOOGLE_CLIENT = "209.85.218.41";
    static final String SPF_PASS_CLIENT = "198.51.100.77";
    static final String POSTMASTER_CLIENT = "198.51.100.78";
    static final String AUTHENTICATED_CLIENT = "198.51.100.79";

    final List<String> lines = new ArrayList<>();
    /** day -> report rule name -> sessions {refused, deferred, would-refuse}. */
    final Map<String, Map<String, long[]>> expected = new TreeMap<>();
    final Set<String> regretClients = new TreeSet<>(Set.of(GOOGLE_CLIENT, SPF_PASS_CLIENT, POSTMASTER_CLIENT, AUTHENTICATED_CLIENT));
    long decisions;
    private final Random random;
    private int session;

    ObserveLogGenerator(long seed) {
        random = new Random(seed);
    }

    /** {@code days} days of {@code sessionsPerDay} sessions each, plus the four legitimate senders refused on day 2. */
    ObserveLogGenerator generate(int days, int sessionsPerDay) {
        for (int d = 0; d < days; d++) {
            LocalDate day = FIRST_DAY.plusDays(d);
            for (int s = 0; s < sessionsPerDay; s++) {
                String time = String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", s * 24 / sessionsPerDay, random.nextInt(60), random.nextInt(60),
                    random.nextInt(1000));
                noise(day, time);
                randomSession(day, time);
            }
            if (d == 1) {
                legitimate(day);
            }
        }
        return this;
    }

    private void noise(LocalDate day, String time) {
        if (random.nextInt(4) == 0) {
            lines.add(day + " " + time + " INFO  o.a.j.s.n.SMTPServer - Connection established from 192.0.2." + random.nextInt(255));
        }
    }

    private void randomSession(LocalDate day, String time) {
        String client = "10." + random.nextInt(4) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        int kind = random.nextInt(10);
        String helo = "host" + random.nextInt(50) + ".example.net";
        String from = "sender" + random.nextInt(100) + "@example.org";
        int recipients = 1 + random.nextInt(3);
        if (kind < 4) {
            for (int r = 0; r < recipients; r++) {
                decision(day, time, "pass", null, client, helo, from, "user" + r + "@example.com", "no rule matched", "", "", "none");
            }
            return;
        }
        String decision = kind < 8 ? "would-reject" : kind == 8 ? "reject" : "defer";
        String rule = RULES[random.nextInt(RULES.length)];
        String ptr = random.nextBoolean() ? "(none)" : "c-" + client.replace('.', '-') + ".dsl.isp" + random.nextInt(5) + ".example";
        for (int r = 0; r < recipients; r++) {
            decision(day, time, decision, rule, client, helo, from, "user" + random.nextInt(20) + "@example.com",
                client + " is listed on 'zen.example' (127.0.0.2)", ptr, ptr.equals("(none)") ? "no_ptr" : "mismatch", "softfail");
        }
    }

    private void legitimate(LocalDate day) {
        decision(day, "12:00:00.000", "would-reject", RULES[2], GOOGLE_CLIENT, "mail-ej1-f41.google.com", "a@gmail.com", "bob@example.com",
            "forged-provider: HELO 'x'", "mail-ej1-f41.google.com", "pass", "pass");
        decision(day, "12:01:00.000", "would-reject", RULES[0], SPF_PASS_CLIENT, "mx.partner.example", "c@partner.example", "bob@example.com",
            "198.51.100.77 is listed on 'zen.example'", "mx.partner.example", "mismatch", "pass");
        decision(day, "12:02:00.000", "reject", RULES[0], POSTMASTER_CLIENT, "mx.other.example", "d@other.example", "postmaster@example.com",
            "198.51.100.78 is listed on 'zen.example'", "(none)", "no_ptr", "softfail");
        decision(day, "12:03:00.000", "would-reject", RULES[1], AUTHENTICATED_CLIENT, "laptop.example", "me@example.com", "bob@example.com",
            "198.51.100.79 has a dynamic/residential PTR", "c-1.dsl.example", "pass", "none");
        decision(day, "18:03:00.000", "exempt", null, AUTHENTICATED_CLIENT, "laptop.example", "me@example.com", "bob@example.com",
            "relaying allowed (authenticated)", "", "", "");
    }

    private void decision(LocalDate day, String time, String decision, String rule, String client, String helo, String from, String rcpt,
                          String evidence, String ptr, String fcrdns, String spf) {
        String sessionId = String.format(Locale.ROOT, "%08x", session++);
        writeDecision(day, time, decision, rule, client, helo, from, rcpt, sessionId, evidence, ptr, fcrdns, spf);
    }

    private String currentSession = "";
    private String currentKey = "";

    private void writeDecision(LocalDate day, String time, String decision, String rule, String client, String helo, String from, String rcpt,
                               String sessionId, String evidence, String ptr, String fcrdns, String spf) {
        // one session per decision() call group: recipients of one session share the id
        String key = day + time + client + decision + rule;
        if (key.equals(currentKey)) {
            sessionId = currentSession;
        } else {
            currentKey = key;
            currentSession = sessionId;
            if (rule != null) {
                int outcome = decision.equals("reject") ? 0 : decision.equals("defer") ? 1 : 2;
                expected.computeIfAbsent(day.toString(), k -> new TreeMap<>())
                    .computeIfAbsent(rule.replace("org.accessdenied.matchers.", ""), k -> new long[3])[outcome]++;
            }
        }
        decisions++;
        LogfmtLine line = LogfmtLine.head("admission " + decision + (rule == null ? "" : " " + rule))
            .field("client", client, 600).field("helo", helo, 80).field("from", from, 120).field("rcpt", rcpt, 120)
            .field("session", sessionId, 600).field("waited", random.nextInt(40) + "ms", 600);
        if (rule != null) {
            line.field("reply", "550 5.7.1 " + evidence, 600);
        }
        if (!ptr.isEmpty()) {
            line.field("ptr", ptr, 80).field("fcrdns", fcrdns, 600).field("spf", spf, 600);
        }
        line.field("evidence", evidence, 600);
        lines.add(day + " " + time + " INFO  o.a.smtp.AdmissionHook - " + line);
    }

    /** Writes the lines as a rotated set: {@code name.2.gz} (oldest), {@code name.1.gz}, {@code name}. */
    List<Path> writeRotated(Path dir, String name) throws IOException {
        int third = lines.size() / 3;
        Path oldest = dir.resolve(name + ".2.gz");
        Path older = dir.resolve(name + ".1.gz");
        Path current = dir.resolve(name);
        gzip(oldest, lines.subList(0, third));
        gzip(older, lines.subList(third, 2 * third));
        Files.write(current, lines.subList(2 * third, lines.size()), StandardCharsets.UTF_8);
        return List.of(oldest, older, current);
    }

    static void gzip(Path file, List<String> text) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); Writer out = new OutputStreamWriter(new GZIPOutputStream(raw), StandardCharsets.UTF_8)) {
            for (String line : text) {
                out.write(line);
                out.write('\n');
            }
        }
    }

    long sessions(String day, String rule, int outcome) {
        return expected.getOrDefault(day, Map.of()).getOrDefault(rule, new long[3])[outcome];
    }
}
