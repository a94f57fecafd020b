package org.accessdenied.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import org.accessdenied.core.check.DnsblCheck;
import org.accessdenied.core.check.DynamicRdnsCheck;
import org.accessdenied.core.check.ForwardConfirmedRdnsCheck;
import org.accessdenied.core.check.HeloCheck;
import org.accessdenied.core.check.SpfCheck;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.dns.DnsAnswer;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.ForwardConfirmation;
import org.accessdenied.core.evidence.HeloResolution;
import org.accessdenied.core.evidence.PtrEvidence;
import org.accessdenied.core.evidence.Transaction;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.spf.SpfEvidence;
import org.accessdenied.core.spf.SpfResult;

/**
 * {@code selfcheck --ip IP --helo NAME [--domain DOMAIN] [--zone ZONE ...]}: checks one's own outbound server the way
 * a receiver running this pack does, point by point, each failure with the remedy the pack's 55x reply would give.
 */
final class SelfcheckCommand {
    static final String MX_REMEDY = "publish an MX record for the domain (RFC 5321 section 5): receivers expect a sender's domain to "
        + "accept replies and bounces";

    /** One point of the checklist. */
    static final class Point {
        final String id;
        final String title;
        final boolean passed;
        final String detail;
        final Optional<String> remedy;

        Point(String id, String title, boolean passed, String detail, Optional<String> remedy) {
            this.id = id;
            this.title = title;
            this.passed = passed;
            this.detail = detail;
            this.remedy = passed ? Optional.empty() : remedy;
        }
    }

    private final EvidenceEngine engine;

    SelfcheckCommand(EvidenceEngine engine) {
        this.engine = engine;
    }

    List<Point> check(ClientIp ip, String helo, String domain, List<String> zones) {
        Duration deadline = engine.settings().checkDeadline();
        Optional<DnsblCheck> dnsbl = zones.isEmpty() ? Optional.empty() : Optional.of(DnsblCheck.parse(String.join(",", zones)));
        dnsbl.ifPresent(check -> engine.watchZones(check.zones()));
        EvidenceSession session = engine.newSession(Optional.of(ip), Optional.of(helo));
        Transaction none = Transaction.none();
        CompletableFuture<SpfEvidence> domainSpf = session.spf("postmaster@" + domain);
        CompletableFuture<SpfEvidence> heloSpf = session.spfHelo();
        CompletableFuture<DnsAnswer> mx = mx(domain);
        Verdict fcrdns = CheckCommand.await(ForwardConfirmedRdnsCheck.parse(""), session, none, deadline);
        Verdict dynamic = CheckCommand.await(DynamicRdnsCheck.parse(""), session, none, deadline);
        Verdict heloVerdict = CheckCommand.await(HeloCheck.parse("default", name -> false), session, none, deadline);
        PtrEvidence ptr = get(session.ptr(), deadline).orElse(new PtrEvidence(PtrEvidence.Status.TEMPERROR, List.of(), Optional.of("no answer")));
        Optional<ForwardConfirmation> confirmation = get(session.forwardConfirmation(), deadline);
        Optional<HeloResolution> resolution = get(session.heloResolution(), deadline);

        List<Point> points = new ArrayList<>();
        Optional<String> ptrRemedy = Optional.of(fcrdns.remedy().orElse(ForwardConfirmedRdnsCheck.REMEDY));
        points.add(new Point("ptr", "PTR record present", ptr.status() == PtrEvidence.Status.FOUND,
            ptr.status() == PtrEvidence.Status.FOUND ? ip.text() + " -> " + String.join(", ", ptr.names())
                : ptr.status() == PtrEvidence.Status.NONE ? "no PTR record for " + ip.text() : "PTR lookup failed: " + ptr.error().orElse("DNS failure"),
            ptrRemedy));
        boolean confirmed = confirmation.map(c -> c.result() == ForwardConfirmation.Result.PASS).orElse(false);
        points.add(new Point("fcrdns", "PTR name resolves back to the address (forward-confirmed)", confirmed,
            confirmed ? String.join(", ", confirmation.get().confirmedNames()) + " -> " + ip.text() : fcrdns.reason(), ptrRemedy));
        boolean generic = dynamic.outcome() != Verdict.Outcome.NO_MATCH;
        points.add(new Point("ptr-not-generic", "PTR name is not a generic (dynamic/residential) one", !generic,
            dynamic.reason(), Optional.of(dynamic.remedy().orElse(ptrRemedy.get()))));
        points.add(new Point("helo-fqdn", "HELO is a proper fully qualified host name", heloVerdict.outcome() == Verdict.Outcome.NO_MATCH,
            heloVerdict.outcome() == Verdict.Outcome.NO_MATCH ? helo : heloVerdict.reason(), Optional.of(heloVerdict.remedy().orElse(HeloCheck.REMEDY))));
        boolean resolves = resolution.map(r -> r.status() == HeloResolution.Status.RESOLVES && r.addresses().stream()
            .map(ClientIp::parse).anyMatch(a -> a.equals(Optional.of(ip)))).orElse(false);
        points.add(new Point("helo-resolves", "HELO name resolves to the address", resolves,
            helo + " -> " + resolution.map(r -> r.addresses().isEmpty() ? r.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                : String.join(", ", r.addresses())).orElse("no answer"),
            Optional.of(HeloCheck.REMEDY + "; publish an address record for it pointing to " + ip.text())));
        List<String> ptrNames = confirmation.map(ForwardConfirmation::confirmedNames).filter(n -> !n.isEmpty()).orElse(ptr.names());
        boolean matches = ptrNames.stream().anyMatch(name -> strip(name).equalsIgnoreCase(strip(helo)));
        points.add(new Point("helo-matches-ptr", "HELO name is the PTR name", matches,
            "HELO " + helo + ", PTR " + (ptrNames.isEmpty() ? "(none)" : String.join(", ", ptrNames)),
            Optional.of(HeloCheck.REMEDY + ", the same name as the PTR record of " + ip.text())));
        points.add(spf("spf-domain", "SPF of " + domain + " authorises the address", get(domainSpf, deadline), ip));
        points.add(spf("spf-helo", "SPF of the HELO name authorises the address", get(heloSpf, deadline), ip));
        Optional<DnsAnswer> mxAnswer = get(mx, deadline);
        boolean hasMx = mxAnswer.map(a -> a.isFound() && !a.records().isEmpty()).orElse(false);
        points.add(new Point("mx", "MX record for " + domain, hasMx,
            hasMx ? mxAnswer.get().records().stream().map(r -> r.rdataToString()).collect(Collectors.joining(", "))
                : mxAnswer.map(a -> a.isTemporaryFailure() ? "MX lookup failed: " + a.error().orElse("DNS failure") : "no MX record")
                    .orElse("no answer"),
            Optional.of(MX_REMEDY)));
        dnsbl.ifPresent(check -> check.zones().forEach(zone -> {
            Verdict listed = CheckCommand.await(new DnsblCheck(List.of(zone), 1), session, none, deadline);
            points.add(new Point("zone:" + zone.displayName(), "not listed on " + zone.displayName(), listed.outcome() == Verdict.Outcome.NO_MATCH,
                listed.reason(), Optional.of(listed.remedy().orElse("ask " + zone.displayName() + " for delisting once the cause is fixed"))));
        }));
        return points;
    }

    private static Point spf(String id, String title, Optional<SpfEvidence> spf, ClientIp ip) {
        boolean pass = spf.map(s -> s.result() == SpfResult.PASS).orElse(false);
        String detail = spf.map(s -> "SPF " + s.result().id() + " for " + s.checked() + " from " + ip.text() + s.explanation().map(e -> ": " + e).orElse(""))
            .orElse("no answer");
        return new Point(id, title, pass, detail, Optional.of(spf.map(SpfCheck::remedy)
            .orElse("publish an SPF record (RFC 7208) that authorises " + ip.text())));
    }

    private CompletableFuture<DnsAnswer> mx(String domain) {
        try {
            return engine.dns().query(Name.fromString(strip(domain) + "."), Type.MX);
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(DnsAnswer.failure(DnsAnswer.Status.ERROR, "not a domain name: " + domain, Duration.ZERO));
        }
    }

    private static String strip(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static <T> Optional<T> get(CompletableFuture<T> future, Duration deadline) {
        try {
            return Optional.ofNullable(future.get(deadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static void printChecklist(ClientIp ip, String helo, String domain, List<Point> points, PrintStream out) {
        out.println("Self-check of " + ip.text() + " greeting as " + helo + ", mail domain " + domain + ":");
        for (Point point : points) {
            out.println("  " + (point.passed ? "[pass] " : "[FAIL] ") + point.title + ": " + point.detail);
            point.remedy.ifPresent(remedy -> out.println("         remedy: " + remedy));
        }
        long passed = points.stream().filter(p -> p.passed).count();
        out.println(passed == points.size() ? "All " + passed + " checks pass." : (points.size() - passed) + " of " + points.size() + " checks fail.");
    }

    static Json json(ClientIp ip, String helo, String domain, List<Point> points) {
        List<Json> checks = points.stream().map(p -> {
            Json check = Json.object().put("check", p.id).put("title", p.title).put("passed", p.passed).put("detail", p.detail);
            p.remedy.ifPresent(r -> check.put("remedy", r));
            return check;
        }).collect(Collectors.toList());
        return Json.object().put("ip", ip.text()).put("helo", helo).put("domain", domain)
            .put("passed", points.stream().allMatch(p -> p.passed)).put("checks", checks);
    }
}
