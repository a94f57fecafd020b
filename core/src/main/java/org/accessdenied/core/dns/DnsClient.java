package org.accessdenied.core.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupFailedException;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;
import org.xbill.DNS.lookup.RedirectOverflowException;
import org.xbill.DNS.lookup.ServerFailedException;

import org.accessdenied.core.net.ClientIp;

import org.accessdenied.core.concurrent.DaemonThreads;

/**
 * The pack's one DNS client: asynchronous (dnsjava {@link LookupSession}), a hard deadline on every question
 * (a timer of its own, because dnsjava 3.5.2 checks its own timeouts only about once a second; cancelled when the
 * answer comes),
 * a TTL-respecting cache (a front map of completed answers, {@link AnswerCache}, before dnsjava's own), UDP from a
 * small rotating pool of random source ports ({@link PooledUdpResolver}; {@code questionsPerPort = 0}: dnsjava's
 * socket per question), identical questions in flight shared instead of sent twice, and hedged re-sends: a
 * question still unanswered is sent again (new id, new port) every third of the deadline, at most every 500 ms,
 * until the deadline, and the first answer wins; a lost UDP datagram costs one interval, not the whole deadline.
 * <p>
 * Futures it returns always complete normally with a {@link DnsAnswer}; failures are answers too. Callers must
 * not block on them from a thread that serves connections.
 */
public final class DnsClient implements AutoCloseable {
    private final LookupSession session;
    private final Cache cache;
    private final Duration timeout;
    private static final Duration MAX_RESEND_INTERVAL = Duration.ofMillis(500);
    private final Duration hedgeDelay;
    private final LongAdder hedges = new LongAdder();
    private final CountingResolver resolver;
    private final ExecutorService callbacks;
    /** Re-sends and deadlines of questions in flight, cancelled (and removed) when the answer comes: none fires then. */
    private final ScheduledThreadPoolExecutor timers;
    private final ConcurrentHashMap<Question, CompletableFuture<DnsAnswer>> inFlight = new ConcurrentHashMap<>();
    private final List<InetSocketAddress> servers;
    private final DnsObserver observer;
    private final AnswerCache answers;
    private final List<PooledUdpResolver> pools = new ArrayList<>();

    private DnsClient(DnsSettings settings, DnsObserver observer) {
        this.observer = observer;
        this.timeout = settings.timeout();
        this.hedgeDelay = resendInterval(timeout);
        this.servers = settings.servers().isEmpty()
            ? systemServers()
            : settings.servers().stream().map(ResolverAddress::socketAddress).collect(Collectors.toList());
        Resolver[] resolvers = servers.stream().map(address -> transport(address, settings)).toArray(Resolver[]::new);
        ExtendedResolver extended = new ExtendedResolver(resolvers);
        extended.setTimeout(timeout);
        extended.setRetries(1);
        this.resolver = new CountingResolver(extended);
        this.cache = new Cache(DClass.IN);
        cache.setMaxEntries(settings.cacheSize());
        this.answers = new AnswerCache(settings.cacheSize());
        this.callbacks = Executors.newFixedThreadPool(2, DaemonThreads.named("access-denied-dns"));
        this.timers = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("access-denied-dns-timer"));
        timers.setRemoveOnCancelPolicy(true);
        this.session = LookupSession.builder()
            .resolver(resolver)
            .cache(cache)
            .executor(callbacks)
            .clearSearchPath()
            .ndots(1)
            .build();
    }

    private Resolver transport(InetSocketAddress address, DnsSettings settings) {
        if (settings.questionsPerPort() > 0) {
            try {
                PooledUdpResolver pool = new PooledUdpResolver(address, timeout, settings.questionsPerPort());
                pools.add(pool);
                return pool;
            } catch (IOException e) {
                throw new UncheckedIOException("DNS: cannot open a selector for " + address, e);
            }
        }
        SimpleResolver simple = new SimpleResolver(address);
        simple.setTimeout(timeout);
        return simple;
    }

    public static DnsClient create(DnsSettings settings) {
        return new DnsClient(settings, DnsObserver.NONE);
    }

    /** A client whose every question and answer the observer sees (metrics). */
    public static DnsClient create(DnsSettings settings, DnsObserver observer) {
        return new DnsClient(settings, observer);
    }

    private static List<InetSocketAddress> systemServers() {
        List<InetSocketAddress> system = ResolverConfig.getCurrentConfig().servers();
        return system.isEmpty() ? List.of(new InetSocketAddress("127.0.0.1", ResolverAddress.DEFAULT_PORT)) : system;
    }

    /**
     * The interval of the re-sends of an unanswered question: a third of the deadline, at most 500 ms (a lost UDP
     * datagram is the common cause; a resolver that answers at all answers well within that).
     */
    static Duration resendInterval(Duration timeout) {
        Duration third = timeout.dividedBy(3);
        return third.compareTo(MAX_RESEND_INTERVAL) > 0 ? MAX_RESEND_INTERVAL : third;
    }

    /**
     * Re-sends the question every {@link #hedgeDelay} while it is unanswered and the deadline is not near, and fails
     * it at the deadline. Returns what cancels both timers: run as soon as the question completes, so an answered
     * question costs no timer wake-up.
     */
    private Runnable guard(Name name, int type, CompletableFuture<LookupResult> lookup, long deadlineNanos) {
        long hedgeMillis = hedgeDelay.toMillis();
        ScheduledFuture<?> resends = timers.scheduleWithFixedDelay(() -> {
            if (!lookup.isDone() && System.nanoTime() < deadlineNanos - hedgeDelay.toNanos() / 2) {
                hedges.increment();
                send(name, type, lookup);
            }
        }, hedgeMillis, hedgeMillis, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> deadline = timers.schedule(() -> lookup.completeExceptionally(new TimeoutException()),
            deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        return () -> {
            resends.cancel(false);
            deadline.cancel(false);
        };
    }

    /** Asks one question. {@code name} must be absolute. */
    public CompletableFuture<DnsAnswer> query(Name name, int type) {
        Question question = new Question(name, type);
        Consumer<DnsAnswer> observed = observer.asked();
        CompletableFuture<DnsAnswer> kept = answers.get(question);
        if (kept != null) {
            kept.thenAccept(observed);
            return kept;
        }
        CompletableFuture<DnsAnswer> mine = new CompletableFuture<>();
        CompletableFuture<DnsAnswer> existing = inFlight.putIfAbsent(question, mine);
        if (existing != null) {
            // the caller's future completes after its question is counted (as for the asker that went to the wire)
            return existing.thenApply(answer -> {
                observed.accept(answer);
                return answer;
            });
        }
        long start = System.nanoTime();
        CompletableFuture<LookupResult> lookup = new CompletableFuture<>();
        send(name, type, lookup);
        Runnable stopTimers = guard(name, type, lookup, start + timeout.toNanos());
        lookup.handle((result, failure) -> toAnswer(result, failure, Duration.ofNanos(System.nanoTime() - start)))
            .whenComplete((answer, impossible) -> {
                stopTimers.run();
                keep(question, answer, start);
                inFlight.remove(question, mine);
                observed.accept(answer);
                mine.complete(answer);
            });
        return mine;
    }

    /**
     * Keeps an answer in the front map when it came off the wire for this very question (so its TTL is known);
     * answers through a CNAME, from dnsjava's cache or temporary failures are left to dnsjava's cache.
     */
    private void keep(Question question, DnsAnswer answer, long askedNanos) {
        CountingResolver.Ttl ttl = resolver.takeTtl(question.name(), question.type(), askedNanos);
        if (ttl == null || answer.isTemporaryFailure()) {
            return;
        }
        for (org.xbill.DNS.Record record : answer.records()) {
            if (!record.getName().equals(question.name())) {
                return;
            }
        }
        answers.put(question, answer, ttl.seconds);
    }

    /** Asks one question past the cache: what the cache held for the name is dropped (a health probe must see the zone as it is now). */
    public CompletableFuture<DnsAnswer> queryUncached(Name name, int type) {
        cache.flushName(name);
        answers.remove(new Question(name, type));
        return query(name, type);
    }

    private void send(Name name, int type, CompletableFuture<LookupResult> firstAnswer) {
        try {
            session.lookupAsync(name, type).whenComplete((result, failure) -> {
                if (failure == null) {
                    firstAnswer.complete(result);
                } else {
                    firstAnswer.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            firstAnswer.completeExceptionally(e);
        }
    }

    /**
     * Asks for the A (or AAAA) records of a host name given as text; a name that cannot exist in the DNS
     * (bad syntax, too long) is answered NXDOMAIN without a query.
     */
    public CompletableFuture<DnsAnswer> addresses(String hostname, boolean ipv6) {
        try {
            return query(Name.fromString(hostname, Name.root), ipv6 ? Type.AAAA : Type.A);
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(DnsAnswer.nxDomain(Duration.ZERO));
        }
    }

    /** Asks for the PTR records of an address. */
    public CompletableFuture<DnsAnswer> ptr(ClientIp ip) {
        return query(Name.fromConstantString(ip.reverseLookupName()), Type.PTR);
    }

    private static DnsAnswer toAnswer(LookupResult result, Throwable failure, Duration latency) {
        if (failure == null) {
            return DnsAnswer.found(result.getRecords(), latency);
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof NoSuchDomainException) {
            return DnsAnswer.nxDomain(latency);
        }
        if (cause instanceof NoSuchRRSetException || cause instanceof RedirectOverflowException) {
            // a CNAME chain that loops or never ends leads nowhere: a lasting misconfiguration, not a passing failure
            return DnsAnswer.noData(latency);
        }
        if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException
            || (cause instanceof IOException && String.valueOf(cause.getMessage()).contains("Timed out"))) {
            return DnsAnswer.failure(DnsAnswer.Status.TIMEOUT, "no answer within " + latency.toMillis() + " ms", latency);
        }
        if (cause instanceof ServerFailedException) {
            return DnsAnswer.failure(DnsAnswer.Status.ERROR, "SERVFAIL", latency);
        }
        if (cause instanceof LookupFailedException) {
            // dnsjava's message names the rcode ("Unknown non-success error code REFUSED") but also the query name
            return DnsAnswer.failure(DnsAnswer.Status.ERROR, rcodeOf(cause.getMessage()), latency);
        }
        return DnsAnswer.failure(DnsAnswer.Status.ERROR, cause.getClass().getSimpleName(), latency);
    }

    private static String rcodeOf(String message) {
        String text = String.valueOf(message);
        for (String rcode : new String[] {"REFUSED", "FORMERR", "NOTIMP", "NOTAUTH", "NOTZONE", "YXDOMAIN"}) {
            if (text.contains(rcode)) {
                return rcode;
            }
        }
        return "lookup failed";
    }

    /** Questions sent to servers so far, hedged re-sends included (cache hits and shared questions are not counted). */
    public long queriesSent() {
        return resolver.sent();
    }

    /** Questions sent again because the first send had no answer after a third of the deadline. */
    public long hedgesSent() {
        return hedges.sum();
    }

    /** Re-send and deadline timers not yet fired or cancelled (tests). */
    int timersPending() {
        return timers.getQueue().size();
    }

    /** Distinct questions sent: {@link #queriesSent()} less the hedged re-sends. */
    public long questionsAsked() {
        return queriesSent() - hedgesSent();
    }

    public List<InetSocketAddress> servers() {
        return servers;
    }

    public Duration timeout() {
        return timeout;
    }

    public void clearCache() {
        cache.clearCache();
        answers.clear();
    }

    /** Answers in the front map now (at most the cache size). */
    public int frontCacheSize() {
        return answers.size();
    }

    @Override
    public void close() {
        pools.forEach(PooledUdpResolver::close);
        callbacks.shutdownNow();
        timers.shutdownNow();
    }
}
