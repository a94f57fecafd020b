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

import org.accessdenied.core.concurrent.Completion;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.HeloResolution;
import org.accessdenied.core.evidence.PtrEvidence;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.helo.HeloAnalysis;
import org.accessdenied.core.helo.HeloProblem;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.net.DomainName;
import org.accessdenied.core.net.Network;
import org.accessdenied.core.rdns.DynamicRdnsClassifier;
import org.accessdenied.core.rdns.RdnsClassification;
import org.accessdenied.core.evidence.Transaction;

/**
 * The HELO/EHLO argument is rubbish, a lie or not a proper host name. Each problem is a named, selectable check
 * ({@link HeloProblem}); the verdict names every problem found.
 * <p>
 * Condition words: problem names to enable ({@code syntax}, {@code not-fqdn}...), {@code default} (the default set:
 * missing, syntax, not-fqdn, bare-ip, literal-mismatch, our-name, forged-provider, dynamic, reserved), {@code all},
 * and {@code -name} to disable one. Options: {@code ourNames=mx.example.com|example.com},
 * {@code ourIps=192.0.2.25|2001:db8::25} (a client in ourIps greeting with ourNames is this server talking to itself),
 * {@code provider+=HELO-DOMAIN:PTR-DOMAIN|PTR-DOMAIN} (a big provider whose names, the domain and every name under it,
 * may only be used from hosts whose PTR is under one of those domains; adds to the built-in list),
 * {@code brand+=DOMAIN[:PTR-DOMAIN|PTR-DOMAIN]} (a brand whose bare domain may only be used from hosts whose PTR is
 * under it or under the domains given), {@code static=generic|exempt} (as DynamicRdns, for the dynamic check),
 * {@code temporary=nomatch|match}.
 */
public final class HeloCheck implements Check {
    public static final String NAME = "BadHelo";
    private static final Set<String> OPTIONS = Set.of("ourNames", "ourIps", "provider+", "brand+", "static", "temporary");
    public static final String REMEDY = "configure the sending server to greet (HELO/EHLO) with its own fully qualified host name (RFC 5321 section 4.1.1.1)";

    /** HELO organisational domain -> organisational domains its real servers' PTR names are under. */
    public static final Map<String, Set<String>> DEFAULT_PROVIDERS = defaultProviders();

    /**
     * Bare registrable domains of brands and mailbox providers worldwide that phishing and spam greet with -> the
     * organisational domains of their real servers' PTR names. Only the bare domain counts: a bank's own relay greeting
     * {@code mx1.bank.example} from an outsourced host is not flagged.
     */
    public static final Map<String, Set<String>> DEFAULT_BRANDS = defaultBrands();

    private final Set<HeloProblem> enabled;
    private final Set<String> ourNames;
    private final Set<ClientIp> ourIps;
    private final Predicate<String> isLocalDomain;
    private final Map<String, Set<String>> providers;
    private final Map<String, Set<String>> brands;
    private final DynamicRdnsClassifier classifier;
    private final boolean temporaryMatches;

    public HeloCheck(Set<HeloProblem> enabled, Set<String> ourNames, Set<ClientIp> ourIps, Predicate<String> isLocalDomain,
                     Map<String, Set<String>> providers, Map<String, Set<String>> brands, DynamicRdnsClassifier classifier,
                     boolean temporaryMatches) {
        this.enabled = EnumSet.noneOf(HeloProblem.class);
        this.enabled.addAll(enabled);
        this.ourNames = ourNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.ourIps = Set.copyOf(ourIps);
        this.isLocalDomain = isLocalDomain;
        this.providers = Map.copyOf(providers);
        this.brands = Map.copyOf(brands);
        this.classifier = classifier;
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

    private static Map<String, Set<String>> defaultBrands() {
        Map<String, Set<String>> map = new LinkedHashMap<>();
        // mailbox providers: their outbound relays' PTR domains
        map.put("gmx.de", Set.of("gmx.net", "gmx.de", "gmx.com"));
        map.put("gmx.net", Set.of("gmx.net", "gmx.de", "gmx.com"));
        map.put("gmx.com", Set.of("gmx.net", "gmx.de", "gmx.com"));
        map.put("orange.fr", Set.of("orange.fr", "wanadoo.fr"));
        map.put("wanadoo.fr", Set.of("orange.fr", "wanadoo.fr"));
        map.put("libero.it", Set.of("libero.it", "iol.it", "italiaonline.it"));
        map.put("yandex.ru", Set.of("yandex.ru", "yandex.net"));
        map.put("yandex.com", Set.of("yandex.ru", "yandex.net", "yandex.com"));
        map.put("163.com", Set.of("163.com", "126.com", "netease.com"));
        map.put("126.com", Set.of("163.com", "126.com", "netease.com"));
        map.put("yahoo.co.jp", Set.of("yahoo.co.jp"));
        map.put("rediffmail.com", Set.of("rediffmail.com", "rediff.com"));
        map.put("instagram.com", Set.of("instagram.com", "facebook.com", "facebookmail.com"));
        map.put("whatsapp.com", Set.of("whatsapp.com", "facebook.com", "facebookmail.com"));
        map.put("fastmail.com", Set.of("fastmail.com", "messagingengine.com"));
        map.put("protonmail.com", Set.of("protonmail.com", "protonmail.ch", "proton.ch", "proton.me"));
        map.put("proton.me", Set.of("protonmail.com", "protonmail.ch", "proton.ch", "proton.me"));
        map.put("mail.com", Set.of("mail.com", "gmx.com", "gmx.net"));
        map.put("gmx.at", Set.of("gmx.at", "gmx.net"));
        map.put("verizon.net", Set.of("verizon.net", "yahoo.com", "yahoodns.net", "aol.com"));
        map.put("att.net", Set.of("att.net", "yahoo.com", "yahoodns.net"));
        map.put("rocketmail.com", Set.of("yahoo.com", "yahoodns.net"));
        map.put("o2.pl", Set.of("o2.pl", "wp.pl"));
        map.put("ziggo.nl", Set.of("ziggo.nl", "as9143.net"));
        map.put("skynet.be", Set.of("skynet.be", "proximus.be", "belgacom.be"));
        map.put("sina.com", Set.of("sina.com", "sina.com.cn"));
        map.put("daum.net", Set.of("daum.net", "kakao.com"));
        map.put("bol.com.br", Set.of("bol.com.br", "uol.com.br"));
        map.put("virgilio.it", Set.of("virgilio.it", "libero.it", "iol.it", "italiaonline.it"));
        for (String domain : List.of(
                // mailbox providers whose relays are under their own domain
                "web.de", "t-online.de", "freenet.de", "laposte.net", "free.fr", "sfr.fr", "tiscali.it", "wp.pl",
                "onet.pl", "interia.pl", "seznam.cz", "centrum.cz", "mail.ru", "rambler.ru", "qq.com", "naver.com",
                "uol.com.br", "terra.com.br", "comcast.net", "zoho.com", "bluewin.ch", "telenet.be", "kpnmail.nl",
                "telia.com", "online.no", "abv.bg", "ukr.net", "walla.co.il",
                // payment, banks, shops, parcels, social networks, software: phishing's favourite greetings
                "paypal.com", "ebay.com", "stripe.com", "visa.com", "mastercard.com", "americanexpress.com",
                "chase.com", "bankofamerica.com", "wellsfargo.com", "citi.com", "citibank.com", "capitalone.com",
                "hsbc.com", "hsbc.co.uk", "barclays.co.uk", "lloydsbank.com", "natwest.com", "santander.com",
                "santander.co.uk", "bbva.com", "ing.com", "ing.de", "rabobank.nl", "abnamro.nl", "bnpparibas.com",
                "societegenerale.com", "credit-agricole.fr", "deutsche-bank.de", "commerzbank.de", "sparkasse.de",
                "postbank.de", "ubs.com", "credit-suisse.com", "unicredit.it", "intesasanpaolo.com", "pkobp.pl",
                "sberbank.ru", "itau.com.br", "bradesco.com.br", "nubank.com.br", "icicibank.com", "hdfcbank.com",
                "sbi.co.in", "commbank.com.au", "westpac.com.au", "anz.com", "rbc.com", "td.com", "mufg.jp",
                "dhl.com", "dhl.de", "fedex.com", "ups.com", "usps.com", "royalmail.com", "laposte.fr", "postnl.nl",
                "amazon.de", "amazon.co.uk", "amazon.fr", "amazon.co.jp", "alibaba.com", "aliexpress.com",
                "linkedin.com", "twitter.com", "x.com", "tiktok.com", "netflix.com", "spotify.com", "dropbox.com",
                "docusign.net", "docusign.com", "adobe.com", "wetransfer.com", "github.com", "booking.com",
                "airbnb.com", "binance.com", "coinbase.com", "irs.gov")) {
            map.put(domain, Set.of(domain));
        }
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
        Map<String, Set<String>> brands = new LinkedHashMap<>(DEFAULT_BRANDS);
        for (String spec : parsed.values("brand+")) {
            String[] parts = spec.toLowerCase(Locale.ROOT).split(":", 2);
            if (DomainName.parse(parts[0]).isEmpty() || (parts.length == 2 && parts[1].isBlank())) {
                throw new IllegalArgumentException(NAME + ": option 'brand+' expects DOMAIN or DOMAIN:PTR-DOMAIN|PTR-DOMAIN, got '" + spec + "'");
            }
            Set<String> ptrDomains = new LinkedHashSet<>(Set.of(parts[0]));
            if (parts.length == 2) {
                Arrays.stream(parts[1].split("\\|")).map(String::trim).filter(d -> !d.isEmpty()).forEach(ptrDomains::add);
            }
            brands.put(parts[0], ptrDomains);
        }
        DynamicRdnsClassifier classifier = DynamicRdnsClassifier.defaults().withStaticLines(DynamicRdnsCheck.staticLines(NAME, parsed));
        return new HeloCheck(enabled, ourNames, ourIps, isLocalDomain, providers, brands, classifier, parsed.temporaryMatches());
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

    /**
     * Problems decided without DNS, in the order of {@link HeloProblem}.
     *
     * @param client the client's address, when known (literal comparison, ourIps, the dynamic and reserved checks)
     */
    public List<String> offlineProblems(HeloAnalysis helo, Optional<ClientIp> client) {
        List<String> found = new ArrayList<>();
        String text = "'" + helo.text() + "'";
        // this server talking to itself (a content filter re-injecting, a monitoring probe) does not lie about its name
        boolean fromUs = client.filter(ourIps::contains).isPresent();
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
                ClientIp.parse(helo.text()).filter(ourIps::contains).filter(ip -> !fromUs)
                    .ifPresent(ip -> report(found, HeloProblem.OUR_NAME, "HELO " + text + " claims to be this server"));
                break;
            case ADDRESS_LITERAL:
                if (helo.literalIsClient().equals(Optional.of(false))) {
                    report(found, HeloProblem.LITERAL_MISMATCH, "HELO " + text + " is not the client's address");
                }
                helo.literal().flatMap(l -> l.address()).filter(ourIps::contains).filter(ip -> !fromUs)
                    .ifPresent(ip -> report(found, HeloProblem.OUR_NAME, "HELO " + text + " claims to be this server"));
                break;
            default:
                domainProblems(found, helo.domain().orElseThrow(), text, client, fromUs);
                break;
        }
        return found;
    }

    private void domainProblems(List<String> found, DomainName name, String text, Optional<ClientIp> client, boolean fromUs) {
        Optional<String> reserved = client.filter(ip -> !Network.isSpecialUse(ip)).flatMap(ip -> name.reservedProblem());
        if (!name.isFullyQualified()) {
            report(found, HeloProblem.NOT_FQDN, "HELO " + text + " is not a fully qualified domain name");
        } else if (reserved.isPresent() && enabled.contains(HeloProblem.RESERVED)) {
            report(found, HeloProblem.RESERVED, "HELO " + text + " cannot name a host on the Internet: " + reserved.get());
        } else if (!name.isUnderPublicSuffix()) {
            report(found, HeloProblem.PUBLIC_SUFFIX, "HELO " + text + " is not under a public domain suffix");
        }
        if (!fromUs && (ourNames.contains(name.name()) || isLocalDomain.test(name.name()))) {
            report(found, HeloProblem.OUR_NAME, "HELO " + text + " claims to be this server");
        }
        if (enabled.contains(HeloProblem.DYNAMIC) && name.isFullyQualified()) {
            RdnsClassification dynamic = classifier.classify(name.name(), client);
            if (dynamic.isDynamic()) {
                report(found, HeloProblem.DYNAMIC, "HELO " + text + " is a generic (dynamic/residential) name: " + dynamic.reason());
            }
        }
    }

    private void report(List<String> found, HeloProblem problem, String reason) {
        if (enabled.contains(problem)) {
            found.add(problem.id() + ": " + reason);
        }
    }

    /**
     * Starts the lookups the DNS-based problems need once the HELO is known; the offline problems (syntax, Public
     * Suffix List, classifier) are left to the evaluation, which skips the lookups' results when one is found.
     */
    @Override
    public CompletableFuture<Void> prefetch(EvidenceSession session, Transaction transaction) {
        HeloAnalysis helo = session.heloAnalysis();
        if (session.helo().isEmpty()) {
            return Completion.DONE;
        }
        List<CompletableFuture<?>> lookups = new ArrayList<>(3);
        if (claimedProviders(helo) != null) {
            lookups.add(session.ptr());
        }
        if (checksRdnsMismatch(helo)) {
            lookups.add(session.forwardConfirmation());
        }
        // a name not fully qualified is refused offline when not-fqdn is on: its lookup would go unused
        if (checksResolution(helo) && (helo.isFullyQualified() || !enabled.contains(HeloProblem.NOT_FQDN))) {
            lookups.add(session.heloResolution());
        }
        return Completion.allIn(lookups);
    }

    /** The organisational domains a PTR must be under when the HELO names a known provider or brand; null otherwise. */
    private Set<String> claimedProviders(HeloAnalysis helo) {
        if (!enabled.contains(HeloProblem.FORGED_PROVIDER) || helo.domain().isEmpty()) {
            return null;
        }
        String heloOrg = helo.domain().get().organisationalDomain();
        return providers.containsKey(heloOrg) ? providers.get(heloOrg)
            : helo.domain().get().name().equals(heloOrg) ? brands.get(heloOrg) : null;
    }

    private boolean checksRdnsMismatch(HeloAnalysis helo) {
        return enabled.contains(HeloProblem.RDNS_MISMATCH) && helo.domain().isPresent() && helo.isFullyQualified();
    }

    private boolean checksResolution(HeloAnalysis helo) {
        return enabled.contains(HeloProblem.NO_RESOLVE) && helo.domain().isPresent();
    }

    @Override
    public CompletableFuture<Verdict> evaluate(EvidenceSession session, Transaction transaction) {
        HeloAnalysis helo = session.heloAnalysis();
        List<String> found = offlineProblems(helo, session.client());
        if (!found.isEmpty()) {
            return CompletableFuture.completedFuture(Verdict.match(NAME, String.join("; ", found), REMEDY));
        }
        List<CompletableFuture<Optional<DnsFinding>>> lookups = List.of(
            forgedProvider(session, helo), rdnsMismatch(session, helo), unresolved(session, helo));
        return CompletableFuture.allOf(lookups.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<DnsFinding> findings = new ArrayList<>();
            lookups.forEach(lookup -> lookup.join().ifPresent(findings::add));
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
        Set<String> allowed = claimedProviders(helo);
        if (allowed == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String heloOrg = helo.domain().get().organisationalDomain();
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

    private CompletableFuture<Optional<DnsFinding>> rdnsMismatch(EvidenceSession session, HeloAnalysis helo) {
        if (!checksRdnsMismatch(helo)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String heloOrg = helo.domain().get().organisationalDomain();
        return session.forwardConfirmation().thenApply(fcrdns -> {
            String problem = HeloProblem.RDNS_MISMATCH.id() + ": HELO '" + helo.text() + "' ";
            switch (fcrdns.result()) {
                case TEMPERROR:
                    return DnsFinding.temporary(problem + "not compared: the client's forward-confirmed PTR is unknown");
                case PASS:
                    boolean same = fcrdns.confirmedNames().stream().map(DomainName::parse).flatMap(Optional::stream)
                        .anyMatch(ptr -> ptr.organisationalDomain().equals(heloOrg));
                    return same ? Optional.<DnsFinding>empty()
                        : DnsFinding.certain(problem + "is under " + heloOrg + " but the client's forward-confirmed PTR ("
                            + String.join(", ", fcrdns.confirmedNames()) + ") is not");
                default:
                    // no PTR, or one that does not confirm: NoMatchingPtr's business
                    return Optional.<DnsFinding>empty();
            }
        });
    }

    private CompletableFuture<Optional<DnsFinding>> unresolved(EvidenceSession session, HeloAnalysis helo) {
        if (!checksResolution(helo)) {
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
