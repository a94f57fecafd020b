package org.accessdenied.bench.jmh;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.accessdenied.core.helo.HeloAnalysis;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.rdns.DynamicRdnsClassifier;
import org.accessdenied.core.rdns.RdnsClassification;

/**
 * DynamicRdns and BadHelo classification. The rDNS mix cycles through real-looking names (residential, and the
 * digit-laden outbound names of Google, Microsoft, Amazon SES...): one op = one name classified.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClassificationBenchmark {
    /** PTR name and the client address it belongs to. */
    private static final String[][] MIX = {
        {"c-73-1-2-3.hsd1.ca.comcast.net", "73.1.2.3"},
        {"p5B0D1234.dip0.t-ipconnect.de", "91.13.18.52"},
        {"91-64-128-7-dynip.superkabel.de", "91.64.128.7"},
        {"cpe-72-130-9-12.socal.res.rr.com", "72.130.9.12"},
        {"ppp-94-66-12-200.home.otenet.gr", "94.66.12.200"},
        {"adsl-dyn-45.pool.example.net", "198.51.100.45"},
        {"mail-oi1-f171.google.com", "209.85.167.171"},
        {"mail-sn1nam02on2093.outbound.protection.outlook.com", "40.107.96.93"},
        {"a48-110.smtp-out.amazonses.com", "54.240.48.110"},
        {"o1.ptr1234.sendgrid.net", "167.89.1.2"},
        {"mx1.example.org", "192.0.2.1"},
        {"resolver1.isp.example", "192.0.2.53"},
    };
    private static final Pattern NAIVE = Pattern.compile("\\d{1,3}[-.]\\d{1,3}[-.]\\d{1,3}[-.]\\d{1,3}|dyn|pool|dsl|ppp|cable|dhcp");

    private final DynamicRdnsClassifier classifier = DynamicRdnsClassifier.defaults();
    private String[] names;
    private Optional<ClientIp>[] clients;
    private int next;

    public String heloNormal = "mail.example.org";
    public String heloBareIp = "192.0.2.1";
    public String heloJunk;
    private final Optional<ClientIp> client = ClientIp.parse("192.0.2.1");

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        names = new String[MIX.length];
        clients = new Optional[MIX.length];
        for (int i = 0; i < MIX.length; i++) {
            names[i] = MIX[i][0];
            clients[i] = ClientIp.parse(MIX[i][1]);
        }
        StringBuilder junk = new StringBuilder(10_240);
        for (int i = 0; junk.length() < 10_240; i++) {
            junk.append((char) (i % 3 == 0 ? 'x' : i % 7 == 0 ? 0x01 : 'a' + i % 26)).append(i % 50 == 0 ? "\r\n" : "");
        }
        heloJunk = junk.toString();
    }

    @Benchmark
    public RdnsClassification dynamicRdnsMix() {
        int i = next;
        next = i + 1 == names.length ? 0 : i + 1;
        return classifier.classify(names[i], clients[i]);
    }

    /** Baseline: one naive regex over the same mix (wrong on the exempt senders, but the usual cheap approach). */
    @Benchmark
    public boolean baselineNaiveRegexMix() {
        int i = next;
        next = i + 1 == names.length ? 0 : i + 1;
        return NAIVE.matcher(names[i]).find();
    }

    @Benchmark
    public HeloAnalysis heloNormal() {
        return HeloAnalysis.analyze(Optional.of(heloNormal), client);
    }

    @Benchmark
    public HeloAnalysis heloBareIp() {
        return HeloAnalysis.analyze(Optional.of(heloBareIp), client);
    }

    @Benchmark
    public HeloAnalysis heloJunk10k() {
        return HeloAnalysis.analyze(Optional.of(heloJunk), client);
    }
}
