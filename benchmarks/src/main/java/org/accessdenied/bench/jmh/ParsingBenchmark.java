package org.accessdenied.bench.jmh;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.google.common.net.InternetDomainName;

import org.accessdenied.core.net.AddressLiteral;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.net.DomainName;

/**
 * IP address, host name and address-literal parsing, each next to the JDK/Guava call it replaces. The inputs are
 * fields of a {@link State} (not constants) so the JIT cannot fold them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParsingBenchmark {
    public String ipv4 = "203.0.113.57";
    public String ipv6 = "2001:db8:85a3::8a2e:370:7334";
    public String notAnIp = "mail.example.com";
    public String hostname = "mail-oi1-f171.google.com";
    public String literal = "[198.51.100.23]";
    public String literal6 = "[IPv6:2001:db8::17]";

    @Benchmark
    public Optional<ClientIp> clientIpV4() {
        return ClientIp.parse(ipv4);
    }

    /** Baseline: the JDK's literal parse (no DNS query for a literal). */
    @Benchmark
    public InetAddress baselineInetAddressV4() throws UnknownHostException {
        return InetAddress.getByName(ipv4);
    }

    @Benchmark
    public Optional<ClientIp> clientIpV6() {
        return ClientIp.parse(ipv6);
    }

    @Benchmark
    public InetAddress baselineInetAddressV6() throws UnknownHostException {
        return InetAddress.getByName(ipv6);
    }

    /** A HELO name handed to the IP parser: must be refused without any DNS. */
    @Benchmark
    public Optional<ClientIp> clientIpRejectsName() {
        return ClientIp.parse(notAnIp);
    }

    @Benchmark
    public Optional<DomainName> domainName() {
        return DomainName.parse(hostname);
    }

    /** Baseline: Guava's syntax check plus public-suffix lookup. */
    @Benchmark
    public InternetDomainName baselineGuavaInternetDomainName() {
        return InternetDomainName.from(hostname).topPrivateDomain();
    }

    @Benchmark
    public String domainNameOrganisational() {
        return DomainName.parse(hostname).map(DomainName::organisationalDomain).orElse("");
    }

    @Benchmark
    public Optional<AddressLiteral> addressLiteralV4() {
        return AddressLiteral.parse(literal);
    }

    @Benchmark
    public Optional<AddressLiteral> addressLiteralV6() {
        return AddressLiteral.parse(literal6);
    }
}
