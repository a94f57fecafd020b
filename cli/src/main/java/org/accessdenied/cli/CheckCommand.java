package org.accessdenied.cli;

import java.io.PrintStream;
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
import org.accessdenied.core.check.SpfCheck;
import org.accessdenied.core.check.Transaction;
import org.accessdenied.core.check.Verdict;
import org.accessdenied.core.dnsbl.DnsblZone;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.net.ClientIp;

/**
 * {@code check --ip IP [--helo NAME] [--from ADDRESS] [--zone ZONE ...]}: runs the live checks against the configured
 * DNS and prints the evidence (SPF of MAIL FROM and HELO included), the health of each zone and which matchers would
 * match, as one JSON object.
 */
final class CheckCommand {
    private final EvidenceEngine engine;

    CheckCommand(EvidenceEngine engine) {
        this.engine = engine;
    }

    int run(ClientIp ip, Optional<String> helo, Optional<String> from, List<String> zones, String heloCondition, PrintStream out) {
        List<Check> checks = new ArrayList<>();
        Optional<DnsblCheck> dnsbl = zones.isEmpty() ? Optional.empty() : Optional.of(DnsblCheck.parse(String.join(",", zones)));
        dnsbl.ifPresent(check -> {
            engine.watchZones(check.zones());
            checks.add(check);
        });
        checks.add(ForwardConfirmedRdnsCheck.parse(""));
        checks.add(DynamicRdnsCheck.parse(""));
        checks.add(HeloCheck.parse(heloCondition, domain -> false));
        Transaction transaction = from.map(Transaction::of).orElse(Transaction.none());
        if (from.isPresent()) {
            checks.add(SpfCheck.parse(""));
        }

        EvidenceSession session = engine.newSession(Optional.of(ip), helo);
        checks.forEach(check -> check.prefetch(session, transaction));
        if (helo.isPresent()) {
            session.spfHelo();
        }
        Duration deadline = engine.settings().checkDeadline();
        List<Verdict> verdicts = checks.stream().map(check -> await(check, session, transaction, deadline)).collect(Collectors.toList());
        if (helo.isPresent()) {
            session.spfHelo().join();
        }

        Json json = Json.object().put("ip", ip.text()).put("evidence", EvidenceJson.evidence(session.snapshot()));
        dnsbl.ifPresent(check -> json.put("zone_health", check.zones().stream().collect(Collectors.toMap(
            DnsblZone::displayName, zone -> engine.zoneHealth(zone).toString(), (a, b) -> a, java.util.TreeMap::new))));
        Map<String, Json> matchers = EvidenceJson.verdicts(verdicts);
        json.put("matchers", matchers);
        json.put("dns", Json.object().put("servers", engine.dns().servers().stream().map(a -> a.getHostString() + ":" + a.getPort()).collect(Collectors.toList()))
            .put("queries", engine.dns().queriesSent()));
        out.println(json);
        return 0;
    }

    private static Verdict await(Check check, EvidenceSession session, Transaction transaction, Duration deadline) {
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
