package org.accessdenied.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.accessdenied.core.check.DynamicRdnsCheck;
import org.accessdenied.core.check.HeloCheck;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.evidence.ConnectionEvidence;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.ForwardConfirmation;
import org.accessdenied.core.evidence.PtrEvidence;
import org.accessdenied.core.helo.HeloProblem;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.rdns.RdnsClassification;
import org.accessdenied.core.text.SafeText;

/**
 * {@code classify}: lines {@code ip<TAB>ptr<TAB>helo} in, one JSON object per line out, with the verdicts of
 * DynamicRdns and BadHelo, each configured with the matcher's own condition ({@code --dynamic-rdns "static=exempt"},
 * {@code --bad-helo "default, ourNames=..., ourIps=..."}). Offline: the given PTR is taken as the forward-confirmed
 * PTR (empty: no PTR) and nothing is asked of any DNS server. This is how operators audit the classifiers on their
 * own logs. With {@code --explain} each object also says which rule fired: the DynamicRdns rule and the part of the
 * name it matched, and the list of BadHelo checks that matched.
 */
final class ClassifyCommand {
    private final EvidenceEngine engine;
    private final DynamicRdnsCheck dynamicRdns;
    private final HeloCheck badHelo;
    private final boolean explain;

    ClassifyCommand(EvidenceEngine engine, String dynamicRdnsCondition, String badHeloCondition, boolean explain) {
        this.engine = engine;
        this.dynamicRdns = DynamicRdnsCheck.parse(dynamicRdnsCondition);
        this.badHelo = HeloCheck.parse(badHeloCondition, domain -> false);
        this.explain = explain;
    }

    int run(BufferedReader in, PrintStream out) throws IOException {
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            out.println(classify(number, line));
        }
        return 0;
    }

    String classify(int number, String line) {
        String[] fields = line.split("\t", -1);
        if (fields.length < 2) {
            return Json.object().put("line", number).put("error", "expected ip<TAB>ptr<TAB>helo").toString();
        }
        Optional<ClientIp> ip = ClientIp.parse(fields[0]);
        if (ip.isEmpty()) {
            return Json.object().put("line", number).put("error", "not an IP address: " + SafeText.printable(fields[0], 60)).toString();
        }
        String ptr = fields[1].trim();
        Optional<String> helo = fields.length > 2 ? Optional.of(fields[2]) : Optional.empty();
        EvidenceSession session = engine.resume(new ConnectionEvidence(ip, helo, Optional.of(ptr.isEmpty()
                ? new PtrEvidence(PtrEvidence.Status.NONE, List.of(), Optional.empty())
                : new PtrEvidence(PtrEvidence.Status.FOUND, List.of(ptr), Optional.empty())),
            Optional.of(ptr.isEmpty()
                ? new ForwardConfirmation(ForwardConfirmation.Result.NO_PTR, List.of(), Optional.empty())
                : new ForwardConfirmation(ForwardConfirmation.Result.PASS, List.of(ptr), Optional.empty())),
            Optional.empty(), Map.of()));
        Verdict dynamic = dynamicRdns.evaluate(session).join();
        Verdict helloVerdict = badHelo.evaluate(session).join();
        Json json = Json.object();
        if (explain) {
            json.put("line", number);
        }
        json.put("ip", ip.get().text())
            .put("ptr", SafeText.printable(ptr, 255))
            .put("helo", session.heloAnalysis().text())
            .put("dynamic_rdns", dynamic.matched())
            .put("dynamic_rdns_reason", dynamic.reason())
            .put("bad_helo", helloVerdict.matched())
            .put("bad_helo_reason", helloVerdict.reason());
        if (explain) {
            RdnsClassification rule = ptr.isEmpty() ? null : dynamicRdns.classifier().classify(ptr, ip);
            json.put("dynamic_rdns_rule", rule == null ? "no-ptr" : rule.rule().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .put("dynamic_rdns_detail", rule == null ? "" : SafeText.printable(rule.detail(), 255))
                .put("bad_helo_checks", helloVerdict.matched() ? firedChecks(helloVerdict.reason()) : List.of());
        }
        return json.toString();
    }

    /** The check ids at the head of each "; "-separated part of a BadHelo reason ("syntax: ...; our-name: ..."). */
    private static List<String> firedChecks(String reason) {
        return Arrays.stream(reason.split("; "))
            .map(part -> part.contains(": ") ? part.substring(0, part.indexOf(": ")) : part)
            .filter(id -> HeloProblem.byId(id).isPresent())
            .collect(Collectors.toList());
    }
}
