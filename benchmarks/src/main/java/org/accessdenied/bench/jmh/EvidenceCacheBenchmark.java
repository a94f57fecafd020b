package org.accessdenied.bench.jmh;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.dns.DnsAnswer;
import org.accessdenied.core.dns.DnsClient;
import org.accessdenied.core.dns.ResolverAddress;
import org.accessdenied.core.dnsbl.DnsblZone;
import org.accessdenied.core.evidence.ConnectionEvidence;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.testkit.NsdServer;

/**
 * The evidence cache hit: what a second connection from the same client (or a later matcher on the same mail) pays
 * instead of a DNS round trip. The first fill asks the real nsd of the testkit (started in the setup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EvidenceCacheBenchmark {
    private EvidenceEngine engine;
    private DnsClient dns;
    private Name ptrName;
    private DnsblZone zone;
    private ConnectionEvidence complete;
    private final Map<String, String> baselineMap = new ConcurrentHashMap<>();
    public String baselineKey = "10.0.0.127.in-addr.arpa.";

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        NsdServer nsd = NsdServer.shared();
        engine = new EvidenceEngine(EngineSettings.forDns(List.of(ResolverAddress.parse(nsd.hostAndPort())), Duration.ofSeconds(2)));
        dns = engine.dns();
        ClientIp client = ClientIp.parse("127.0.0.10").orElseThrow();
        ptrName = Name.fromConstantString(client.reverseLookupName());
        zone = DnsblZone.parse("bl.test");
        EvidenceSession session = engine.newSession(Optional.of(client), Optional.of("mail.loopback.example.test"));
        session.ptr().join();
        session.forwardConfirmation().join();
        session.heloResolution().join();
        session.dnsbl(zone).join();
        complete = session.snapshot();
        if (complete.ptr().isEmpty() || complete.forwardConfirmation().isEmpty() || !complete.dnsbl().containsKey(zone.displayName())) {
            throw new IllegalStateException("evidence not complete: " + complete);
        }
        DnsAnswer first = dns.query(ptrName, Type.PTR).join();
        if (!first.isFound()) {
            throw new IllegalStateException("nsd did not answer the PTR of 127.0.0.10: " + first);
        }
        baselineMap.put(baselineKey, "mail.loopback.example.test.");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /** A cached PTR answer through the pack's DNS client: its cache of completed answers (issue 11). */
    @Benchmark
    public DnsAnswer dnsClientCachedPtr() {
        return dns.query(ptrName, Type.PTR).join();
    }

    /** Baseline: a plain concurrent map lookup, the floor for any cache. */
    @Benchmark
    public String baselineConcurrentMapGet() {
        return baselineMap.get(baselineKey);
    }

    /** A complete evidence snapshot resumed (as a later matcher does from the mail's attributes) and every item read. */
    @Benchmark
    public void resumeCompleteEvidence(Blackhole bh) {
        EvidenceSession session = engine.resume(complete);
        bh.consume(session.ptr().join());
        bh.consume(session.forwardConfirmation().join());
        bh.consume(session.heloResolution().join());
        bh.consume(session.dnsbl(zone).join());
    }
}
