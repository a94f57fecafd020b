package org.accessdenied.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.net.imap.IMAPSClient;

import org.accessdenied.bench.BenchZones;
import org.accessdenied.launcher.JamesHome;
import org.accessdenied.launcher.JamesLine;
import org.accessdenied.launcher.JamesProcess;
import org.accessdenied.launcher.Keystore;
import org.accessdenied.testkit.FaultyDnsProxy;
import org.accessdenied.testkit.FaultyTcpProxy;
import org.accessdenied.testkit.NsdServer;
import org.accessdenied.testkit.SpamdServer;

/**
 * What the fault suite runs against: a real nsd serving the benchmark's loopback client pools and the testkit zones,
 * a fault proxy in front of it for the pack's DNS, another on 127.0.0.54:53 for the system resolver James's JDK asks
 * (used when bin/faults made /etc/resolv.conf point there), and James 3.8.1 started from a conf set as bin/james
 * starts it. Keeps the count of every message James accepted, to compare with what can be found at the end.
 */
final class FaultWorld implements AutoCloseable {
    static final int POOL_PREFIX = 18;
    static final String DOMAIN = "faults.local";
    /** u0..u63: the soak writes to u{c} (its clients' third octet, 32..63), the single faults to each in turn. */
    static final int USERS = 64;
    static final String SYSTEM_RESOLVER = "127.0.0.54";
    /** A client whose zen.spamhaus.org entry is an error code (127.255.255.254); otherwise a good server. */
    static final String ODD_CLIENT = "127.7.0.1";
    static final String ODD_HELO = "odd.bench.test";
    /** The {@code <secret>} of the conf-samples' {@code <tls>} elements. */
    static final String SAMPLE_SECRET = "change-me";

    final Path root;
    final Path out;
    final NsdServer nsd;
    final FaultyDnsProxy packDns;
    final FaultyDnsProxy systemDns;
    final String zenZone;
    final FaultyTcpProxy spamd;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong nextClient = new AtomicLong(1);

    private FaultWorld(Path root, Path out, NsdServer nsd, FaultyDnsProxy packDns, FaultyDnsProxy systemDns, String zenZone,
                       FaultyTcpProxy spamd) {
        this.spamd = spamd;
        this.root = root;
        this.out = out;
        this.nsd = nsd;
        this.packDns = packDns;
        this.systemDns = systemDns;
        this.zenZone = zenZone;
    }

    static FaultWorld start(Path root, Path out) throws IOException {
        Map<String, String> zones = BenchZones.zones(POOL_PREFIX);
        String zen = zones.get("zen.spamhaus.org") + "\n; fault suite: one entry carrying an error code\n1.0.7.127 A 127.255.255.254\n";
        zones.put("zen.spamhaus.org", zen);
        zones.put("127.in-addr.arpa", zones.get("127.in-addr.arpa") + "1.0.7 PTR " + ODD_HELO + ".\n");
        zones.put("bench.test", zones.get("bench.test") + "odd A " + ODD_CLIENT + "\n");
        NsdServer nsd = NsdServer.start(zones);
        FaultyDnsProxy packDns = FaultyDnsProxy.startInFrontOf(nsd.address());
        FaultyDnsProxy systemDns = null;
        if (Files.readString(Path.of("/etc/resolv.conf")).contains("nameserver " + SYSTEM_RESOLVER)) {
            systemDns = FaultyDnsProxy.startOn(new InetSocketAddress(SYSTEM_RESOLVER, 53), nsd.address());
        }
        FaultyTcpProxy spamd = FaultyTcpProxy.startInFrontOf(SpamdServer.shared().address());
        return new FaultWorld(root, out, nsd, packDns, systemDns, zen, spamd);
    }

    /** A conf set: a copy of {@code conf-samples/NAME} with {@code edit} applied to its files (file name to new text). */
    Path confSet(String sample, String variant, Map<String, java.util.function.UnaryOperator<String>> edits) throws IOException {
        Path from = root.resolve("conf-samples").resolve(sample);
        Path to = out.resolve("conf-sets").resolve(variant);
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    String text = Files.readString(file);
                    var edit = edits.get(file.getFileName().toString());
                    Files.writeString(to.resolve(file.getFileName()), edit == null ? text : edit.apply(text));
                }
            }
        }
        return to;
    }

    /** James started from a conf set as bin/james starts it, with the pack's DNS and spamd behind this world's proxies. */
    Server startJames(String name, Path confSet, int portBase) throws Exception {
        Path home = out.resolve("homes").resolve(name);
        JamesHome.deleteTree(home);
        JamesHome prepared = JamesHome.builder(home).confSet(confSet).dropInJar(JamesLine.JAMES_38.dropInJar(root))
            .portBase(portBase).dns(packDns.hostAndPort()).spamd(spamd.hostAndPort()).build().prepare();
        JamesProcess process = JamesProcess.start(prepared, JamesLine.JAMES_38, root);
        Server server = new Server(name, process, prepared);
        server.webAdmin("PUT", "/domains/" + DOMAIN, 204);
        for (int i = 0; i < USERS; i++) {
            server.webAdminJson("PUT", "/users/u" + i + "@" + DOMAIN, "{\"password\":\"secret\"}", 204);
        }
        server.webAdminJson("PUT", "/users/postmaster@" + DOMAIN, "{\"password\":\"secret\"}", 204);
        return server;
    }

    /** The next address of a benchmark pool (1 clean, 2 listed, 3 no PTR, 4 dynamic, 5 bad HELO, 6 SPF fail). */
    String client(int pool) {
        long n = nextClient.getAndIncrement();
        long c = (n / 254) % 64;
        long d = n % 254 + 1;
        return "127." + pool + "." + c + "." + d;
    }

    /** The HELO a pool's client greets with (its forward-confirmed PTR name for the good pools). */
    static String helo(String client) {
        String[] o = client.split("\\.");
        int n = Integer.parseInt(o[2]) * 256 + Integer.parseInt(o[3]);
        switch (o[1]) {
            case "1": return "mx" + n + ".clean.bench.test";
            case "2": return "mx" + n + ".listed.bench.test";
            case "3": return "mail.noptr.bench.test";
            case "4": return "127-4-" + o[2] + "-" + o[3] + ".dyn.pool.bench.test";
            case "6": return "mx" + n + ".spffail.bench.test";
            case "7": return ODD_HELO;
            default: return "nx" + n + ".nowhere.bench.test";
        }
    }

    /** A recipient spread over the users, so no mailbox grows large (the memory server's delivery slows with size). */
    static String recipient(long n) {
        return "u" + (n % USERS) + "@" + DOMAIN;
    }

    static byte[] message(String subject) {
        return ("From: sender@bench.test\r\nTo: someone@" + DOMAIN + "\r\nSubject: " + subject + "\r\nMessage-ID: <"
            + System.nanoTime() + "@bench.test>\r\n\r\nA message of the fault suite.\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        spamd.close();
        packDns.close();
        if (systemDns != null) {
            systemDns.close();
        }
        nsd.close();
    }

    /** One running James and the admin's view of it. */
    final class Server implements AutoCloseable {
        final String name;
        final JamesProcess process;
        final JamesHome home;
        /** Messages this James answered 250 to at the end of DATA. */
        final AtomicLong accepted = new AtomicLong();
        /** Messages counted in a mailbox and then expunged (the soak keeps the memory server's heap to what it holds). */
        final AtomicLong expunged = new AtomicLong();

        Server(String name, JamesProcess process, JamesHome home) {
            this.name = name;
            this.process = process;
            this.home = home;
        }

        int smtpPort() {
            return process.smtpPort();
        }

        long pid() {
            return process.pid();
        }

        String log() throws IOException {
            return Files.readString(process.logFile());
        }

        HttpResponse<String> webAdmin(String method, String path, int expected) throws Exception {
            return webAdminJson(method, path, null, expected);
        }

        HttpResponse<String> webAdminJson(String method, String path, String json, int expected) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.webAdminPort() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (expected > 0 && response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
            }
            return response;
        }

        /** Mails in a repository, e.g. {@code var/mail/quarantine/}; 0 when it does not exist. */
        long repositorySize(String path) throws Exception {
            HttpResponse<String> response = webAdmin("GET", "/mailRepositories/" + URLEncoder.encode(path, StandardCharsets.UTF_8), -1);
            if (response.statusCode() == 404) {
                return 0;
            }
            Matcher size = Pattern.compile("\"size\"\\s*:\\s*(\\d+)").matcher(response.body());
            return size.find() ? Long.parseLong(size.group(1)) : 0;
        }

        /** Every repository WebAdmin knows, with its size. */
        Map<String, Long> repositories() throws Exception {
            Map<String, Long> sizes = new java.util.TreeMap<>();
            Matcher path = Pattern.compile("\"path\"\\s*:\\s*\"([^\"]+)\"").matcher(webAdmin("GET", "/mailRepositories", 200).body());
            while (path.find()) {
                sizes.put(path.group(1), repositorySize(path.group(1)));
            }
            return sizes;
        }

        /** Mails waiting in a queue ({@code spool}, {@code outgoing}). */
        long queueSize(String queue) throws Exception {
            HttpResponse<String> response = webAdmin("GET", "/mailQueues/" + queue, -1);
            Matcher size = Pattern.compile("\"size\"\\s*:\\s*(\\d+)").matcher(response.body());
            return size.find() ? Long.parseLong(size.group(1)) : 0;
        }

        /** Messages in every test user's INBOX, by IMAP STATUS. */
        long messagesInMailboxes() throws IOException {
            long total = messagesIn("postmaster@" + DOMAIN);
            for (int i = 0; i < USERS; i++) {
                total += messagesIn("u" + i + "@" + DOMAIN);
            }
            return total;
        }

        /** Messages in one user's INBOX, by IMAP STATUS. */
        long messagesIn(String user) throws IOException {
            return inbox(user, false);
        }

        /** Counts every test user's INBOX, then expunges it; returns the count (also added to {@link #expunged}). */
        long countAndExpungeMailboxes() throws IOException {
            long total = inbox("postmaster@" + DOMAIN, true);
            for (int i = 0; i < USERS; i++) {
                total += inbox("u" + i + "@" + DOMAIN, true);
            }
            expunged.addAndGet(total);
            return total;
        }

        /** James's IMAP server now and then drops a connection under load: a count is asked again, at most 3 times. */
        private long inbox(String user, boolean expunge) throws IOException {
            for (int attempt = 1; ; attempt++) {
                try {
                    return inboxOnce(user, expunge);
                } catch (IOException e) {
                    if (attempt == 3) {
                        throw e;
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }

        private long inboxOnce(String user, boolean expunge) throws IOException {
            IMAPSClient imap = new IMAPSClient(false);
            imap.setDefaultTimeout(30_000);
            imap.setTrustManager(Keystore.trusting(home.confDir().resolve("keystore"), SAMPLE_SECRET));
            imap.connect("127.0.0.1", process.imapPort());
            try {
                if (!imap.execTLS()) {
                    throw new IllegalStateException("IMAP STARTTLS: " + imap.getReplyString());
                }
                if (!imap.login(user, "secret")) {
                    throw new IllegalStateException("IMAP login of " + user + ": " + imap.getReplyString());
                }
                long count;
                if (expunge) {
                    imap.select("INBOX");
                    Matcher exists = Pattern.compile("\\* (\\d+) EXISTS").matcher(imap.getReplyString());
                    count = exists.find() ? Long.parseLong(exists.group(1)) : 0;
                    if (count > 0) {
                        imap.store("1:" + count, "+FLAGS.SILENT", "(\\Deleted)");
                        imap.expunge();
                    }
                } else {
                    imap.status("INBOX", new String[] {"MESSAGES"});
                    Matcher messages = Pattern.compile("MESSAGES (\\d+)").matcher(imap.getReplyString());
                    count = messages.find() ? Long.parseLong(messages.group(1)) : 0;
                }
                imap.logout();
                return count;
            } finally {
                imap.disconnect();
            }
        }

        boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
