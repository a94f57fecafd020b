package org.accessdenied.core.spf;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

import org.accessdenied.core.dns.DnsClient;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.net.DomainName;

import org.accessdenied.core.concurrent.DaemonThreads;

/**
 * Evaluates SPF (RFC 7208) with Apache jSPF as James ships it, on the pack's DNS client. jSPF's asynchronous
 * executor ignores a custom resolver in 1.0.3, so its synchronous executor runs on a small bounded pool of our own:
 * no thread that serves connections ever waits, and a flood of checks is refused (temperror) instead of queued
 * without bound. Every evaluation ends by the deadline, as temperror if it must.
 */
public final class SpfEvaluator implements AutoCloseable {
    private final SPF spf;
    private final SpfDnsAdapter adapter;
    private final ThreadPoolExecutor pool;
    private final Duration deadline;

    public SpfEvaluator(DnsClient dns, Duration deadline, int threads) {
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
        CompletableFuture<SpfEvidence> evaluation;
        try {
            evaluation = CompletableFuture.supplyAsync(() -> {
                SPFResult result;
                adapter.beginEvaluation();
                try {
                    result = spf.checkSPF(client.text(), mailFrom, helo);
                    result.getResult();
                } finally {
                    adapter.endEvaluation();
                }
                SpfResult parsed = SpfResult.byId(result.getResult()).orElse(SpfResult.TEMPERROR);
                return new SpfEvidence(identity, checked, parsed, Optional.ofNullable(result.getExplanation()));
            }, pool);
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

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
