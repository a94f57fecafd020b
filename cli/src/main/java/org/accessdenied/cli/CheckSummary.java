package org.accessdenied.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.evidence.ConnectionEvidence;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.spam.SpamScore;
import org.accessdenied.core.spf.SpfEvidence;

/** {@code check}'s output for a person: the evidence in a few lines, then each matcher's verdict with its remedy. */
final class CheckSummary {
    private CheckSummary() {
    }

    static void print(ClientIp ip, ConnectionEvidence evidence, Map<String, String> zoneHealth, List<Verdict> verdicts, List<String> servers,
                      long queries, PrintStream out) {
        out.println(ip.text() + evidence.helo().map(h -> " greeting as " + h).orElse(" (no HELO given)"));
        evidence.ptr().ifPresent(ptr -> out.println("  PTR:    " + lower(ptr.status().name())
            + (ptr.names().isEmpty() ? "" : " " + String.join(", ", ptr.names())) + ptr.error().map(e -> " (" + e + ")").orElse("")
            + evidence.forwardConfirmation().map(fc -> "; forward-confirmed: " + lower(fc.result().name())).orElse("")));
        evidence.heloResolution().ifPresent(r -> out.println("  HELO:   " + lower(r.status().name())
            + (r.addresses().isEmpty() ? "" : " " + String.join(", ", r.addresses()))));
        evidence.spf().forEach((sender, spf) -> out.println("  SPF:    " + spf(spf) + " (MAIL FROM " + (sender.isEmpty() ? "<>" : sender) + ")"));
        evidence.spfHelo().ifPresent(spf -> out.println("  SPF:    " + spf(spf) + " (HELO identity)"));
        evidence.dnsbl().forEach((zone, d) -> out.println("  " + zone + ": " + (d.codes().isEmpty() ? "not listed" : "listed " + String.join(", ", d.codes()))
            + d.txt().map(t -> " \"" + t + "\"").orElse("") + d.error().map(e -> " (error: " + e + ")").orElse("")
            + d.skipped().map(s -> " (skipped: " + s + ")").orElse("") + " [zone " + zoneHealth.getOrDefault(zone, "?") + "]"));
        evidence.spam().values().stream().findFirst().ifPresent(score -> out.println("  spam:   " + spam(score)));
        out.println("Matchers:");
        for (Verdict verdict : verdicts) {
            out.printf(Locale.ROOT, "  %-9s %s: %s%n", verdict.matched() ? "MATCH" : lower(verdict.outcome().name()).replace('_', ' '),
                verdict.check(), verdict.reason());
            if (verdict.matched()) {
                verdict.remedy().ifPresent(remedy -> out.println("            remedy: " + remedy));
            }
        }
        out.println("DNS: " + String.join(", ", servers) + ", " + queries + " queries (--json for everything as JSON)");
    }

    static String spam(SpamScore score) {
        if (!score.isScored()) {
            return lower(score.status().name()) + score.problem().map(p -> ": " + p).orElse("");
        }
        return String.format(Locale.ROOT, "score %.1f of %.1f required, rules %s", score.score(), score.required(), String.join(", ", score.rules()));
    }

    private static String spf(SpfEvidence spf) {
        return spf.result().id() + " for " + spf.checked() + spf.explanation().map(e -> ": " + e).orElse("");
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
