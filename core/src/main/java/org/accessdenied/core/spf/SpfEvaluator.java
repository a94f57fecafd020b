package org.accessdenied.core.spf;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import org.apache.james.jspf.core.DNSServiceEnabled;
import org.apache.james.jspf.core.MacroExpand;
import org.apache.james.jspf.core.MacroExpandEnabled;
import org.apache.james.jspf.core.SPFCheckEnabled;
import org.apache.james.jspf.executor.SPFResult;
import org.apache.james.jspf.executor.SynchronousSPFExecutor;
import org.apache.james.jspf.impl.DefaultTermsFactory;
import org.apache.james.jspf.impl.SPF;
import org.apache.james.jspf.parser.RFC4408SPF1Parser;
import org.apache.james.jspf.wiring.WiringServiceTable;

import org.accessdenied.core.cache.ExpiringCache;
import org.accessdenied.core.dns.DnsClient;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.net.DomainName;

import org.accessdenied.core.concurrent.DaemonThreads;

/**
 * Evaluates SPF (RFC 7208) with Apache jSPF as James ships it, on the pack's DNS client. jSPF's asynchronous
 * executor ignores a custom resolver in 1.0.3, so its synchronous executor runs on a small bounded pool of our own:
 * no thread that serves connections ever waits, and a flood of checks is refused (temperror) instead of queued
 * without bound. Every evaluation ends by the deadline, as temperror if it must. An evaluation is first tried on the
 * calling thread on cached DNS answers only, which never waits: a new client whose sender domain's records are cached
 * (a mail server's usual case: many clients, fewer sender domains) gets its result at once, without a hand-off to
 * the pool and back. The first answer not cached ends that try (its lookup is then on its way) and the evaluation
 * runs on the pool.
 * <p>
 * A result is kept across connections for its inputs (identity, client address, MAIL FROM, HELO: everything an SPF
 * record or its macros can read but the time, which only explanations may use), no longer than the earliest expiry
 * of the DNS answers it came from, so a client that comes back gets its result at once, as the DNS would give it
 * then. A temperror, and a result from an answer that may not be kept, are never kept. At most
 * {@code maxKeptResults} results ({@link ExpiringCache}).
 */
public final class SpfEvaluator implements AutoCloseable {
    private final SPF spf;
    private final SpfDnsAdapter adapter;
    private final ThreadPoolExecutor pool;
    private final Duration deadline;
    private final ExpiringCache<Inputs, SpfEvidence> results;
    private final LongAdder onCachedAnswers = new LongAdder();

    /** What an SPF result depends on, besides the DNS. */
    private static final class Inputs {
        final SpfIdentity identity;
        final String client;
        final String mailFrom;
        final String helo;

        Inputs(SpfIdentity identity, String client, String mailFrom, String helo) {
            this.identity = identity;
            this.client = client;
            this.mailFrom = mailFrom;
            this.helo = helo;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Inputs)) {
                return false;
            }
            Inputs that = (Inputs) other;
            return identity == that.identity && client.equals(that.client) && mailFrom.equals(that.mailFrom) && helo.equals(that.helo);
        }

        @Override
        public int hashCode() {
            return ((identity.hashCode() * 31 + client.hashCode()) * 31 + mailFrom.hashCode()) * 31 + helo.hashCode();
        }
    }

    /**
     * @param maxKeptResults results kept across connections at most; 0 keeps none
     */
    public SpfEvaluator(DnsClient dns, Duration deadline, int threads, int maxKeptResults) {
        this.adapter = new SpfDnsAdapter(dns);
        WiringServiceTable wiring = new WiringServiceTable();
        wiring.put(DNSServiceEnabled.class, adapter);
        MacroExpand macroExpand = new MacroExpand(adapter);
        wiring.put(MacroExpandEnabled.class, macroExpand);
        RFC4408SPF1Parser parser = new RFC4408SPF1Parser(new DefaultTermsFactory(wiring));
        this.spf = new SPF(adapter, parser, macroExpand, new SynchronousSPFExecutor(adapter));
        wiring.put(SPFCheckEnabled.class, spf);
        // jSPF's default explanation points at the long-dead openspf.org: only a domain's own exp= text is kept
        spf.setDefaultExplanation("");
        this.deadline = deadline;
        this.results = new ExpiringCache<>(maxKeptResults);
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), DaemonThreads.named("access-denied-spf"));
    }

    /**
     * The SPF result of the MAIL FROM identity, or of the HELO identity when the sender is null ({@code ""}).
     *
     * @param mailFrom the reverse path without brackets; {@code ""} for the null sender
     */
    public CompletableFuture<SpfEvidence> mailFrom(ClientIp client, String mailFrom, Optional<String> helo) {
        if (mailFrom.isEmpty()) {
            return heloIdentity(client, helo);
        }
        return run(SpfIdentity.MAILFROM, mailFrom, client, mailFrom, helo.orElse(""));
    }

    /** The SPF result of the HELO identity ({@code postmaster@HELO}); none when HELO is not a domain name. */
    public CompletableFuture<SpfEvidence> heloIdentity(ClientIp client, Optional<String> helo) {
        Optional<DomainName> domain = helo.flatMap(DomainName::parse).filter(DomainName::isFullyQualified);
        if (domain.isEmpty()) {
            return CompletableFuture.completedFuture(new SpfEvidence(SpfIdentity.HELO, "postmaster@" + helo.orElse(""),
                SpfResult.NONE, Optional.of("HELO is not a domain name")));
        }
        String checked = "postmaster@" + domain.get().name();
        return run(SpfIdentity.HELO, checked, client, "", domain.get().name());
    }

    private CompletableFuture<SpfEvidence> run(SpfIdentity identity, String checked, ClientIp client, String mailFrom, String helo) {
        Inputs inputs = new Inputs(identity, client.text(), mailFrom, helo);
        SpfEvidence kept = results.get(inputs);
        if (kept != null) {
            return CompletableFuture.completedFuture(kept);
        }
        Optional<SpfEvidence> onCached = evaluate(inputs, checked, true);
        if (onCached.isPresent()) {
            onCachedAnswers.increment();
            return CompletableFuture.completedFuture(onCached.get());
        }
        CompletableFuture<SpfEvidence> evaluation;
        try {
            evaluation = CompletableFuture.supplyAsync(() -> evaluate(inputs, checked, false).orElseThrow(), pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(new SpfEvidence(identity, checked, SpfResult.TEMPERROR, Optional.of("SPF evaluator busy")));
        }
        return evaluation.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS).handle((evidence, failure) -> {
            if (failure == null) {
                return evidence;
            }
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            String reason = cause instanceof TimeoutException ? "no SPF result within " + deadline.toMillis() + " ms"
                : "SPF evaluation failed: " + cause.getClass().getSimpleName();
            return new SpfEvidence(identity, checked, SpfResult.TEMPERROR, Optional.of(reason));
        });
    }

    /**
     * One evaluation on this thread. On cached answers only: empty when an answer was not cached (the evaluation
     * ended there) or jSPF failed (the pool's evaluation then fails the same way and says so).
     */
    private Optional<SpfEvidence> evaluate(Inputs inputs, String checked, boolean cachedAnswersOnly) {
        SPFResult result;
        SpfDnsAdapter.Evaluation answers;
        adapter.beginEvaluation(cachedAnswersOnly);
        try {
            result = spf.checkSPF(inputs.client, inputs.mailFrom, inputs.helo);
            result.getResult();
        } catch (Exception | StackOverflowError e) {
            // jSPF's own result exceptions may pass through undeclared: on the calling thread none may escape
            if (cachedAnswersOnly) {
                return Optional.empty();
            }
            throw e;
        } finally {
            answers = adapter.endEvaluation();
        }
        if (answers.missedAnAnswer()) {
            return Optional.empty();
        }
        SpfResult parsed = SpfResult.byId(result.getResult()).orElse(SpfResult.TEMPERROR);
        SpfEvidence evidence = new SpfEvidence(inputs.identity, checked, parsed, Optional.ofNullable(result.getExplanation()));
        if (parsed != SpfResult.TEMPERROR) {
            answers.keptUntilNanos().ifPresent(until -> results.put(inputs, evidence, until));
        }
        return Optional.of(evidence);
    }

    /** Evaluations that ran on the calling thread on cached answers only (no hand-off to the pool). */
    public long evaluatedOnCachedAnswers() {
        return onCachedAnswers.sum();
    }

    /** Results kept now (at most the bound given). */
    public int resultsKept() {
        return results.size();
    }

    public void clearKeptResults() {
        results.clear();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
