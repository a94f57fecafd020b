package org.accessdenied.core.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.HeloResolution;
import org.accessdenied.core.evidence.PtrEvidence;
import org.accessdenied.core.helo.HeloAnalysis;
import org.accessdenied.core.helo.HeloProblem;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.net.DomainName;
import org.accessdenied.core.evidence.Transaction;

/**
 * The HELO/EHLO argument is rubbish, a lie or not a proper host name. Each problem is a named, selectable check
 * ({@link HeloProblem}); the verdict names every problem found.
 * <p>
 * Condition words: problem names to enable ({@code syntax}, {@code not-fqdn}...), {@code default} (the default set:
 * missing, syntax, not-fqdn, bare-ip, literal-mismatch, our-name, forged-provider), {@code all}, and {@code -name}
 * to disable one. Options: {@code ourNames=mx.example.com|example.com}, {@code ourIps=192.0.2.25|2001:db8::25},
 * {@code provider+=HELO-DOMAIN:PTR-DOMAIN|PTR-DOMAIN} (a big provider whose name may only be used from hosts whose
 * PTR is under one of those domains; adds to the built-in list), {@code temporary=nomatch|match}.
 */
public final class HeloCheck implements Check {
    public static final String NAME = "BadHelo";
    private static final Set<String> OPTIONS = Set.of("ourNames", "ourIps", "provider+", "temporary");
    private static final String REMEDY = "configure the sending server to greet (HELO/EHLO) with its own fully qualified host name (RFC 5321 section 4.1.1.1)";

    /** HELO organisational domain -> organisational domains its real servers' PTR names are under. */
    public static final Map<String, Set<String>> DEFAULT_PROVIDERS = defaultProviders();

    private final Set<HeloProblem> enabled;
    private final Set<String> ourNames;
    private final Set<ClientIp> ourIps;
    private final Predicate<String> isLocalDomain;
    private final Map<String, Set<String>> providers;
    private final boolean temporaryMatches;

    public HeloCheck(Set<HeloProblem> enabled, Set<String> ourNames, Set<ClientIp> ourIps, Predicate<String> isLocalDomain,
                     Map<String, Set<String>> providers, boolean temporaryMatches) {
        this.enabled = EnumSet.noneOf(HeloProblem.class);
        this.enabled.addAll(enabled);
        this.ourNames = ourNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.ourIps = Set.copyOf(ourIps);
        this.isLocalDomain = isLocalDomain;
        this.providers = Map.copyOf(providers);
        this.temporaryMatches = temporaryMatches;
    }

    private static Map<String, Set<String>> defaultProviders() {
        Map<String, Set<String>> map = new LinkedHashMap<>();
        Set<String> google = Set.of("google.com");
        Set<String> microsoft = Set.of("outlook.com", "microsoft.com", "hotmail.com");
        Set<String> yahoo = Set.of("yahoo.com", "yahoodns.net", "yahoo.net", "aol.com");
        Set<String> apple = Set.of("apple.com", "icloud.com", "me.com");
        Set<String> facebook = Set.of("facebook.com", "facebookmail.com");
        for (String d : List.of("google.com", "gmail.com", "googlemail.com")) {
            map.put(d, google);
        }
        for (String d : List.of("outlook.com", "hotmail.com", "live.com", "msn.com", "microsoft.com", "office365.com")) {
            map.put(d, microsoft);
        }
        for (String d : List.of("yahoo.com", "ymail.com", "aol.com")) {
            map.put(d, yahoo);
        }
        for (String d : List.of("apple.com", "icloud.com", "me.com", "mac.com")) {
            map.put(d, apple);
        }
        for (String d : List.of("facebook.com", "facebookmail.com")) {
            map.put(d, facebook);
        }
        map.put("amazon.com", Set.of("amazon.com", "amazonses.com"));
        return Map.copyOf(map);
    }

    /**
     * @param isLocalDomain the server's local mail domains (a HELO naming one claims to be us)
     * @throws IllegalArgumentException naming the faulty part
     */
    public static HeloCheck parse(String condition, Predicate<String> isLocalDomain) {
        Condition parsed = Condition.parse(NAME, condition, OPTIONS);
        Set<HeloProblem> enabled = EnumSet.noneOf(HeloProblem.class);
        boolean explicit = false;
        List<HeloProblem> disabled = new ArrayList<>();
        for (String word : parsed.words()) {
            if (word.equals("default")) {
                Arrays.stream(HeloProblem.values()).filter(HeloProblem::isDefault).forEach(enabled::add);
            } else if (word.equals("all")) {
                enabled.addAll(EnumSet.allOf(HeloProblem.class));
            } else if (word.startsWith("-")) {
                disabled.add(problem(word.substring(1)));
                continue;
            } else {
                enabled.add(problem(word));
            }
            explicit = true;
        }
        if (!explicit) {
            Arrays.stream(HeloProblem.values()).filter(HeloProblem::isDefault).forEach(enabled::add);
        }
        disabled.forEach(enabled::remove);
        Set<String> ourNames = new LinkedHashSet<>();
        parsed.value("ourNames").ifPresent(v -> Arrays.stream(v.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).forEach(ourNames::add));
        Set<ClientIp> ourIps = new LinkedHashSet<>();
        parsed.value("ourIps").ifPresent(v -> Arrays.stream(v.split("\\|")).map(String::trim).filter(s -> !s.isEmpty())
            .forEach(ip -> ourIps.add(ClientIp.parse(ip).orElseThrow(() ->
                new IllegalArgumentException(NAME + ": option 'ourIps': '" + ip + "' is not an IP address")))));
        Map<String, Set<String>> providers = new LinkedHashMap<>(DEFAULT_PROVIDERS);
        for (String spec : parsed.values("provider+")) {
            int colon = spec.indexOf(':');
            if (colon <= 0 || colon == spec.length() - 1) {
                throw new IllegalArgumentException(NAME + ": option 'provider+' expects HELO-DOMAIN:PTR-DOMAIN|PTR-DOMAIN, got '" + spec + "'");
            }
            providers.put(spec.substring(0, colon).toLowerCase(Locale.ROOT),
                Arrays.stream(spec.substring(colon + 1).split("\\|")).map(s -> s.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet()));
        }
        return new HeloCheck(enabled, ourNames, ourIps, isLocalDomain, providers, parsed.temporaryMatches());
    }

    private static HeloProblem problem(String id) {
        return HeloProblem.byId(id).orElseThrow(() -> new IllegalArgumentException(NAME + ": unknown check '" + id
            + "'; known: " + Arrays.stream(HeloProblem.values()).map(HeloProblem::id).collect(Collectors.joining(", "))));
    }

    public Set<HeloProblem> enabled() {
        return EnumSet.copyOf(enabled);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean temporaryMatches() {
        return temporaryMatches;
    }

    /** Problems decided without DNS, in the order of {@link HeloProblem}. */
    public List<String> offlineProblems(HeloAnalysis helo) {
        List<String> found = new ArrayList<>();
        String text = "'" + helo.text() + "'";
        switch (helo.form()) {
            case MISSING:
                report(found, HeloProblem.MISSING, "no HELO/EHLO name given");
                break;
            case INVALID:
                report(found, HeloProblem.SYNTAX, "HELO " + text + " is not a valid host name or address literal ("
                    + helo.syntaxProblem().orElse("") + ")");
                break;
            case BARE_IP:
                report(found, HeloProblem.BARE_IP, "HELO " + text + " is an IP address without brackets (RFC 5321 wants [address])");
                ClientIp.parse(helo.text()).filter(ourIps::contains).ifPresent(ip -> report(found, HeloProblem.OUR_NAME, "HELO " + text + " claims to be this server"));
                break;
            case ADDRESS_LITERAL:
                if (helo.literalIsClient().equals(Optional.of(false))) {
                    report(found, HeloProblem.LITERAL_MISMATCH, "HELO " + text + " is not the client's address");
                }
                helo.literal().flatMap(l -> l.address()).filter(ourIps::contains)
                    .ifPresent(ip -> report(found, HeloProblem.OUR_NAME, "HELO " + text + " claims to be this server"));
                break;
            default:
                DomainName name = helo.domain().orElseThrow();
                if (!name.isFullyQualified()) {
                    report(found, HeloProblem.NOT_FQDN, "HELO " + text + " is not a fully qualified domain name");
                } else if (!name.isUnderPublicSuffix()) {
                    report(found, HeloProblem.PUBLIC_SUFFIX, "HELO " + text + " is not under a public domain suffix");
                }
                if (ourNames.contains(name.name()) || isLocalDomain.test(name.name())) {
                    report(found, HeloProblem.OUR_NAME, "HELO " + text + " claims to be this server");
                }
                break;
        }
        return found;
    }

    private void report(List<String> found, HeloProblem problem, String reason) {
        if (enabled.contains(problem)) {
            found.add(problem.id() + ": " + reason);
        }
    }

    @Override
    public CompletableFuture<Verdict> evaluate(EvidenceSession session, Transaction transaction) {
        HeloAnalysis helo = session.heloAnalysis();
        List<String> found = offlineProblems(helo);
        if (!found.isEmpty()) {
            return CompletableFuture.completedFuture(Verdict.match(NAME, String.join("; ", found), REMEDY));
        }
        CompletableFuture<Optional<DnsFinding>> forged = forgedProvider(session, helo);
        CompletableFuture<Optional<DnsFinding>> unresolved = unresolved(session, helo);
        return forged.thenCombine(unresolved, (f, u) -> {
            List<DnsFinding> findings = new ArrayList<>();
            f.ifPresent(findings::add);
            u.ifPresent(findings::add);
            String certain = findings.stream().filter(x -> !x.temporary).map(x -> x.text).collect(Collectors.joining("; "));
            if (!certain.isEmpty()) {
                return Verdict.match(NAME, certain, REMEDY);
            }
            if (!findings.isEmpty()) {
                return Verdict.temporary(NAME, findings.stream().map(x -> x.text).collect(Collectors.joining("; ")), temporaryMatches);
            }
            return Verdict.noMatch(NAME, "HELO '" + helo.text() + "' passes " + enabled.stream().map(HeloProblem::id).collect(Collectors.joining(",")));
        });
    }

    /** A problem found with DNS; temporary when a lookup failed and the problem is only suspected. */
    private static final class DnsFinding {
        private final String text;
        private final boolean temporary;

        private DnsFinding(String text, boolean temporary) {
            this.text = text;
            this.temporary = temporary;
        }

        static Optional<DnsFinding> certain(String text) {
            return Optional.of(new DnsFinding(text, false));
        }

        static Optional<DnsFinding> temporary(String text) {
            return Optional.of(new DnsFinding(text, true));
        }
    }

    private CompletableFuture<Optional<DnsFinding>> forgedProvider(EvidenceSession session, HeloAnalysis helo) {
        if (!enabled.contains(HeloProblem.FORGED_PROVIDER) || helo.domain().isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String heloOrg = helo.domain().get().organisationalDomain();
        Set<String> allowed = providers.get(heloOrg);
        if (allowed == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String prefix = HeloProblem.FORGED_PROVIDER.id() + ": HELO '" + helo.text() + "' names " + heloOrg + " but ";
        return session.ptr().thenApply(ptr -> {
            if (ptr.status() == PtrEvidence.Status.TEMPERROR) {
                return DnsFinding.temporary(prefix + "the client's PTR is unknown: " + ptr.error().orElse("DNS failure"));
            }
            if (ptr.status() == PtrEvidence.Status.NONE) {
                return DnsFinding.certain(prefix + "the client has no PTR record");
            }
            boolean genuine = ptr.names().stream().map(DomainName::parse).flatMap(Optional::stream)
                .anyMatch(name -> allowed.contains(name.organisationalDomain()));
            return genuine ? Optional.empty()
                : DnsFinding.certain(prefix + "the client's PTR (" + String.join(", ", ptr.names()) + ") is not under " + String.join(" or ", allowed));
        });
    }

    private CompletableFuture<Optional<DnsFinding>> unresolved(EvidenceSession session, HeloAnalysis helo) {
        if (!enabled.contains(HeloProblem.NO_RESOLVE) || helo.domain().isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return session.heloResolution().thenApply(resolution -> {
            String problem = HeloProblem.NO_RESOLVE.id() + ": HELO '" + helo.text() + "' ";
            if (resolution.status() == HeloResolution.Status.NO_ADDRESS) {
                return DnsFinding.certain(problem + "has no A or AAAA record");
            }
            if (resolution.status() == HeloResolution.Status.TEMPERROR) {
                return DnsFinding.temporary(problem + "could not be resolved (DNS failure)");
            }
            return Optional.empty();
        });
    }
}
