package org.accessdenied.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.evidence.ConnectionEvidence;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.spam.SpamScore;
import org.accessdenied.core.spf.SpfEvidence;

/** Evidence and verdicts as the CLI prints them. */
final class EvidenceJson {
    private EvidenceJson() {
    }

    static Json evidence(ConnectionEvidence evidence) {
        Json json = Json.object()
            .put("client", evidence.client().map(ClientIp::text))
            .put("helo", Json.object().put("text", evidence.heloAnalysis().text())
                .put("form", evidence.heloAnalysis().form().name().toLowerCase())
                .put("syntax_problem", evidence.heloAnalysis().syntaxProblem()));
        evidence.ptr().ifPresent(ptr -> json.put("ptr", Json.object().put("status", ptr.status().name().toLowerCase())
            .put("names", ptr.names()).put("error", ptr.error())));
        evidence.forwardConfirmation().ifPresent(fc -> json.put("fcrdns", Json.object().put("result", fc.result().name().toLowerCase())
            .put("confirmed", fc.confirmedNames()).put("detail", fc.detail())));
        evidence.heloResolution().ifPresent(r -> json.put("helo_dns", Json.object().put("status", r.status().name().toLowerCase())
            .put("addresses", r.addresses())));
        if (!evidence.dnsbl().isEmpty()) {
            Map<String, Json> zones = new TreeMap<>();
            evidence.dnsbl().forEach((zone, d) -> zones.put(zone, Json.object().put("codes", d.codes()).put("txt", d.txt())
                .put("latency_ms", d.latencyMillis()).put("error", d.error()).put("skipped", d.skipped())));
            json.put("dnsbl", zones);
        }
        if (!evidence.spf().isEmpty()) {
            Map<String, Json> senders = new TreeMap<>();
            evidence.spf().forEach((sender, spf) -> senders.put(sender.isEmpty() ? "<>" : sender, spf(spf)));
            json.put("spf", senders);
        }
        evidence.spfHelo().ifPresent(spf -> json.put("spf_helo", spf(spf)));
        evidence.spam().values().stream().findFirst().ifPresent(score -> json.put("spam", spam(score)));
        return json;
    }

    static Json spam(SpamScore score) {
        Json json = Json.object().put("status", score.status().name().toLowerCase());
        if (score.isScored()) {
            json.put("score", score.score()).put("required", score.required()).put("rules", score.rules())
                .put("source", score.source().name().toLowerCase());
        }
        return json.put("problem", score.problem());
    }

    private static Json spf(SpfEvidence spf) {
        return Json.object().put("identity", spf.identity().id()).put("checked", spf.checked()).put("result", spf.result().id())
            .put("explanation", spf.explanation());
    }

    static Json verdict(Verdict verdict) {
        return Json.object().put("matched", verdict.matched()).put("outcome", verdict.outcome().name().toLowerCase())
            .put("reason", verdict.reason()).put("remedy", verdict.remedy());
    }

    static Map<String, Json> verdicts(Iterable<Verdict> verdicts) {
        Map<String, Json> out = new LinkedHashMap<>();
        verdicts.forEach(v -> out.put(v.check(), verdict(v)));
        return out;
    }
}
