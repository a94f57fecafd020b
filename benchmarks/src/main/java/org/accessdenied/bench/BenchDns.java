package org.accessdenied.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.accessdenied.testkit.FaultyDnsProxy;
import org.accessdenied.testkit.NsdServer;

/**
 * The benchmark's DNS: nsd (the testkit's, with {@link BenchZones}) behind the testkit's {@link FaultyDnsProxy}
 * (latency and loss, counts every question), and a second, fault-free {@link FaultyDnsProxy} on 127.0.0.53:53 in front of the proxy for
 * James's built-in DNS service, which only talks to port 53. Every configuration asks through the proxy:
 * <ul>
 *   <li>(a) and (b): James's {@code dnsservice.xml} lists 127.0.0.53 (the relay), autodiscover off;</li>
 *   <li>(c): the pack's {@code accessdenied.dns.servers} (or {@code ACCESS_DENIED_DNS}) names the proxy directly.</li>
 * </ul>
 */
public final class BenchDns implements AutoCloseable {
    public static final String RELAY_ADDRESS = "127.0.0.53";

    private final NsdServer nsd;
    private final FaultyDnsProxy proxy;
    private final FaultyDnsProxy relay;

    private BenchDns(NsdServer nsd, FaultyDnsProxy proxy, FaultyDnsProxy relay) {
        this.nsd = nsd;
        this.proxy = proxy;
        this.relay = relay;
    }

    /** Starts nsd, the proxy and, if {@code withRelay}, the port-53 relay (needs root or CAP_NET_BIND_SERVICE). */
    public static BenchDns start(int poolPrefix, boolean withRelay) throws IOException {
        NsdServer nsd = NsdServer.start(BenchZones.zones(poolPrefix));
        FaultyDnsProxy proxy = FaultyDnsProxy.startInFrontOf(nsd.address());
        FaultyDnsProxy relay = null;
        if (withRelay) {
            try {
                relay = FaultyDnsProxy.startOn(new InetSocketAddress(InetAddress.getByName(RELAY_ADDRESS), 53),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()));
            } catch (IOException e) {
                proxy.close();
                nsd.close();
                throw new IOException("cannot listen on " + RELAY_ADDRESS + ":53 (root needed, or the port is taken): " + e.getMessage(), e);
            }
        }
        return new BenchDns(nsd, proxy, relay);
    }

    /** Sets the latency added to every question and the fraction of questions dropped. */
    public BenchDns conditions(Duration latency, double loss) {
        proxy.heal().delay(latency).loss(loss);
        return this;
    }

    /** Questions received by the proxy so far (lost ones included). */
    public long questions() {
        return proxy.questions().size();
    }

    public FaultyDnsProxy proxy() {
        return proxy;
    }

    /** {@code 127.0.0.1:PORT} of the proxy, as the pack's settings write a server. */
    public String proxyHostAndPort() {
        return proxy.hostAndPort();
    }

    public NsdServer nsd() {
        return nsd;
    }

    @Override
    public void close() {
        if (relay != null) {
            relay.close();
        }
        proxy.close();
        nsd.close();
    }

    /** Serves the benchmark DNS until killed: {@code java -cp benchmarks.jar org.accessdenied.bench.BenchDns [latencyMs] [loss]}. */
    public static void main(String[] args) throws Exception {
        BenchDns dns = start(BenchZones.DEFAULT_POOL_PREFIX, true);
        dns.conditions(Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 0), args.length > 1 ? Double.parseDouble(args[1]) : 0);
        Runtime.getRuntime().addShutdownHook(new Thread(dns::close));
        System.out.println("nsd " + dns.nsd().hostAndPort() + ", proxy " + dns.proxyHostAndPort() + ", relay " + RELAY_ADDRESS + ":53");
        while (true) {
            Thread.sleep(10_000);
            System.out.println("questions so far: " + dns.questions());
        }
    }
}
