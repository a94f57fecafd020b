package org.accessdenied.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.dns.ResolverAddress;
import org.accessdenied.core.dnsbl.DnsblZone;
import org.accessdenied.core.evidence.ConnectionEvidence;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.net.DomainName;

/**
 * What the pack's memory costs, measured on the heap of this JVM (used heap after full GCs, before and after):
 * bytes retained by one live connection's evidence (a new clean client: PTR, FCrDNS, HELO, two DNSBL zones, SPF of
 * MAIL FROM and HELO; the DNS caches emptied, so only what the connection itself holds is counted), by its snapshot,
 * and by one entry of each cache (the DNS client's answer cache per question asked, the SPF results kept across
 * connections per result, the Public Suffix List memo per name). Against the benchmark's nsd ({@link BenchDns}).
 * <p>
 * {@code java -cp benchmarks.jar org.accessdenied.bench.MemoryFootprint [CONNECTIONS]}
 */
public final class MemoryFootprint {
    private MemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int poolPrefix = 17;
        try (BenchDns dns = BenchDns.start(poolPrefix, false);
             EvidenceEngine engine = new EvidenceEngine(EngineSettings.forDns(
                 List.of(ResolverAddress.parse(dns.proxyHostAndPort())), Duration.ofSeconds(3)))) {
            List<DnsblZone> zones = List.of(DnsblZone.parse("zen.spamhaus.org"), DnsblZone.parse("bl.spamcop.net"));
            // warm up the code paths and the JIT
            complete(engine, zones, 1, 200);
            engine.dns().clearCache();
            engine.spf().clearKeptResults();
            long base = usedAfterGc();
            List<EvidenceSession> live = complete(engine, zones, 1000, n);
            long withCaches = usedAfterGc();
            int answers = engine.dns().answersKept();
            engine.dns().clearCache();
            long withSpfResults = usedAfterGc();
            int spfResults = engine.spf().resultsKept();
            engine.spf().clearKeptResults();
            long sessionsOnly = usedAfterGc();
            List<ConnectionEvidence> snapshots = new ArrayList<>();
            live.forEach(s -> snapshots.add(s.snapshot()));
            long withSnapshots = usedAfterGc();
            int kept = live.size() + snapshots.size();
            live.clear();
            snapshots.clear();
            long after = usedAfterGc();
            System.out.printf(Locale.ROOT, "connections: %d (kept %d objects)%n", n, kept);
            System.out.printf(Locale.ROOT, "evidence of one live connection (EvidenceSession, complete): %.0f bytes%n",
                (sessionsOnly - after) / (double) n);
            System.out.printf(Locale.ROOT, "its snapshot (ConnectionEvidence, as copied to the mail): %.0f bytes%n",
                (withSnapshots - sessionsOnly) / (double) n);
            System.out.printf(Locale.ROOT, "DNS answer cache: %.0f bytes per kept answer (%d answers)%n",
                (withCaches - withSpfResults) / (double) Math.max(1, answers), answers);
            System.out.printf(Locale.ROOT, "SPF results kept across connections: %.0f bytes per result (%d results)%n",
                (withSpfResults - sessionsOnly) / (double) Math.max(1, spfResults), spfResults);
            System.out.printf(Locale.ROOT, "baseline drift: %+d bytes%n", after - base);
            // SPF results once their connections are gone: their strings are theirs alone then
            complete(engine, zones, 1000 + n, n).clear();
            engine.dns().clearCache();
            long withSpfOnly = usedAfterGc();
            int ownResults = engine.spf().resultsKept();
            engine.spf().clearKeptResults();
            long withoutSpf = usedAfterGc();
            System.out.printf(Locale.ROOT, "SPF results kept after their connections ended: %.0f bytes per result (%d results)%n",
                (withSpfOnly - withoutSpf) / (double) Math.max(1, ownResults), ownResults);
            long beforeNames = usedAfterGc();
            for (int i = 0; i < 10_000; i++) {
                DomainName.parse("mx" + i + ".host" + (i % 97) + ".example" + (i % 13) + ".co.uk").orElseThrow().organisationalDomain();
            }
            long afterNames = usedAfterGc();
            System.out.printf(Locale.ROOT, "Public Suffix List memo: %.0f bytes per name (10,000 names, its bound)%n",
                (afterNames - beforeNames) / 10_000.0);
        }
    }

    private static List<EvidenceSession> complete(EvidenceEngine engine, List<DnsblZone> zones, int from, int count) {
        List<EvidenceSession> sessions = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            int c = i / 254;
            int d = i % 254 + 1;
            ClientIp ip = ClientIp.parse("127.1." + c + "." + d).orElseThrow();
            EvidenceSession session = engine.newSession(Optional.of(ip), Optional.of("mx" + (c * 256 + d) + ".clean.bench.test"));
            session.forwardConfirmation().join();
            session.heloResolution().join();
            zones.forEach(z -> session.dnsbl(z).join());
            session.spf("sender@bench.test").join();
            session.spfHelo().join();
            sessions.add(session);
        }
        return sessions;
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
