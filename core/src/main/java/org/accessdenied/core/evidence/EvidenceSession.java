package org.accessdenied.core.evidence;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.xbill.DNS.Type;

import org.accessdenied.core.dns.DnsAnswer;
import org.accessdenied.core.dns.DnsClient;
import org.accessdenied.core.dnsbl.DnsblZone;
import org.accessdenied.core.dnsbl.ReturnCodeFilter;
import org.accessdenied.core.dnsbl.ZoneHealth;
import org.accessdenied.core.dnsbl.ZoneHealthMonitor;
import org.accessdenied.core.helo.HeloAnalysis;
import org.accessdenied.core.evidence.Transaction;
import org.accessdenied.core.metrics.MetricNames;
import org.accessdenied.core.metrics.Metrics;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.spam.SpamScore;
import org.accessdenied.core.spam.SpamdClient;
import org.accessdenied.core.spf.SpfEvaluator;
import org.accessdenied.core.spf.SpfEvidence;
import org.accessdenied.core.spf.SpfIdentity;
import org.accessdenied.core.spf.SpfResult;

/**
 * The evidence of one SMTP connection while it is being gathered. Each item is computed at most once, on first
 * request, without blocking the caller: every method returns a future that completes (normally, never
 * exceptionally) within the DNS deadline. Safe to use from many threads; start items early (at connect or HELO)
 * so they are ready when a check needs them.
 */
public final class EvidenceSession {
    /**
     * Senders (SPF) and messages (spam scores) remembered per connection: a client may send MAIL FROM after MAIL
     * FROM in one connection; past this many, an item is computed again when asked instead of remembered.
     */
    static final int MAX_REMEMBERED_PER_CONNECTION = 32;
    private final DnsClient dns;
    private final ZoneHealthMonitor zoneHealth;
    private final Optional<ClientIp> client;
    private final Optional<String> helo;
    private final HeloAnalysis heloAnalysis;
    private final Memo<PtrEvidence> ptr = new Memo<>();
    private final Memo<ForwardConfirmation> forwardConfirmation = new Memo<>();
    private final Memo<HeloResolution> heloResolution = new Memo<>();
    private final Map<String, Memo<DnsblEvidence>> dnsbl = new ConcurrentHashMap<>();
    private final SpfEvaluator spfEvaluator;
    private final Map<String, Memo<SpfEvidence>> spf = new ConcurrentHashMap<>();
    private final Memo<SpfEvidence> spfHelo = new Memo<>();
    private final SpamdClient spamd;
    private final Map<String, Memo<SpamScore>> spam = new ConcurrentHashMap<>();
    private final Metrics metrics;
    private volatile boolean learned;

    EvidenceSession(DnsClient dns, ZoneHealthMonitor zoneHealth, SpfEvaluator spfEvaluator, SpamdClient spamd, ConnectionEvidence known,
                    Metrics metrics) {
        this.metrics = metrics;
        this.dns = dns;
        this.zoneHealth = zoneHealth;
        this.spfEvaluator = spfEvaluator;
        this.spamd = spamd;
        this.client = known.client();
        this.helo = known.helo();
        this.heloAnalysis = known.heloAnalysis();
        known.ptr().ifPresent(ptr::seed);
        known.forwardConfirmation().ifPresent(forwardConfirmation::seed);
        known.heloResolution().ifPresent(heloResolution::seed);
        known.dnsbl().forEach((zone, evidence) -> dnsbl.computeIfAbsent(zone, z -> new Memo<>()).seed(evidence));
        known.spf().forEach((sender, evidence) -> spf.computeIfAbsent(sender, z -> new Memo<>()).seed(evidence));
        known.spfHelo().ifPresent(spfHelo::seed);
        known.spam().forEach((key, score) -> spam.computeIfAbsent(key, k -> new Memo<>()).seed(score));
    }

    /**
     * The same connection after a (new) HELO/EHLO: what depends only on the client address (PTR, forward
     * confirmation, DNSBL entries) is kept, lookups still in flight included; what depends on the HELO name or a
     * transaction (its resolution, SPF, spam scores) starts afresh, so it is asked again.
     */
    public EvidenceSession withHelo(Optional<String> newHelo) {
        EvidenceSession next = new EvidenceSession(dns, zoneHealth, spfEvaluator, spamd, ConnectionEvidence.of(client, newHelo), metrics);
        ptr.handOver(next.ptr);
        forwardConfirmation.handOver(next.forwardConfirmation);
        dnsbl.forEach((zone, memo) -> memo.handOver(next.dnsbl.computeIfAbsent(zone, z -> next.new Memo<>())));
        return next;
    }

    public Optional<ClientIp> client() {
        return client;
    }

    public Optional<String> helo() {
        return helo;
    }

    public HeloAnalysis heloAnalysis() {
        return heloAnalysis;
    }

    /** PTR lookup of the client address. */
    public CompletableFuture<PtrEvidence> ptr() {
        return ptr.get(() -> client
            .map(ip -> dns.ptr(ip).thenApply(PtrEvidence::from))
            .orElseGet(() -> CompletableFuture.completedFuture(
                new PtrEvidence(PtrEvidence.Status.NONE, List.of(), Optional.of("client address unknown")))),
            failure -> new PtrEvidence(PtrEvidence.Status.TEMPERROR, List.of(), Optional.of(failure)));
    }

    /** RFC 1912 §2.1: PTR names resolved forward, compared with the client address. */
    public CompletableFuture<ForwardConfirmation> forwardConfirmation() {
        return forwardConfirmation.get(() -> ptr().thenCompose(this::confirm),
            failure -> new ForwardConfirmation(ForwardConfirmation.Result.TEMPERROR, List.of(), Optional.of(failure)));
    }

    private CompletableFuture<ForwardConfirmation> confirm(PtrEvidence ptrEvidence) {
        switch (ptrEvidence.status()) {
            case TEMPERROR:
                return done(new ForwardConfirmation(ForwardConfirmation.Result.TEMPERROR, List.of(),
                    Optional.of("PTR lookup: " + ptrEvidence.error().orElse("failed"))));
            case NONE:
                return done(new ForwardConfirmation(ForwardConfirmation.Result.NO_PTR, List.of(), ptrEvidence.error()));
            default:
                break;
        }
        ClientIp ip = client.orElseThrow();
        List<String> names = ptrEvidence.names();
        List<CompletableFuture<DnsAnswer>> lookups = names.stream()
            .map(name -> dns.addresses(name, ip.isIpv6()))
            .collect(Collectors.toList());
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<String> confirmed = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                DnsAnswer answer = lookups.get(i).join();
                if (answer.addresses().stream().map(ClientIp::of).anyMatch(ip::equals)) {
                    confirmed.add(names.get(i));
                } else if (answer.isTemporaryFailure()) {
                    failures.add(names.get(i) + ": " + answer.error().orElse(answer.status().name()));
                }
            }
            if (!confirmed.isEmpty()) {
                return new ForwardConfirmation(ForwardConfirmation.Result.PASS, confirmed, Optional.empty());
            }
            if (!failures.isEmpty()) {
                return new ForwardConfirmation(ForwardConfirmation.Result.TEMPERROR, List.of(),
                    Optional.of("forward lookup " + String.join(", ", failures)));
            }
            return new ForwardConfirmation(ForwardConfirmation.Result.MISMATCH, List.of(),
                Optional.of("no PTR name resolves to " + ip.text() + ": " + String.join(", ", names)));
        });
    }

    /** A and AAAA of the HELO name (not applicable to literals and invalid names). */
    public CompletableFuture<HeloResolution> heloResolution() {
        return heloResolution.get(() -> {
            if (heloAnalysis.form() != HeloAnalysis.Form.DOMAIN) {
                return done(new HeloResolution(HeloResolution.Status.NOT_A_NAME, List.of()));
            }
            String name = heloAnalysis.domain().orElseThrow().name();
            CompletableFuture<DnsAnswer> v4 = dns.addresses(name, false);
            CompletableFuture<DnsAnswer> v6 = dns.addresses(name, true);
            return v4.thenCombine(v6, (a, aaaa) -> {
                List<String> addresses = new ArrayList<>();
                a.addresses().forEach(x -> addresses.add(ClientIp.of(x).text()));
                aaaa.addresses().forEach(x -> addresses.add(ClientIp.of(x).text()));
                if (!addresses.isEmpty()) {
                    return new HeloResolution(HeloResolution.Status.RESOLVES, addresses);
                }
                return new HeloResolution(a.isTemporaryFailure() || aaaa.isTemporaryFailure()
                    ? HeloResolution.Status.TEMPERROR : HeloResolution.Status.NO_ADDRESS, List.of());
            });
        }, failure -> new HeloResolution(HeloResolution.Status.TEMPERROR, List.of()));
    }

    /**
     * The client's entry in one DNSBL zone, with its TXT reason when listed. A zone the health monitor has found
     * unhealthy is not asked. An error code (127.255.255.x) or an address outside 127/8 never counts: for this client
     * it is "not listed", the error recorded; the monitor probes the zone's test points, and only a failing probe
     * disables the zone.
     */
    public CompletableFuture<DnsblEvidence> dnsbl(DnsblZone zone) {
        String key = zone.displayName();
        return dnsbl.computeIfAbsent(key, k -> new Memo<>()).get(() -> queryDnsbl(zone),
            failure -> new DnsblEvidence(key, List.of(), Optional.empty(), 0, Optional.of(failure), Optional.empty()));
    }

    private CompletableFuture<DnsblEvidence> queryDnsbl(DnsblZone zone) {
        String key = zone.displayName();
        if (client.isEmpty()) {
            return done(DnsblEvidence.skipped(key, "client address unknown"));
        }
        ZoneHealth health = zoneHealth.health(zone);
        if (!health.isUsable()) {
            return done(DnsblEvidence.skipped(key, "zone unhealthy: " + health.reason().orElse("")));
        }
        return dns.query(zone.queryName(client.get()), Type.A).thenCompose(answer -> {
            long millis = answer.latency().toMillis();
            if (!answer.isFound()) {
                Optional<String> error = answer.isTemporaryFailure()
                    ? Optional.of(answer.error().orElse(answer.status().name())) : Optional.empty();
                return done(new DnsblEvidence(key, List.of(), Optional.empty(), millis, error, Optional.empty()));
            }
            List<InetAddress> codes = answer.addresses();
            List<String> codeTexts = codes.stream().map(InetAddress::getHostAddress).collect(Collectors.toList());
            Optional<String> anomaly = anomaly(codes);
            anomaly.ifPresent(reason -> zoneHealth.reportAnomaly(zone, reason));
            if (anomaly.isPresent() || codes.stream().noneMatch(ReturnCodeFilter::isLoopbackRange)) {
                return done(new DnsblEvidence(key, codeTexts, Optional.empty(), millis, anomaly, Optional.empty()));
            }
            return dns.query(zone.queryName(client.get()), Type.TXT).thenApply(txt -> new DnsblEvidence(key, codeTexts,
                txt.texts().stream().findFirst(), millis, Optional.empty(), Optional.empty()));
        });
    }

    private static Optional<String> anomaly(List<InetAddress> codes) {
        for (InetAddress code : codes) {
            if (ReturnCodeFilter.isErrorCode(code)) {
                return Optional.of("an error code, not a listing: " + ReturnCodeFilter.explainErrorCode(code));
            }
            if (!ReturnCodeFilter.isLoopbackRange(code)) {
                return Optional.of("answered " + code.getHostAddress() + ", outside 127.0.0.0/8, not a listing");
            }
        }
        return Optional.empty();
    }

    /**
     * SPF (RFC 7208) of the MAIL FROM identity, or of the HELO identity for the null sender ({@code ""}).
     * A DNS timeout or SERVFAIL gives temperror, never none or neutral.
     */
    public CompletableFuture<SpfEvidence> spf(String sender) {
        return remembered(spf, sender).get(() -> client
                .map(ip -> spfEvaluator.mailFrom(ip, sender, helo))
                .orElseGet(() -> done(new SpfEvidence(sender.isEmpty() ? SpfIdentity.HELO : SpfIdentity.MAILFROM, sender,
                    SpfResult.NONE, Optional.of("client address unknown")))),
            failure -> new SpfEvidence(SpfIdentity.MAILFROM, sender, SpfResult.TEMPERROR, Optional.of(failure)));
    }

    /** SPF of the HELO identity ({@code postmaster@HELO}), recorded for every connection that asks for it. */
    public CompletableFuture<SpfEvidence> spfHelo() {
        return spfHelo.get(() -> client
                .map(ip -> spfEvaluator.heloIdentity(ip, helo))
                .orElseGet(() -> done(new SpfEvidence(SpfIdentity.HELO, "postmaster@" + helo.orElse(""), SpfResult.NONE,
                    Optional.of("client address unknown")))),
            failure -> new SpfEvidence(SpfIdentity.HELO, "postmaster@" + helo.orElse(""), SpfResult.TEMPERROR, Optional.of(failure)));
    }

    /**
     * The spam score of the transaction's message, once per message: a trusted score the transaction carries, else
     * spamd's, asked within the transaction's deadline (the future completes by then). No message or the message too
     * big: not scanned; spamd down, hanging, slow, busy or its circuit open: unavailable.
     */
    public CompletableFuture<SpamScore> spamScore(Transaction transaction) {
        if (transaction.message().isEmpty() && transaction.trustedScore().isEmpty()) {
            return done(SpamScore.notScanned("no message yet"));
        }
        return remembered(spam, transaction.messageKey()).get(() -> transaction.trustedScore()
                .map(EvidenceSession::done)
                .orElseGet(() -> transaction.deadline()
                    .map(deadline -> spamd.score(transaction.message().get(), deadline))
                    .orElseGet(() -> spamd.score(transaction.message().get()))),
            SpamScore::unavailable);
    }

    /**
     * Whether this session has started computing anything it was not given when it was created or resumed: when not,
     * its snapshot is what it was resumed from, and need not be written to the mail again.
     */
    public boolean learnedAnything() {
        return learned;
    }

    /** What is known now; items still being computed are left out. */
    public ConnectionEvidence snapshot() {
        Map<String, DnsblEvidence> lists = new java.util.HashMap<>();
        dnsbl.forEach((zone, memo) -> memo.now().ifPresent(evidence -> lists.put(zone, evidence)));
        Map<String, SpfEvidence> spfResults = new java.util.HashMap<>();
        spf.forEach((sender, memo) -> memo.now().ifPresent(evidence -> spfResults.put(sender, evidence)));
        Map<String, SpamScore> scores = new java.util.HashMap<>();
        spam.forEach((key, memo) -> memo.now().ifPresent(score -> scores.put(key, score)));
        return new ConnectionEvidence(client, helo, ptr.now(), forwardConfirmation.now(), heloResolution.now(), lists,
            spfResults, spfHelo.now(), scores);
    }

    /** The memo of {@code key}; a fresh, forgotten one when the map already holds its bound. */
    private <T> Memo<T> remembered(Map<String, Memo<T>> memos, String key) {
        Memo<T> known = memos.get(key);
        if (known != null) {
            return known;
        }
        return memos.size() < MAX_REMEMBERED_PER_CONNECTION ? memos.computeIfAbsent(key, k -> new Memo<>()) : new Memo<>();
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /**
     * A value computed at most once; a computation that throws is replaced by the given fallback. The first use of a
     * value recorded before (seeded) counts as an evidence cache hit, a computation as a miss.
     */
    private final class Memo<T> {
        private final AtomicReference<CompletableFuture<T>> ref = new AtomicReference<>();
        private final AtomicBoolean seededUnused = new AtomicBoolean();

        void seed(T value) {
            ref.set(CompletableFuture.completedFuture(value));
            seededUnused.set(true);
        }

        CompletableFuture<T> get(Supplier<CompletableFuture<T>> computation, Function<String, T> fallback) {
            CompletableFuture<T> existing = ref.get();
            if (existing != null) {
                if (seededUnused.compareAndSet(true, false)) {
                    metrics.increment(MetricNames.EVIDENCE_CACHE_HIT);
                }
                return existing;
            }
            CompletableFuture<T> mine = new CompletableFuture<>();
            if (!ref.compareAndSet(null, mine)) {
                return ref.get();
            }
            metrics.increment(MetricNames.EVIDENCE_CACHE_MISS);
            learned = true;
            CompletableFuture<T> computed;
            try {
                computed = computation.get();
            } catch (RuntimeException e) {
                computed = CompletableFuture.failedFuture(e);
            }
            computed.whenComplete((value, failure) -> mine.complete(failure == null ? value
                : fallback.apply("internal error: " + failure.getClass().getSimpleName())));
            return mine;
        }

        /** Gives {@code next} (another session's memo) this value, finished or still being computed; nothing if not started. */
        void handOver(Memo<T> next) {
            CompletableFuture<T> future = ref.get();
            if (future != null) {
                next.ref.set(future);
                next.seededUnused.set(true);
            }
        }

        Optional<T> now() {
            CompletableFuture<T> future = ref.get();
            return future != null && future.isDone() ? Optional.of(future.join()) : Optional.empty();
        }
    }
}
