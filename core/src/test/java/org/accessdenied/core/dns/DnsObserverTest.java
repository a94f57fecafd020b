package org.accessdenied.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

import org.accessdenied.core.TestDns;
import org.accessdenied.core.metrics.MetricNames;
import org.accessdenied.core.metrics.RecordingMetrics;
import org.accessdenied.testkit.FaultyDnsProxy;

/** The DNS client's metrics, against the real nsd; SERVFAIL and silence from the fault-injecting proxy. */
class DnsObserverTest {
    @Test
    void everyQuestionShouldBeTimedAndCountedByItsOutcomeWhenAskedFromTheWireTheCacheOrInFlight() {
        RecordingMetrics metrics = new RecordingMetrics();
        try (FaultyDnsProxy proxy = TestDns.proxy().servfail("broken.example.test");
             DnsClient dns = DnsClient.create(DnsSettings.of(List.of(ResolverAddress.parse(proxy.hostAndPort())), TestDns.TIMEOUT),
                 DnsObserver.publishingTo(metrics))) {
            dns.query(Name.fromConstantString("mx.example.test."), Type.A).join();
            dns.query(Name.fromConstantString("mx.example.test."), Type.A).join();
            dns.query(Name.fromConstantString("nothing.example.test."), Type.A).join();
            dns.query(Name.fromConstantString("other.two.example.test."), Type.A).join();
            dns.query(Name.fromConstantString("mx.broken.example.test."), Type.A).join();
            CompletableFuture<DnsAnswer> first = dns.query(Name.fromConstantString("mx.silent.test."), Type.A);
            CompletableFuture<DnsAnswer> shared = dns.query(Name.fromConstantString("mx.silent.test."), Type.A);
            CompletableFuture.allOf(first, shared).join();
        }
        assertThat(metrics.count(MetricNames.DNS_ANSWER)).as("once from the server, once from the cache").isEqualTo(2);
        assertThat(metrics.count(MetricNames.DNS_NXDOMAIN)).isEqualTo(1);
        assertThat(metrics.count(MetricNames.DNS_NODATA)).isEqualTo(1);
        assertThat(metrics.count(MetricNames.DNS_SERVFAIL)).isEqualTo(1);
        assertThat(metrics.count(MetricNames.DNS_TIMEOUT)).as("the question in flight shared is a question asked").isEqualTo(2);
        assertThat(metrics.count(MetricNames.DNS_ERROR)).isZero();
        assertThat(metrics.timed(MetricNames.DNS_LATENCY)).isEqualTo(7);
    }

    @Test
    void outcomeShouldTellServfailFromOtherErrors() {
        assertThat(DnsObserver.outcome(DnsAnswer.failure(DnsAnswer.Status.ERROR, "SERVFAIL", java.time.Duration.ZERO))).isEqualTo(MetricNames.DNS_SERVFAIL);
        assertThat(DnsObserver.outcome(DnsAnswer.failure(DnsAnswer.Status.ERROR, "REFUSED", java.time.Duration.ZERO))).isEqualTo(MetricNames.DNS_ERROR);
    }
}
