package org.accessdenied.cli.report;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.net.DomainName;
import org.accessdenied.core.rdns.DynamicRdnsClassifier;

/**
 * What a set of James logs says the admission policy did: sessions refused, deferred and that would be refused, per
 * rule and day, the top reasons and sources, and the refused senders that look legitimate. Bounded memory whatever the
 * log size: per-day counts are per rule and day, everything per client goes through {@link TopCounter}s.
 */
public final class ObserveReport {
    static final String UNDATED = "undated";
    static final int TOP = 10;
    static final int REGRET_SHOWN = 50;
    private static final int TOP_CAPACITY = 10_000;
    private static final int RECENT_SESSIONS = 100_000;
    private static final int MAX_RULES = 200;
    private static final int MAX_AUTHENTICATED = 200_000;
    static final String OTHER_RULES = "(other rules)";
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final Pattern ADDRESS = Pattern.compile("\\S+@\\S+");
    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b");
    private static final Pattern IPV6 = Pattern.compile("\\b[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}\\b");
    private static final Pattern NAME = Pattern.compile("\\b[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+\\b");

    /** Counts for one rule on one day: sessions and decision lines per outcome (refused, deferred, would-refuse). */
    static final class Counts {
        final long[] sessions = new long[3];
        final long[] decisions = new long[3];

        long sessions(DecisionLine.Outcome outcome) {
            return sessions[outcome.ordinal()];
        }

        long totalSessions() {
            return sessions[0] + sessions[1] + sessions[2];
        }

        void addTo(Counts other) {
            for (int i = 0; i < 3; i++) {
                other.sessions[i] += sessions[i];
                other.decisions[i] += decisions[i];
            }
        }
    }

    /** A refused client address and why it might be a sender the admin wants. */
    static final class Suspect {
        final String firstSeen;
        final String rule;
        final String outcome;
        final String ptr;
        final String helo;
        final String from;
        final Set<String> signs;

        Suspect(String firstSeen, String rule, String outcome, String ptr, String helo, String from, Set<String> signs) {
            this.firstSeen = firstSeen;
            this.rule = rule;
            this.outcome = outcome;
            this.ptr = ptr;
            this.helo = helo;
            this.from = from;
            this.signs = signs;
        }

        Suspect merge(Suspect later) {
            if (later.signs.isEmpty() || signs.containsAll(later.signs)) {
                return this;
            }
            Set<String> all = new LinkedHashSet<>(signs);
            all.addAll(later.signs);
            return new Suspect(firstSeen, rule, outcome, ptr, helo, from, all);
        }
    }

    private final Optional<LocalDate> since;
    private final Set<String> bigSenders;
    private final TreeMap<String, TreeMap<String, Counts>> perDay = new TreeMap<>();
    private final Set<String> rules = new HashSet<>();
    private final LinkedHashMap<String, Boolean> recentSessions = new LinkedHashMap<String, Boolean>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_SESSIONS;
        }
    };
    final TopCounter<String, Void> reasons = new TopCounter<>(TOP_CAPACITY);
    final TopCounter<String, Void> networks = new TopCounter<>(TOP_CAPACITY);
    final TopCounter<String, Void> ptrDomains = new TopCounter<>(TOP_CAPACITY);
    final TopCounter<String, Void> helos = new TopCounter<>(TOP_CAPACITY);
    final TopCounter<String, Void> recipients = new TopCounter<>(TOP_CAPACITY);
    final TopCounter<String, Suspect> suspects = new TopCounter<>(TOP_CAPACITY);
    private final Set<String> authenticated = new HashSet<>();
    private boolean authenticatedFull;
    long lines;
    long decisionLines;
    long accepted;
    long malformed;
    long beforeSince;
    final List<String> malformedSamples = new ArrayList<>();

    public ObserveReport(Optional<LocalDate> since) {
        this.since = since;
        this.bigSenders = DynamicRdnsClassifier.DEFAULT_EXEMPT_DOMAINS;
    }

    /** Reads one log line: decision lines are counted, other lines only seen, a broken decision line is counted as such. */
    public void accept(String line, String where) {
        lines++;
        if (!DecisionLine.isDecision(line)) {
            return;
        }
        DecisionLine decision;
        try {
            decision = DecisionLine.parse(line);
        } catch (IllegalArgumentException e) {
            malformed++;
            if (malformedSamples.size() < 5) {
                String why = e.getMessage();
                malformedSamples.add(where + ": " + why.substring(0, Math.min(why.length(), 160)));
            }
            return;
        }
        if (since.isPresent() && (decision.day.isEmpty() || decision.day.get().isBefore(since.get()))) {
            beforeSince++;
            return;
        }
        decisionLines++;
        String client = decision.field("client");
        if (decision.outcome == DecisionLine.Outcome.ACCEPTED) {
            accepted++;
            if (decision.decision.equals("exempt") && decision.field("evidence").contains("authenticated")) {
                rememberAuthenticated(client);
            }
            return;
        }
        count(decision, client);
    }

    private void rememberAuthenticated(String client) {
        if (authenticated.size() < MAX_AUTHENTICATED) {
            authenticated.add(client);
        } else {
            authenticatedFull = true;
        }
    }

    private void count(DecisionLine decision, String client) {
        String day = decision.day.map(LocalDate::toString).orElse(UNDATED);
        String rule = decision.rule;
        if (!rules.contains(rule)) {
            if (rules.size() >= MAX_RULES) {
                rule = OTHER_RULES;
            }
            rules.add(rule);
        }
        Counts counts = perDay.computeIfAbsent(day, d -> new TreeMap<>()).computeIfAbsent(rule, r -> new Counts());
        int outcome = decision.outcome.ordinal();
        counts.decisions[outcome]++;
        String rcpt = decision.field("rcpt");
        if (!rcpt.isEmpty()) {
            recipients.add(rcpt.toLowerCase(Locale.ROOT));
        }
        String sessionKey = decision.field("session") + '\u0000' + rule + '\u0000' + outcome + '\u0000' + client;
        if (recentSessions.put(sessionKey, Boolean.TRUE) != null) {
            return;
        }
        counts.sessions[outcome]++;
        reasons.add(reason(decision.field("evidence")));
        networks.add(network(client));
        ptrDomains.add(ptrDomain(decision.field("ptr")));
        helos.add(decision.field("helo").toLowerCase(Locale.ROOT));
        suspects.add(client, suspect(decision, day), Suspect::merge);
    }

    private Suspect suspect(DecisionLine decision, String day) {
        Set<String> signs = new LinkedHashSet<>();
        String ptr = decision.field("ptr");
        if (decision.field("fcrdns").equals("pass")) {
            DomainName.parse(ptr).map(DomainName::organisationalDomain).filter(bigSenders::contains)
                .ifPresent(org -> signs.add("forward-confirmed PTR under " + org));
        }
        String from = decision.field("from");
        if (decision.field("spf").equals("pass")) {
            signs.add("SPF pass for " + from.substring(from.indexOf('@') + 1));
        }
        String rcpt = decision.field("rcpt");
        if (rcpt.toLowerCase(Locale.ROOT).startsWith("postmaster@") || rcpt.equalsIgnoreCase("postmaster")) {
            signs.add("mail to postmaster");
        }
        String when = day + decision.time.map(t -> " " + t).orElse("");
        return new Suspect(when, decision.rule, decision.outcome.label, ptr, decision.field("helo"), from, signs);
    }

    /** The reason without what varies per client (addresses, names, quoted values), so equal reasons add up. */
    static String reason(String evidence) {
        String general = QUOTED.matcher(evidence).replaceAll("\"…\"");
        general = ADDRESS.matcher(general).replaceAll("<address>");
        general = IPV4.matcher(general).replaceAll("<ip>");
        general = IPV6.matcher(general).replaceAll("<ip>");
        general = NAME.matcher(general).replaceAll("<name>");
        return general.length() > 200 ? general.substring(0, 200) + "…" : general;
    }

    /** The client's /24 (IPv4) or /48 (IPv6). */
    static String network(String client) {
        Optional<ClientIp> ip = ClientIp.parse(client);
        if (ip.isEmpty()) {
            return "(unknown)";
        }
        byte[] bytes = ip.get().bytes();
        if (ip.get().isIpv4()) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
        }
        return String.format(Locale.ROOT, "%x:%x:%x::/48", ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff),
            ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff), ((bytes[4] & 0xff) << 8) | (bytes[5] & 0xff));
    }

    static String ptrDomain(String ptr) {
        if (ptr.isEmpty()) {
            return "(PTR not looked up)";
        }
        if (ptr.equals("(none)")) {
            return "(no PTR)";
        }
        return DomainName.parse(ptr).map(DomainName::organisationalDomain).orElse("(not a name)");
    }

    /** Days in order ({@code undated} last), each with its rules. */
    Map<String, TreeMap<String, Counts>> perDay() {
        Map<String, TreeMap<String, Counts>> ordered = new LinkedHashMap<>();
        perDay.forEach((day, byRule) -> {
            if (!day.equals(UNDATED)) {
                ordered.put(day, byRule);
            }
        });
        Optional.ofNullable(perDay.get(UNDATED)).ifPresent(byRule -> ordered.put(UNDATED, byRule));
        return ordered;
    }

    /** Totals per rule over all days, rules in name order. */
    TreeMap<String, Counts> perRule() {
        TreeMap<String, Counts> totals = new TreeMap<>();
        perDay.values().forEach(byRule -> byRule.forEach((rule, counts) -> counts.addTo(totals.computeIfAbsent(rule, r -> new Counts()))));
        return totals;
    }

    /** Refused or would-refuse clients with at least one sign of being a legitimate sender, most sessions first. */
    List<TopCounter.Entry<String, Suspect>> regrets() {
        return suspects.all().stream().filter(e -> {
            if (authenticated.contains(e.key)) {
                e.sample = e.sample.merge(new Suspect("", "", "", "", "", "", Set.of("authenticated from the same address")));
            }
            return !e.sample.signs.isEmpty();
        }).collect(Collectors.toList());
    }

    String period() {
        List<String> days = perDay.keySet().stream().filter(d -> !d.equals(UNDATED)).collect(Collectors.toList());
        return days.isEmpty() ? "no dated decisions" : days.get(0) + " to " + days.get(days.size() - 1);
    }

    boolean approximate() {
        return !reasons.isExact() || !networks.isExact() || !ptrDomains.isExact() || !helos.isExact() || !recipients.isExact()
            || !suspects.isExact();
    }

    String limits() {
        List<String> notes = new ArrayList<>();
        if (approximate()) {
            notes.add("more than " + TOP_CAPACITY + " distinct values in a top list: its counts may be high by up to "
                + List.of(reasons, networks, ptrDomains, helos, recipients, suspects).stream().mapToLong(TopCounter::maxError).max().orElse(0));
        }
        if (authenticatedFull) {
            notes.add("more than " + MAX_AUTHENTICATED + " authenticated addresses: later ones not checked");
        }
        return String.join("; ", notes);
    }

    /** The plain-text report. */
    public void print(PrintStream out, int files) {
        out.println("Access Denied: what the admission policy did (" + period() + ")");
        out.printf(Locale.ROOT, "read %d file(s), %d lines, %d decisions (%d accepted)%s%s%n", files, lines, decisionLines, accepted,
            malformed > 0 ? ", " + malformed + " malformed decision lines skipped" : "",
            beforeSince > 0 ? ", " + beforeSince + " before --since skipped" : "");
        String limits = limits();
        if (!limits.isEmpty()) {
            out.println("note: " + limits);
        }
        out.println();
        out.println("Sessions per rule and day:");
        perDay().forEach((day, byRule) -> byRule.forEach((rule, counts) -> out.println("  " + day + "  " + row(rule, counts))));
        out.println();
        out.println("Sessions per rule, all days:");
        perRule().forEach((rule, counts) -> out.println("  " + row(rule, counts)));
        top(out, "Top reasons (sessions)", reasons);
        top(out, "Top client networks (sessions)", networks);
        top(out, "Top PTR organisational domains (sessions)", ptrDomains);
        top(out, "Top HELOs (sessions)", helos);
        top(out, "Top recipients (recipients refused or that would be)", recipients);
        out.println();
        List<TopCounter.Entry<String, Suspect>> regrets = regrets();
        out.println("Would I regret it? " + (regrets.isEmpty() ? "no refused sender looks legitimate"
            : regrets.size() + " refused sender(s) look legitimate" + (regrets.size() > REGRET_SHOWN ? ", first " + REGRET_SHOWN : "") + ":"));
        regrets.stream().limit(REGRET_SHOWN).forEach(e -> out.printf(Locale.ROOT, "  %s  %d session(s)  %s %s since %s  ptr=%s helo=%s from=%s%n"
            + "      because: %s%n", e.key, e.count, e.sample.outcome, e.sample.rule, e.sample.firstSeen,
            orDash(e.sample.ptr), orDash(e.sample.helo), orDash(e.sample.from), String.join("; ", e.sample.signs)));
        malformedSamples.forEach(sample -> out.println("malformed: " + sample));
    }

    private static String orDash(String value) {
        return value.isEmpty() ? "-" : value;
    }

    private static String row(String rule, Counts counts) {
        return String.format(Locale.ROOT, "%-48s refused=%d deferred=%d would-refuse=%d", rule, counts.sessions[0], counts.sessions[1],
            counts.sessions[2]);
    }

    private static void top(PrintStream out, String title, TopCounter<String, Void> counter) {
        out.println();
        out.println(title + ":");
        counter.top(TOP).forEach(e -> out.printf(Locale.ROOT, "  %8d  %s%s%n", e.count, e.key, e.lowerBound()));
    }
}
