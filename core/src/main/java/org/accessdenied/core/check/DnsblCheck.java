package org.accessdenied.core.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.accessdenied.core.concurrent.Completion;
import org.accessdenied.core.dnsbl.DnsblZone;
import org.accessdenied.core.evidence.DnsblEvidence;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.Transaction;
import org.accessdenied.core.evidence.Verdict;

/**
 * The client address is listed on DNS block lists (RFC 5782), IPv4 and IPv6, all zones asked in parallel.
 * <p>
 * Condition: zones {@code zone[=filter][*weight]} and optionally {@code threshold=N}. The rule matches when the
 * weights of the zones that list the client add up to the threshold (default 1, every weight 1 by default: any
 * listing). Negative weights make allow lists. A zone that fails to answer counts as "not listed" (error recorded);
 * an unhealthy zone is skipped.
 */
public final class DnsblCheck implements Check {
    public static final String NAME = "RemoteAddrInDnsbl";
    private static final Set<String> OPTIONS = Set.of("threshold");

    private final List<DnsblZone> zones;
    private final int threshold;

    public DnsblCheck(List<DnsblZone> zones, int threshold) {
        if (zones.isEmpty()) {
            throw new IllegalArgumentException(NAME + ": at least one DNSBL zone is required, e.g. " + NAME + "=zen.spamhaus.org");
        }
        this.zones = List.copyOf(zones);
        this.threshold = threshold;
    }

    /** @throws IllegalArgumentException with a message naming the faulty part */
    public static DnsblCheck parse(String condition) {
        Condition parsed = Condition.parse(NAME, condition, OPTIONS);
        List<DnsblZone> zones = new ArrayList<>();
        for (String word : parsed.words()) {
            try {
                zones.add(DnsblZone.parse(word));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(NAME + ": " + e.getMessage(), e);
            }
        }
        int threshold = parsed.value("threshold").map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(NAME + ": threshold must be a whole number, got '" + v + "'", e);
            }
        }).orElse(1);
        return new DnsblCheck(zones, threshold);
    }

    private static final Pattern URL = Pattern.compile("https?://[\\x21-\\x7e]+");

    private static Optional<String> url(String txt) {
        Matcher m = URL.matcher(txt);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    @Override
    public String name() {
        return NAME;
    }

    public List<DnsblZone> zones() {
        return zones;
    }

    public int threshold() {
        return threshold;
    }

    /** Asks every zone, without building a verdict. */
    @Override
    public CompletableFuture<Void> prefetch(EvidenceSession session, Transaction transaction) {
        if (session.client().isEmpty()) {
            return Completion.DONE;
        }
        return Completion.allIn(zones.stream().map(session::dnsbl).collect(Collectors.toList()));
    }

    @Override
    public CompletableFuture<Verdict> evaluate(EvidenceSession session, Transaction transaction) {
        if (session.client().isEmpty()) {
            return CompletableFuture.completedFuture(Verdict.notApplicable(NAME, "client address unknown"));
        }
        List<CompletableFuture<DnsblEvidence>> answers = zones.stream().map(session::dnsbl).collect(Collectors.toList());
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            String ip = session.client().get().text();
            int score = 0;
            List<String> listings = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            Optional<String> firstTxt = Optional.empty();
            for (int i = 0; i < zones.size(); i++) {
                DnsblZone zone = zones.get(i);
                DnsblEvidence evidence = answers.get(i).join();
                List<String> codes = evidence.listingCodes(zone.filter());
                if (!codes.isEmpty()) {
                    score += zone.weight();
                    listings.add(zone.displayName() + " (" + String.join(",", codes)
                        + evidence.txt().map(t -> ": " + t).orElse("") + ")");
                    firstTxt = firstTxt.or(evidence::txt);
                }
                evidence.error().ifPresent(e -> problems.add(zone.displayName() + ": " + e));
                evidence.skipped().ifPresent(s -> problems.add(zone.displayName() + " skipped: " + s));
            }
            String scoreText = threshold == 1 && zones.stream().allMatch(z -> z.weight() == 1) ? "" : ", score " + score + " of " + threshold;
            String notes = problems.isEmpty() ? "" : " [" + String.join("; ", problems) + "]";
            if (score >= threshold && !listings.isEmpty()) {
                String remedy = firstTxt.flatMap(DnsblCheck::url).map(url -> "see " + url)
                    .orElse("ask the list operator to delist " + ip);
                return Verdict.match(NAME, ip + " is listed on " + String.join("; ", listings) + scoreText, remedy);
            }
            String listed = listings.isEmpty() ? "" : " (listed on " + String.join("; ", listings) + scoreText + ")";
            return Verdict.noMatch(NAME, ip + " below threshold" + listed + notes);
        });
    }
}
