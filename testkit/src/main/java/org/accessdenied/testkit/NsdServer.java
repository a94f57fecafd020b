package org.accessdenied.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real nsd (authoritative DNS server) on a free loopback port, serving the test zones under {@code /zones} of
 * this module. Started once per test JVM ({@link #shared()}), stopped when the JVM exits.
 */
public final class NsdServer extends LocalDaemon {
    /** Zones served, each from {@code /zones/NAME.zone}. */
    public static final List<String> ZONES = List.of(
        "bl.test", "bl2.test", "spf.test", "dead.test", "empty.test", "parked.test", "refusing.test", "silent.test",
        "example.test", "zen.spamhaus.org", "bl.spamcop.net", "2.0.192.in-addr.arpa", "0.0.127.in-addr.arpa", "8.b.d.0.1.0.0.2.ip6.arpa");

    private static NsdServer shared;

    private final Path directory;
    private final Map<String, String> zoneFiles;

    private NsdServer(Process process, Path directory, int port, Map<String, String> zoneFiles) {
        super(process, directory, port, List.of("nsd.out", "nsd.log"));
        this.directory = directory;
        this.zoneFiles = Map.copyOf(zoneFiles);
    }

    /** The JVM-wide server, started on first use. */
    public static synchronized NsdServer shared() {
        if (shared == null) {
            shared = start();
            NsdServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return shared;
    }

    /** A server for the test zones under {@code /zones}. */
    public static NsdServer start() {
        Map<String, String> zones = new LinkedHashMap<>();
        for (String zone : ZONES) {
            try (InputStream in = NsdServer.class.getResourceAsStream("/zones/" + zone + ".zone")) {
                if (in == null) {
                    throw new IllegalStateException("missing zone file /zones/" + zone + ".zone");
                }
                zones.put(zone, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return start(zones);
    }

    /**
     * A server for the given zones (origin -> zone file text; {@code "."} serves a whole private DNS tree).
     *
     * @throws IllegalStateException with nsd's own words when a zone does not load
     */
    public static NsdServer start(Map<String, String> zones) {
        String binary = findBinary("nsd", "apt-get install nsd");
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return start(binary, freePort(), zones);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private static NsdServer start(String binary, int port, Map<String, String> zones) {
        try {
            Path dir = Files.createTempDirectory("access-denied-nsd");
            StringBuilder conf = new StringBuilder()
                .append("server:\n")
                .append("    ip-address: 127.0.0.1@").append(port).append('\n')
                .append("    port: ").append(port).append('\n')
                .append("    username: \"\"\n    chroot: \"\"\n    database: \"\"\n")
                .append("    zonesdir: \"").append(dir).append("\"\n")
                .append("    zonelistfile: \"").append(dir.resolve("zone.list")).append("\"\n")
                .append("    xfrdfile: \"").append(dir.resolve("xfrd.state")).append("\"\n")
                .append("    xfrdir: \"").append(dir).append("\"\n")
                .append("    pidfile: \"").append(dir.resolve("nsd.pid")).append("\"\n")
                .append("    logfile: \"").append(dir.resolve("nsd.log")).append("\"\n")
                .append("    server-count: 1\n    verbosity: 1\n    minimal-responses: yes\n")
                .append("    rrl-ratelimit: 0\n    rrl-whitelist-ratelimit: 0\n")
                .append("remote-control:\n    control-enable: no\n");
            int index = 0;
            Map<String, String> zoneFiles = new LinkedHashMap<>();
            for (Map.Entry<String, String> zone : zones.entrySet()) {
                String file = "zone" + index++ + ".zone";
                zoneFiles.put(zone.getKey(), file);
                Files.writeString(dir.resolve(file), zone.getValue());
                conf.append("zone:\n    name: \"").append(zone.getKey()).append("\"\n    zonefile: \"").append(file).append("\"\n");
            }
            Path confFile = dir.resolve("nsd.conf");
            Files.writeString(confFile, conf);
            Process process = new ProcessBuilder(binary, "-d", "-c", confFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nsd.out").toFile())
                .start();
            NsdServer server = new NsdServer(process, dir, port, zoneFiles);
            server.awaitReady(Duration.ofSeconds(10), zones.keySet().iterator().next());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Serves a zone from new text, as an operator's edit and reload would (nsd reloads on SIGHUP); returns once nsd
     * answers with the new SOA serial, which must differ from the old one.
     */
    public void replaceZone(String origin, String zoneText) {
        String file = zoneFiles.get(origin);
        if (file == null) {
            throw new IllegalArgumentException("nsd does not serve " + origin + ": " + zoneFiles.keySet());
        }
        try {
            long before = serial(origin);
            Files.writeString(directory.resolve(file), zoneText);
            signal("HUP");
            awaitReady("nsd reload of " + origin, Duration.ofSeconds(10), () -> {
                try {
                    return serial(origin) != before;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long serial(String origin) throws IOException {
        SimpleResolver resolver = new SimpleResolver(address());
        resolver.setTimeout(Duration.ofMillis(500));
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(origin.endsWith(".") ? origin : origin + "."), Type.SOA, DClass.IN)));
        return answer.getSection(org.xbill.DNS.Section.ANSWER).stream().filter(r -> r instanceof org.xbill.DNS.SOARecord)
            .mapToLong(r -> ((org.xbill.DNS.SOARecord) r).getSerial()).findFirst().orElse(-1);
    }

    private void awaitReady(Duration limit, String zone) throws IOException {
        SimpleResolver resolver = new SimpleResolver(address());
        resolver.setTimeout(Duration.ofMillis(200));
        Message query = Message.newQuery(Record.newRecord(Name.fromString(zone.endsWith(".") ? zone : zone + "."), Type.SOA, DClass.IN));
        awaitReady("nsd", limit, () -> {
            try {
                return resolver.send(query).getRcode() == Rcode.NOERROR;
            } catch (IOException e) {
                return false;
            }
        });
    }
}
