package org.accessdenied.core.check;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import org.accessdenied.core.concurrent.Completion;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.PtrEvidence;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.rdns.DynamicRdnsClassifier;
import org.accessdenied.core.rdns.RdnsClassification;
import org.accessdenied.core.evidence.Transaction;

/**
 * The client's PTR name looks generic/residential (see {@link DynamicRdnsClassifier}). With several PTR names the
 * rule matches only when every one looks dynamic. No PTR is not this rule's business (see
 * {@link ForwardConfirmedRdnsCheck}).
 * <p>
 * Condition options (lists separated by {@code |}): {@code tokens+=kabel|adsl2} adds access-network words,
 * {@code tokens=...} replaces them, {@code exempt+=example.net} adds exempt domains, {@code exempt=...} replaces them,
 * {@code pattern+=REGEX} adds a pattern that makes a name dynamic, {@code exemptPattern+=REGEX} one that exempts it,
 * {@code static=generic|exempt} (default generic: a per-address name is generic even when it says static or business;
 * exempt: such names pass, as before Detection v2), {@code temporary=nomatch|match}.
 */
public final class DynamicRdnsCheck implements Check {
    public static final String NAME = "DynamicRdns";
    private static final Set<String> OPTIONS = Set.of("tokens", "tokens+", "exempt", "exempt+", "pattern+", "exemptPattern+", "static", "temporary");
    private static final String REMEDY = "send through your provider's mail relay (smarthost), or ask your provider for a static address with a PTR name of your own";

    private final DynamicRdnsClassifier classifier;
    private final boolean temporaryMatches;

    public DynamicRdnsCheck(DynamicRdnsClassifier classifier, boolean temporaryMatches) {
        this.classifier = classifier;
        this.temporaryMatches = temporaryMatches;
    }

    public static DynamicRdnsCheck parse(String condition) {
        Condition parsed = Condition.parse(NAME, condition, OPTIONS);
        if (!parsed.words().isEmpty()) {
            throw new IllegalArgumentException(NAME + ": unexpected '" + parsed.words().get(0) + "'; options are " + OPTIONS);
        }
        DynamicRdnsClassifier classifier = DynamicRdnsClassifier.defaults();
        if (parsed.value("tokens").isPresent()) {
            classifier = classifier.withTokens(list(parsed.values("tokens")));
        }
        Set<String> tokens = new LinkedHashSet<>(classifier.tokens());
        tokens.addAll(list(parsed.values("tokens+")));
        classifier = classifier.withTokens(tokens);
        if (parsed.value("exempt").isPresent()) {
            classifier = classifier.withExemptDomains(list(parsed.values("exempt")));
        }
        Set<String> exempt = new LinkedHashSet<>(classifier.exemptDomains());
        exempt.addAll(list(parsed.values("exempt+")));
        classifier = classifier.withExemptDomains(exempt);
        for (String regex : parsed.values("pattern+")) {
            classifier = classifier.withPattern(regex(regex, "pattern+"));
        }
        for (String regex : parsed.values("exemptPattern+")) {
            classifier = classifier.withExemptPattern(regex(regex, "exemptPattern+"));
        }
        classifier = classifier.withStaticLines(staticLines(NAME, parsed));
        return new DynamicRdnsCheck(classifier, parsed.temporaryMatches());
    }

    /** The {@code static=generic|exempt} option (shared with BadHelo's dynamic check). */
    static DynamicRdnsClassifier.StaticLines staticLines(String checkName, Condition parsed) {
        String value = parsed.value("static").orElse("generic");
        switch (value) {
            case "generic":
                return DynamicRdnsClassifier.StaticLines.GENERIC;
            case "exempt":
                return DynamicRdnsClassifier.StaticLines.EXEMPT;
            default:
                throw new IllegalArgumentException(checkName + ": option 'static' must be 'generic' or 'exempt', got '" + value + "'");
        }
    }

    private static Set<String> list(List<String> values) {
        return values.stream().flatMap(v -> Arrays.stream(v.split("\\|"))).map(String::trim).filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Pattern regex(String regex, String option) {
        try {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(NAME + ": option '" + option + "' is not a valid regular expression: " + e.getDescription(), e);
        }
    }

    public DynamicRdnsClassifier classifier() {
        return classifier;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean temporaryMatches() {
        return temporaryMatches;
    }

    /** Starts the PTR lookup; the names are classified when the check is evaluated. */
    @Override
    public CompletableFuture<Void> prefetch(EvidenceSession session, Transaction transaction) {
        return session.client().isPresent() ? Completion.in(session.ptr()) : Completion.DONE;
    }

    @Override
    public CompletableFuture<Verdict> evaluate(EvidenceSession session, Transaction transaction) {
        if (session.client().isEmpty()) {
            return CompletableFuture.completedFuture(Verdict.notApplicable(NAME, "client address unknown"));
        }
        return session.ptr().thenApply(ptr -> verdict(session, ptr));
    }

    private Verdict verdict(EvidenceSession session, PtrEvidence ptr) {
        String ip = session.client().get().text();
        switch (ptr.status()) {
            case TEMPERROR:
                return Verdict.temporary(NAME, "PTR of " + ip + " unknown: " + ptr.error().orElse("DNS failure"), temporaryMatches);
            case NONE:
                return Verdict.notApplicable(NAME, "no PTR record for " + ip);
            default:
                break;
        }
        List<RdnsClassification> classified = ptr.names().stream()
            .map(name -> classifier.classify(name, session.client()))
            .collect(Collectors.toList());
        if (classified.stream().allMatch(RdnsClassification::isDynamic)) {
            return Verdict.match(NAME, ip + " has a dynamic/residential PTR: "
                + classified.stream().map(RdnsClassification::reason).collect(Collectors.joining("; ")), REMEDY);
        }
        return Verdict.noMatch(NAME, classified.stream().filter(c -> !c.isDynamic()).findFirst()
            .map(RdnsClassification::reason).orElse(ip + " not dynamic"));
    }
}
