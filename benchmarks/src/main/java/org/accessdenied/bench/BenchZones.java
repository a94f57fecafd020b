package org.accessdenied.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.accessdenied.testkit.NsdServer;

/**
 * The DNS data of the admission benchmark: the testkit's zones, plus generated data for a population of loopback
 * clients. Each scenario owns a pool {@code 127.S.0.0/prefix} so that (almost) every connection comes from an address
 * the server has not seen yet (a real MX sees mostly new addresses: that is where DNS latency counts), and one
 * scenario ("repeat") comes again and again from 127.0.0.10 to show the cache.
 *
 * <pre>
 * scenario  pool          PTR (forward-confirmed unless said)       HELO                         MAIL FROM               expected
 * clean     127.1.0.0/N   mx{n}.clean.bench.test                    = PTR                        sender@bench.test       250
 * dnsbl     127.2.0.0/N   mx{n}.listed.bench.test; on zen.spamhaus.org = PTR                       sender@bench.test       5xx (b, c)
 * noptr     127.3.0.0/N   none                                      mail.noptr.bench.test        sender@bench.test       5xx (c)
 * dynamic   127.4.0.0/N   127-4-c-d.dyn.pool.bench.test             = PTR                        sender@bench.test       5xx (c)
 * badhelo   127.5.0.0/N   mx{n}.badhelo.bench.test                  nx{n}.nowhere.bench.test (NXDOMAIN) sender@bench.test 5xx (b, c)
 * spffail   127.6.0.0/N   mx{n}.spffail.bench.test                  = PTR                        sender@fail.bench.test  5xx (b, c)
 * repeat    127.0.0.10    mail.loopback.example.test (testkit)      = PTR                        sender@bench.test       250
 * </pre>
 * bench.test publishes {@code v=spf1 ip4:127.0.0.0/8 -all}; fail.bench.test {@code v=spf1 ip4:192.0.2.1 -all}. With
 * new sender domains (condition {@code senders=new}) the scenarios sending as sender@bench.test, but for the repeat
 * client, send as {@code sender@m{m}.senders.bench.test}, each message from a domain of its own; every such domain
 * publishes {@code v=spf1 include:_spf.provider.bench.test -all}, as most domains include their mail provider's record,
 * and the provider {@code v=spf1 ip4:127.0.0.0/8 -all}: the first message asks both, every later one its domain.
 */
public final class BenchZones {
    /** 127.S.0.0/18: 16320 usable source addresses per scenario. */
    public static final int DEFAULT_POOL_PREFIX = 18;
    public static final String RCPT = "bench@localhost";
    public static final String SHARED_SENDER = "sender@bench.test";
    public static final String NEW_SENDER = "sender@m{m}.senders.bench.test";
    private static final String SOA = "$TTL 300\n@ IN SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 60\n@ IN NS ns.example.test.\n";

    private BenchZones() {
    }

    /** The weighted scenario mix (weights in percent). */
    public static List<SmtpLoadDriver.Scenario> scenarios(int poolPrefix) {
        String pool = "/" + poolPrefix;
        List<SmtpLoadDriver.Scenario> mix = new ArrayList<>();
        mix.add(scenario("clean", 40, "127.1.0.0" + pool, "mx{n}.clean.bench.test", SHARED_SENDER));
        mix.add(scenario("dnsbl", 15, "127.2.0.0" + pool, "mx{n}.listed.bench.test", SHARED_SENDER));
        mix.add(scenario("noptr", 10, "127.3.0.0" + pool, "mail.noptr.bench.test", SHARED_SENDER));
        mix.add(scenario("dynamic", 10, "127.4.0.0" + pool, "127-4-{c}-{d}.dyn.pool.bench.test", SHARED_SENDER));
        mix.add(scenario("badhelo", 5, "127.5.0.0" + pool, "nx{n}.nowhere.bench.test", SHARED_SENDER));
        mix.add(scenario("spffail", 10, "127.6.0.0" + pool, "mx{n}.spffail.bench.test", "sender@fail.bench.test"));
        mix.add(scenario("repeat", 10, "127.0.0.10", "mail.loopback.example.test", SHARED_SENDER));
        return mix;
    }

    private static SmtpLoadDriver.Scenario scenario(String name, int weight, String source, String helo, String from) {
        return new SmtpLoadDriver.Scenario(name, weight, source, helo, from, RCPT, SmtpLoadDriver.DEFAULT_MESSAGE);
    }

    /** Zone origin to zone text, for {@link NsdServer#start(Map)} or {@link BenchDns}. */
    public static Map<String, String> zones(int poolPrefix) {
        Map<String, String> zones = new LinkedHashMap<>();
        for (String zone : NsdServer.ZONES) {
            zones.put(zone, resource("/zones/" + zone + ".zone"));
        }
        int count = 1 << (32 - poolPrefix);
        StringBuilder reverse = new StringBuilder(SOA);
        StringBuilder bench = new StringBuilder(SOA)
            .append("@ TXT \"v=spf1 ip4:127.0.0.0/8 -all\"\n")
            .append("fail TXT \"v=spf1 ip4:192.0.2.1 -all\"\n")
            .append("*.senders TXT \"v=spf1 include:_spf.provider.bench.test -all\"\n")
            .append("_spf.provider TXT \"v=spf1 ip4:127.0.0.0/8 -all\"\n")
            .append("mail.noptr A 127.3.0.1\n");
        // the strict set (and configuration (b)) ask zen.spamhaus.org and bl.spamcop.net: the testkit serves both
        String listZone = zones.containsKey("zen.spamhaus.org") ? "zen.spamhaus.org" : "bl.test";
        StringBuilder listed = new StringBuilder(zones.get(listZone)).append("\n; admission benchmark: the dnsbl pool\n");
        for (int i = 0; i < count; i++) {
            int c = i >>> 8;
            int d = i & 0xff;
            if (d == 0 || d == 255) {
                continue;
            }
            int n = c * 256 + d;
            ptr(reverse, bench, 1, c, d, "mx" + n + ".clean");
            ptr(reverse, bench, 2, c, d, "mx" + n + ".listed");
            ptr(reverse, bench, 4, c, d, "127-4-" + c + "-" + d + ".dyn.pool");
            ptr(reverse, bench, 5, c, d, "mx" + n + ".badhelo");
            ptr(reverse, bench, 6, c, d, "mx" + n + ".spffail");
            listed.append(d).append('.').append(c).append(".2.127 A 127.0.0.2\n");
        }
        zones.put(listZone, listed.toString());
        zones.put("127.in-addr.arpa", reverse.toString());
        zones.put("bench.test", bench.toString());
        return zones;
    }

    private static void ptr(StringBuilder reverse, StringBuilder bench, int s, int c, int d, String host) {
        reverse.append(d).append('.').append(c).append('.').append(s).append(" PTR ").append(host).append(".bench.test.\n");
        bench.append(host).append(" A 127.").append(s).append('.').append(c).append('.').append(d).append('\n');
    }

    private static String resource(String path) {
        try (InputStream in = NsdServer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
