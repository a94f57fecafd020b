package org.accessdenied.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.accessdenied.core.check.Check;
import org.accessdenied.core.check.DnsblCheck;
import org.accessdenied.core.check.DynamicRdnsCheck;
import org.accessdenied.core.check.ForwardConfirmedRdnsCheck;
import org.accessdenied.core.check.HeloCheck;
import org.accessdenied.core.spam.MessageContent;
import org.accessdenied.core.check.SpamScoreCheck;
import org.accessdenied.core.check.SpfCheck;
import org.accessdenied.core.evidence.Transaction;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.dnsbl.DnsblZone;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.spam.SpamScore;

/**
 * {@code check --ip IP [--helo NAME] [--from ADDRESS] [--zone ZONE ...]}: runs the live checks against the configured
 * DNS and prints the evidence (SPF of MAIL FROM and HELO included), the health of each zone and which matchers would
 * match: a short summary for a person, or one JSON object ({@code --json}).
 */
final class CheckCommand {
    /** SpamAssassin's usual threshold: the CLI says whether HighSpamScore=5 would match. */
    private static final double SPAM_THRESHOLD = 5.0;

    private final EvidenceEngine engine;
    private final boolean json;

    /** {@code json}: one JSON object (for scripts) instead of the human summary. */
    CheckCommand(EvidenceEngine engine, boolean json) {
        this.engine = engine;
        this.json = json;
    }

    int run(ClientIp ip, Optional<String> helo, Optional<String> from, List<String> zones, String heloCondition,
            Optional<Path> message, PrintStream out) throws IOException {
        List<Check> checks = new ArrayList<>();
        Optional<DnsblCheck> dnsbl = zones.isEmpty() ? Optional.empty() : Optional.of(DnsblCheck.parse(String.join(",", zones)));
        dnsbl.ifPresent(check -> {
            engine.watchZones(check.zones());
            checks.add(check);
        });
        checks.add(ForwardConfirmedRdnsCheck.parse(""));
        checks.add(DynamicRdnsCheck.parse(""));
        checks.add(HeloCheck.parse(heloCondition, domain -> false));
        Transaction transaction = from.map(Transaction::of).orElse(message.isPresent() ? Transaction.of("") : Transaction.none());
        if (from.isPresent()) {
            checks.add(SpfCheck.parse(""));
        }
        if (message.isPresent()) {
            transaction = transaction.withMessage("message", file(message.get()));
            checks.add(new SpamScoreCheck(SPAM_THRESHOLD));
        }
        Transaction asked = transaction;

        EvidenceSession session = engine.newSession(Optional.of(ip), helo);
        checks.forEach(check -> check.prefetch(session, asked));
        if (helo.isPresent()) {
            session.spfHelo();
        }
        Duration deadline = engine.settings().checkDeadline();
        List<Verdict> verdicts = checks.stream().map(check -> await(check, session, asked, deadline)).collect(Collectors.toList());
        if (helo.isPresent()) {
            session.spfHelo().join();
        }

        Map<String, String> zoneHealth = new java.util.TreeMap<>();
        dnsbl.ifPresent(check -> check.zones().forEach(zone -> zoneHealth.putIfAbsent(zone.displayName(), engine.zoneHealth(zone).toString())));
        List<String> servers = engine.dns().servers().stream().map(a -> a.getHostString() + ":" + a.getPort()).collect(Collectors.toList());
        if (!json) {
            CheckSummary.print(ip, session.snapshot(), zoneHealth, verdicts, servers, engine.dns().queriesSent(), out);
            return 0;
        }
        Json result = Json.object().put("ip", ip.text()).put("evidence", EvidenceJson.evidence(session.snapshot()));
        if (dnsbl.isPresent()) {
            result.put("zone_health", zoneHealth);
        }
        Map<String, Json> matchers = EvidenceJson.verdicts(verdicts);
        result.put("matchers", matchers);
        result.put("dns", Json.object().put("servers", servers).put("queries", engine.dns().queriesSent()));
        out.println(result);
        return 0;
    }

    /** {@code check --message FILE}: only the spam score. */
    int scoreOnly(Path message, PrintStream out) throws IOException {
        SpamScore score = engine.spamd().score(file(message)).join();
        if (!json) {
            out.println(message + ": " + CheckSummary.spam(score));
            return 0;
        }
        out.println(Json.object().put("message", message.toString()).put("spam", EvidenceJson.spam(score))
            .put("spamd", engine.settings().spamd().host() + ":" + engine.settings().spamd().port()));
        return 0;
    }

    private static MessageContent file(Path path) throws IOException {
        return MessageContent.of(Files.readAllBytes(path));
    }

    static Verdict await(Check check, EvidenceSession session, Transaction transaction, Duration deadline) {
        CompletableFuture<Verdict> verdict = check.evaluate(session, transaction);
        try {
            return verdict.get(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return Verdict.temporary(check.name(), "no verdict within " + deadline.toMillis() + " ms", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.temporary(check.name(), "interrupted", false);
        } catch (java.util.concurrent.ExecutionException e) {
            return Verdict.temporary(check.name(), "internal error: " + e.getCause(), false);
        }
    }
}
