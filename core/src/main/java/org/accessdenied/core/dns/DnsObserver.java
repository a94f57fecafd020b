package org.accessdenied.core.dns;

import java.util.function.Consumer;

import org.accessdenied.core.metrics.MetricNames;
import org.accessdenied.core.metrics.Metrics;

/**
 * Sees every question asked of the {@link DnsClient} and its answer, however it was answered (by a server, from the
 * cache, or shared with the same question in flight): what the checks asked, whatever the timing.
 */
public interface DnsObserver {
    DnsObserver NONE = () -> answer -> { };

    /** A question is being asked; the returned callback gets its answer. Must not block or throw. */
    Consumer<DnsAnswer> asked();

    /** Latency and outcome of each question, published as {@link MetricNames#DNS_LATENCY} and {@code accessdenied_dns_<outcome>}. */
    static DnsObserver publishingTo(Metrics metrics) {
        return () -> {
            Metrics.Timer timer = metrics.startTimer(MetricNames.DNS_LATENCY);
            return answer -> {
                timer.stop();
                metrics.increment(outcome(answer));
            };
        };
    }

    /** The outcome counter of an answer. */
    static String outcome(DnsAnswer answer) {
        switch (answer.status()) {
            case FOUND:
                return MetricNames.DNS_ANSWER;
            case NODATA:
                return MetricNames.DNS_NODATA;
            case NXDOMAIN:
                return MetricNames.DNS_NXDOMAIN;
            case TIMEOUT:
                return MetricNames.DNS_TIMEOUT;
            default:
                return answer.error().filter("SERVFAIL"::equals).isPresent() ? MetricNames.DNS_SERVFAIL : MetricNames.DNS_ERROR;
        }
    }
}
