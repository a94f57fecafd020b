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

import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import org.accessdenied.core.cache.ExpiringCache;
import org.accessdenied.core.concurrent.DaemonThreads;
import org.accessdenied.core.net.ClientIp;

/**
 * The pack's one DNS client: asynchronous, a hard deadline on every question (a timer of its own, because dnsjava
 * 3.5.2 checks its own timeouts only about once a second; cancelled when the answer comes), a TTL-respecting cache
 * of completed answers (an {@link ExpiringCache}: a hit returns the same completed future every time; an answer is
 * kept until {@link DnsAnswer#keptUntilNanos()}, temporary failures never), UDP from a small rotating pool of random source ports
 * ({@link PooledUdpResolver}; {@code questionsPerPort = 0}: dnsjava's socket per question), identical questions in
 * flight shared instead of sent twice, and hedged re-sends: a question still unanswered is sent again (new id, new
 * port) every third of the deadline, at most every 500 ms, until the deadline, and the first answer wins; a lost
 * UDP datagram costs one interval, not the whole deadline.
 * <p>
 * Questions go to the transport directly and responses are read here ({@link ResponseReading}: the CNAME chain, the
 * negative answers, the TTL), not through dnsjava's {@code LookupSession}, whose cache, executor stages and an
 * exception per "no such name" cost more CPU per question than the transport itself. Several servers are asked
 * through dnsjava's {@link ExtendedResolver} (failover); one is asked directly.
 * <p>
 * Futures it returns always complete normally with a {@link DnsAnswer}; failures are answers too. Callers must
 * not block on them from a thread that serves connections.
 */
public final class DnsClient implements AutoCloseable {
    private static final Duration MAX_RESEND_INTERVAL = Duration.ofMillis(500);
    private final Duration timeout;
    private final long hedgeNanos;
    private final LongAdder hedges = new LongAdder();
    private final CountingResolver resolver;
    /** For transports that complete on an executor (dnsjava's own: TCP, and a socket per question). */
    private final ExecutorService callbacks;
    /** Re-sends and deadlines of questions in flight, cancelled (and removed) when the answer comes: none fires then. */
    private final ScheduledThreadPoolExecutor timers;
    private final ConcurrentHashMap<Question, CompletableFuture<DnsAnswer>> inFlight = new ConcurrentHashMap<>();
    private final List<InetSocketAddress> servers;
    private final DnsObserver observer;
    private final ExpiringCache<Question, CompletableFuture<DnsAnswer>> answers;
    private final List<PooledUdpResolver> pools = new ArrayList<>();

    private DnsClient(DnsSettings settings, DnsObserver observer) {
        this.observer = observer;
        this.timeout = settings.timeout();
        this.hedgeNanos = resendInterval(timeout).toNanos();
        this.servers = settings.servers().isEmpty()
            ? systemServers()
            : settings.servers().stream().map(ResolverAddress::socketAddress).collect(Collectors.toList());
        Resolver[] resolvers = servers.stream().map(address -> transport(address, settings)).toArray(Resolver[]::new);
        if (resolvers.length == 1) {
            this.resolver = new CountingResolver(resolvers[0]);
        } else {
            ExtendedResolver extended = new ExtendedResolver(resolvers);
            extended.setTimeout(timeout);
            extended.setRetries(1);
            this.resolver = new CountingResolver(extended);
        }
        this.answers = new ExpiringCache<>(settings.cacheSize());
        this.callbacks = Executors.newFixedThreadPool(2, DaemonThreads.named("access-denied-dns"));
        this.timers = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("access-denied-dns-timer"));
        timers.setRemoveOnCancelPolicy(true);
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
     * One timer per question in flight: at each re-send interval it sends the question again while it is
     * unanswered and the deadline is not near, and at the deadline it fails it. {@link #cancel()} as soon as the
     * question completes, so an answered question costs no timer wake-up.
     */
    private final class Guard implements Runnable {
        private final Question question;
        private final CompletableFuture<Message> response;
        private final long deadlineNanos;
        private volatile ScheduledFuture<?> next;

        Guard(Question question, CompletableFuture<Message> response, long deadlineNanos) {
            this.question = question;
            this.response = response;
            this.deadlineNanos = deadlineNanos;
        }

        void start() {
            schedule();
        }

        private void schedule() {
            long untilDeadline = deadlineNanos - System.nanoTime();
            next = timers.schedule(this, Math.min(hedgeNanos, untilDeadline), TimeUnit.NANOSECONDS);
            if (response.isDone()) {
                next.cancel(false);
            }
        }

        @Override
        public void run() {
            if (response.isDone()) {
                return;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                response.completeExceptionally(new TimeoutException());
                return;
            }
            if (left > hedgeNanos / 2) {
                hedges.increment();
                send(question, response);
            }
            schedule();
        }

        void cancel() {
            ScheduledFuture<?> scheduled = next;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    /** Asks one question. {@code name} must be absolute. */
    public CompletableFuture<DnsAnswer> query(Name name, int type) {
        Question question = new Question(name, type);
        Consumer<DnsAnswer> observed = observer.asked();
        CompletableFuture<DnsAnswer> kept = answers.get(question);
        if (kept != null) {
            observed.accept(kept.join());
            return kept;
        }
        // the caller's future completes after its question is counted
        return resolve(question, ResponseReading.MAX_REDIRECTS, System.nanoTime() + timeout.toNanos(), true)
            .thenApply(answer -> {
                observed.accept(answer);
                return answer;
            });
    }

    /**
     * The answer from the cache, from the same question in flight ({@code shared}), or from a server. A chain's next
     * question is not shared: two chains that lead into each other would otherwise each wait for the other.
     */
    private CompletableFuture<DnsAnswer> resolve(Question question, int redirectsLeft, long deadlineNanos, boolean shared) {
        CompletableFuture<DnsAnswer> mine = new CompletableFuture<>();
        if (shared) {
            CompletableFuture<DnsAnswer> existing = inFlight.putIfAbsent(question, mine);
            if (existing != null) {
                return existing;
            }
        }
        // looked at after entering the in-flight map: an answer kept, and gone from that map, since the caller looked is found
        CompletableFuture<DnsAnswer> kept = answers.get(question);
        if (kept != null) {
            if (shared) {
                inFlight.remove(question, mine);
                mine.complete(kept.join());
            }
            return kept;
        }
        long start = System.nanoTime();
        CompletableFuture<Message> response = new CompletableFuture<>();
        Guard guard = new Guard(question, response, deadlineNanos);
        send(question, response);
        guard.start();
        response.handle((message, failure) -> {
            guard.cancel();
            return read(question, message, failure, start, redirectsLeft, deadlineNanos);
        }).thenCompose(answer -> answer).whenComplete((answer, unreadable) -> {
            if (shared) {
                inFlight.remove(question, mine);
            }
            mine.complete(answer != null ? answer : failed(unreadable, Duration.ofNanos(System.nanoTime() - start)));
        });
        return mine;
    }

    /** The answer a response (or a failure) gives, kept when it may be; a chain that leaves the response is followed. */
    private CompletableFuture<DnsAnswer> read(Question question, Message message, Throwable failure, long start,
                                              int redirectsLeft, long deadlineNanos) {
        if (failure != null) {
            return CompletableFuture.completedFuture(failed(failure, Duration.ofNanos(System.nanoTime() - start)));
        }
        long now = System.nanoTime();
        ResponseReading reading = ResponseReading.of(message, question.name(), question.type(), redirectsLeft,
            Duration.ofNanos(now - start));
        if (reading.answer() != null) {
            DnsAnswer answer = reading.answer().keptAtMostFor(reading.keepSeconds(), now);
            keep(question, answer);
            return CompletableFuture.completedFuture(answer);
        }
        // not kept for the first name: the target's own answer is; the chain's TTL bounds how long this one is relied on
        return resolve(new Question(reading.askNext(), question.type()), reading.redirectsLeft(), deadlineNanos, false)
            .thenApply(answer -> answer.withLatency(Duration.ofNanos(System.nanoTime() - start))
                .keptAtMostFor(reading.keepSeconds(), now));
    }

    /** Keeps an answer that may be kept, its latency set to zero: a kept answer costs no wait. */
    private void keep(Question question, DnsAnswer answer) {
        if (answer.keptUntilNanos().isPresent()) {
            answers.put(question, CompletableFuture.completedFuture(answer.withLatency(Duration.ZERO)), answer.keptUntilNanos().getAsLong());
        }
    }

    /** Asks one question past the cache: a kept answer is dropped (a health probe must see the zone as it is now). */
    public CompletableFuture<DnsAnswer> queryUncached(Name name, int type) {
        answers.remove(new Question(name, type));
        return query(name, type);
    }

    private void send(Question question, CompletableFuture<Message> response) {
        try {
            Message query = Message.newQuery(Record.newRecord(question.name(), question.type(), DClass.IN));
            resolver.sendAsync(query, callbacks).whenComplete((message, failure) -> {
                if (failure == null) {
                    response.complete(message);
                } else {
                    response.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            response.completeExceptionally(e);
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

    private static DnsAnswer failed(Throwable failure, Duration latency) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException
            || (cause instanceof IOException && String.valueOf(cause.getMessage()).contains("Timed out"))) {
            return DnsAnswer.failure(DnsAnswer.Status.TIMEOUT, "no answer within " + latency.toMillis() + " ms", latency);
        }
        return DnsAnswer.failure(DnsAnswer.Status.ERROR, cause.getClass().getSimpleName(), latency);
    }

    /** Questions sent to servers so far, hedged re-sends included (cache hits and shared questions are not counted). */
    public long queriesSent() {
        return resolver.sent();
    }

    /** Re-sends of unanswered questions (every third of the deadline, at most every 500 ms). */
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
        answers.clear();
    }

    /** Answers kept now (at most the cache size). */
    public int answersKept() {
        return answers.size();
    }

    @Override
    public void close() {
        pools.forEach(PooledUdpResolver::close);
        callbacks.shutdownNow();
        timers.shutdownNow();
    }
}
