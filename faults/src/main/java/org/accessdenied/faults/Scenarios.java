package org.accessdenied.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.accessdenied.bench.ProcessStats;
import org.accessdenied.bench.SmtpLoadDriver;
import org.accessdenied.testkit.FaultyTcpProxy;
import org.accessdenied.testkit.TestMessages;

/** The faults, one method each: inject, drive real SMTP clients, compare with what should happen. */
final class Scenarios {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);
    /** Closed-loop soak clients: about what spamd on 2 cores scores as fast as James accepts. */
    private static final int SOAK_CLIENTS = 4;

    private final FaultWorld world;
    private final Consumer<String> log;
    private long messages;

    Scenarios(FaultWorld world, Consumer<String> log) {
        this.world = world;
        this.log = log;
    }

    /** The result of one client's transaction. */
    static final class Attempt {
        final String client;
        final SmtpProbe.Reply last;
        final boolean accepted;
        final long longestWait;

        Attempt(String client, SmtpProbe.Reply last, boolean accepted, long longestWait) {
            this.client = client;
            this.last = last;
            this.accepted = accepted;
            this.longestWait = longestWait;
        }

        int code() {
            return last.code;
        }
    }

    /** A whole transaction from {@code client}; an accepted message is counted for the accounting. */
    Attempt send(FaultWorld.Server james, String client) {
        return send(james, client, FaultWorld.helo(client), client.startsWith("127.6.") ? "sender@fail.bench.test" : "sender@bench.test");
    }

    Attempt send(FaultWorld.Server james, String client, String helo, String sender) {
        long longest = 0;
        try (SmtpProbe smtp = SmtpProbe.connect(client, james.smtpPort(), CLIENT_TIMEOUT)) {
            longest = smtp.banner.millis;
            SmtpProbe.Reply reply = smtp.command("EHLO " + helo);
            longest = Math.max(longest, reply.millis);
            if (reply.is(2)) {
                reply = smtp.command("MAIL FROM:<" + sender + ">");
                longest = Math.max(longest, reply.millis);
            }
            boolean dataStage = false;
            if (reply.is(2)) {
                reply = smtp.command("RCPT TO:<" + FaultWorld.recipient(messages++) + ">");
                longest = Math.max(longest, reply.millis);
                if (reply.is(2)) {
                    dataStage = true;
                    reply = smtp.data(FaultWorld.message("fault suite " + client));
                    longest = Math.max(longest, reply.millis);
                }
            }
            boolean accepted = dataStage && reply.code == 250;
            if (accepted) {
                james.accepted.incrementAndGet();
            }
            return new Attempt(client, reply, accepted, longest);
        } catch (IOException e) {
            return new Attempt(client, new SmtpProbe.Reply(0, "connect failed: " + e.getMessage(), 0), false, longest);
        }
    }

    private static long longest(List<Attempt> attempts) {
        return attempts.stream().mapToLong(a -> a.longestWait).max().orElse(0);
    }

    private static String codes(List<Attempt> attempts) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        attempts.forEach(a -> counts.merge(a.code() == 0 ? "no reply" : String.valueOf(a.code()), 1L, Long::sum));
        StringBuilder text = new StringBuilder();
        counts.forEach((code, n) -> text.append(text.length() > 0 ? ", " : "").append(n).append(" x ").append(code));
        return text.toString();
    }

    /** Clean and listed clients while the pack's DNS has a fault: never a 5xx or an acceptance it cannot justify. */
    private Outcome underDnsFault(FaultWorld.Server james, String fault, String what) {
        List<Attempt> clean = new ArrayList<>();
        List<Attempt> listed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clean.add(send(james, world.client(1)));
            listed.add(send(james, world.client(2)));
        }
        boolean pass = clean.stream().allMatch(a -> a.code() == 451) && listed.stream().allMatch(a -> a.code() == 451)
            && longest(clean) <= 4_500 && james.isAlive();
        return new Outcome(fault, what + ": clean and listed clients get 451 4.7.1 at RCPT within the RCPT deadline (3.2 s: dns.timeout + 200 ms), no 5xx, no acceptance",
            "clean: " + codes(clean) + "; listed: " + codes(listed) + "; e.g. " + clean.get(0).last, pass,
            Math.max(longest(clean), longest(listed)));
    }

    Outcome dnsSilent(FaultWorld.Server james) {
        world.packDns.silenceEverything();
        return underDnsFault(james, "dns-silent", "DNS server answers nothing");
    }

    Outcome dnsServfail(FaultWorld.Server james) {
        world.packDns.servfail("");
        return underDnsFault(james, "dns-servfail", "every answer SERVFAIL");
    }

    Outcome dnsTruncated(FaultWorld.Server james) {
        world.packDns.truncate("");
        return underDnsFault(james, "dns-truncated", "every answer truncated (TC), no DNS over TCP");
    }

    Outcome dnsSlow(FaultWorld.Server james) {
        world.packDns.delay(Duration.ofMillis(900));
        List<Attempt> clean = new ArrayList<>();
        List<Attempt> listed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clean.add(send(james, world.client(1)));
            listed.add(send(james, world.client(2)));
        }
        boolean pass = clean.stream().allMatch(a -> a.accepted) && listed.stream().allMatch(a -> a.code() == 554);
        return new Outcome("dns-slow", "every answer 900 ms late (2 in a row = 1.8 s < 3 s deadline): decisions unchanged, clean 250, listed 554",
            "clean: " + codes(clean) + "; listed: " + codes(listed), pass, Math.max(longest(clean), longest(listed)));
    }

    Outcome dnsLossy(FaultWorld.Server james) throws Exception {
        world.packDns.loss(0.3);
        List<Attempt> clean = new ArrayList<>();
        List<Attempt> listed = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Attempt>> c = new ArrayList<>();
            List<Future<Attempt>> l = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String cleanClient = world.client(1);
                String listedClient = world.client(2);
                c.add(pool.submit(() -> send(james, cleanClient)));
                l.add(pool.submit(() -> send(james, listedClient)));
            }
            for (Future<Attempt> f : c) {
                clean.add(f.get());
            }
            for (Future<Attempt> f : l) {
                listed.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        boolean pass = clean.stream().noneMatch(a -> a.last.is(5) || a.code() == 0)
            && listed.stream().noneMatch(a -> a.accepted || a.code() == 0);
        return new Outcome("dns-lossy", "30 % of DNS datagrams lost, 30 clean + 30 listed clients, 10 at a time: no clean client refused (5xx), no listed client accepted; 451 allowed",
            "clean: " + codes(clean) + "; listed: " + codes(listed), pass, Math.max(longest(clean), longest(listed)));
    }

    Outcome dnsblErrorEntry(FaultWorld.Server james) throws IOException {
        Attempt odd = send(james, FaultWorld.ODD_CLIENT);
        Attempt listed = send(james, world.client(2));
        boolean zoneOff = james.log().contains("DNSBL zone zen.spamhaus.org skipped");
        boolean pass = odd.accepted && listed.code() == 554 && !zoneOff;
        return new Outcome("dnsbl-error-entry", "one client's zen.spamhaus.org entry is 127.255.255.254: that client is not listed (250); the zone stays on, the next listed client gets 554",
            "odd client: " + odd.last + "; next listed: " + listed.last.code + "; zone switched off: " + zoneOff, pass,
            Math.max(odd.longestWait, listed.longestWait));
    }

    Outcome zoneRefusing(FaultWorld.Server james) throws Exception {
        String refusing = withSerial("$TTL 300\n@ IN SOA ns.zen.spamhaus.org. hostmaster.zen.spamhaus.org. 1 3600 600 86400 60\n"
            + "@ IN NS ns.example.test.\n* A 127.255.255.254\n", 100);
        long t0 = System.nanoTime();
        world.nsd.replaceZone("zen.spamhaus.org", refusing);
        List<Attempt> during = new ArrayList<>();
        long disabledMs = -1;
        // traffic goes on, one listed client a second: the first odd answer probes at once, or after the 10 s spacing
        // when another odd answer already had the zone probed just before
        while (disabledMs < 0 && System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos()) {
            during.add(send(james, world.client(2)));
            if (james.log().contains("DNSBL zone zen.spamhaus.org skipped")) {
                disabledMs = (System.nanoTime() - t0) / 1_000_000;
            } else {
                Thread.sleep(1000);
            }
        }
        world.nsd.replaceZone("zen.spamhaus.org", withSerial(world.zenZone, 101));
        long recovered = System.nanoTime();
        long backMs = -1;
        while (System.nanoTime() - recovered < Duration.ofSeconds(150).toNanos()) {
            Attempt probe = send(james, world.client(2));
            if (probe.code() == 554) {
                backMs = (System.nanoTime() - recovered) / 1_000_000;
                break;
            }
            during.add(probe);
            Thread.sleep(3000);
        }
        boolean pass = during.stream().noneMatch(a -> a.last.is(5)) && disabledMs >= 0 && disabledMs < 13_000
            && backMs >= 0 && backMs <= 70_000;
        return new Outcome("dnsbl-zone-refusing", "zen.spamhaus.org starts answering 127.255.255.254 for everything: no client refused as listed; zone off after one probe, within the 10 s anomaly spacing (< 13 s); zone recovers: back within about a minute (dnsbl.healthRetry 1 min)",
            "off after " + (disabledMs < 0 ? "never" : ms(disabledMs)) + "; back " + (backMs < 0 ? "never (150 s)" : ms(backMs)
                + " after the zone recovered") + "; while off: " + codes(during), pass, longest(during));
    }

    private static String withSerial(String zone, int serial) {
        return zone.replaceFirst("(SOA\\s+\\S+\\s+\\S+\\s+)\\d+", "$1" + serial);
    }

    /** spamd healthy again, and time for the pack's circuit breaker to see it (a PING every second) before the next fault. */
    void healSpamd() throws InterruptedException {
        if (world.spamd.mode() != FaultyTcpProxy.Mode.FORWARD) {
            world.spamd.forward();
            Thread.sleep(4_000);
        }
    }

    /** The spamd faults: in the spooler of the shipped strict set, and at the end of DATA in a variant with a content rule. */
    void spamdFaults(Map<String, Callable<Outcome>> faults, FaultWorld.Server james, int dataPortBase) {
        faults.put("spamd-down-spooler", () -> spamdInSpooler(james, "spamd-down-spooler", "spamd refuses connections", world.spamd::refuse));
        faults.put("spamd-hang-spooler", () -> spamdInSpooler(james, "spamd-hang-spooler", "spamd accepts and never answers", world.spamd::hang));
        faults.put("spamd-garbage-spooler", () -> spamdInSpooler(james, "spamd-garbage-spooler", "spamd answers garbage", world.spamd::garbage));
        faults.put("spamd-at-data", () -> spamdAtData(dataPortBase));
    }

    /** strict as shipped scores in the spooler: the client never waits for spamd; ham and GTUBE are delivered unscored. */
    Outcome spamdInSpooler(FaultWorld.Server james, String fault, String what, Runnable inject) throws Exception {
        inject.run();
        String user = "u" + (FaultWorld.USERS - 1) + "@" + FaultWorld.DOMAIN;
        List<String> observed = new ArrayList<>();
        long longestDelivery = 0;
        long longestReply = 0;
        boolean pass = true;
        for (String name : new String[] {"ham.eml", "gtube.eml", "ham.eml", "ham.eml", "ham.eml", "ham.eml", "ham.eml"}) {
            long before = james.messagesIn(user);
            String client = world.client(1);
            Attempt attempt = sendMessage(james, client, user, TestMessages.smtp(name));
            long sent = System.nanoTime();
            longestReply = Math.max(longestReply, attempt.longestWait);
            boolean delivered = false;
            while (System.nanoTime() - sent < Duration.ofSeconds(30).toNanos()) {
                if (james.messagesIn(user) > before) {
                    delivered = true;
                    break;
                }
                Thread.sleep(200);
            }
            long deliveryMs = (System.nanoTime() - sent) / 1_000_000;
            longestDelivery = Math.max(longestDelivery, deliveryMs);
            pass &= attempt.accepted && delivered;
            observed.add(name.replace(".eml", "") + " " + attempt.code() + (delivered ? " delivered after " + ms(deliveryMs) : " NOT delivered"));
        }
        pass &= longestDelivery <= 10_000 && longestReply < 1_000;
        return new Outcome(fault, what + "; strict scores in the spooler: 250 at DATA at once, then delivered unscored (HighSpamScore temporary=nomatch), GTUBE included, within check.deadline (6.5 s) + spooling; later ones at once (circuit open)",
            String.join("; ", observed), pass, longestReply);
    }

    /** A variant of strict with a content rule at the end of DATA (onTemporary defer): 451 while spamd is sick, at once once the circuit opens. */
    Outcome spamdAtData(int portBase) throws Exception {
        Path set = world.confSet("strict", "strict-data", Map.of("mailetcontainer.xml", FaultSuite.replacing(
            "            <mailet match=\"org.accessdenied.matchers.SpfFail\" class=\"org.accessdenied.mailets.RejectAtSmtp\"/>\n",
            "            <mailet match=\"org.accessdenied.matchers.SpfFail\" class=\"org.accessdenied.mailets.RejectAtSmtp\"/>\n"
                + "            <mailet match=\"org.accessdenied.matchers.HighSpamScore=15\" class=\"org.accessdenied.mailets.RejectAtSmtp\"/>\n")));
        List<String> observed = new ArrayList<>();
        boolean pass = true;
        long longest = 0;
        try (FaultWorld.Server james = world.startJames("strict-data", set, portBase)) {
            String user = "u0@" + FaultWorld.DOMAIN;
            Attempt gtube = sendMessage(james, world.client(1), user, TestMessages.smtp("gtube.eml"));
            pass &= gtube.code() == 550;
            observed.add("healthy: GTUBE " + gtube.code());
            String[] faults = {"hang", "refuse", "garbage"};
            for (String fault : faults) {
                switch (fault) {
                    case "hang": world.spamd.hang(); break;
                    case "refuse": world.spamd.refuse(); break;
                    default: world.spamd.garbage(); break;
                }
                List<Attempt> sick = new ArrayList<>();
                for (int i = 0; i < 7; i++) {
                    sick.add(sendMessage(james, world.client(1), user, TestMessages.smtp("ham.eml")));
                }
                long last = sick.get(sick.size() - 1).longestWait;
                longest = Math.max(longest, longest(sick));
                boolean ok = sick.stream().allMatch(a -> a.code() == 451) && last < 1_000 && longest(sick) <= 7_500;
                world.spamd.forward();
                long healed = System.nanoTime();
                long backMs = -1;
                while (System.nanoTime() - healed < Duration.ofSeconds(15).toNanos()) {
                    if (sendMessage(james, world.client(1), user, TestMessages.smtp("ham.eml")).accepted) {
                        backMs = (System.nanoTime() - healed) / 1_000_000;
                        break;
                    }
                    Thread.sleep(250);
                }
                ok &= backMs >= 0 && backMs <= 5_000;
                pass &= ok;
                observed.add(fault + ": " + codes(sick) + ", longest " + ms(longest(sick)) + ", last " + ms(last)
                    + "; 250 again " + (backMs < 0 ? "never (15 s)" : ms(backMs)) + " after spamd healed");
            }
            world.spamd.slow(Duration.ofSeconds(1));
            Attempt slowHam = sendMessage(james, world.client(1), user, TestMessages.smtp("ham.eml"));
            Attempt slowGtube = sendMessage(james, world.client(1), user, TestMessages.smtp("gtube.eml"));
            world.spamd.forward();
            pass &= slowHam.accepted && slowGtube.code() == 550;
            observed.add("1 s slow: ham " + slowHam.code() + ", GTUBE " + slowGtube.code());
            Outcome accounted = accounting(james);
            pass &= accounted.pass;
            observed.add(accounted.observed);
        }
        return new Outcome("spamd-at-data", "strict + HighSpamScore=15 as an admission rule (end of DATA, onTemporary defer): spamd hanging, down or answering garbage: 451 (never 250 unscored, never 5xx) within dataDeadline 6.5 s, at once (< 1 s) once the circuit is open; 250 again within 5 s of spamd healing; 1 s slow: scored (GTUBE 550)",
            String.join("; ", observed), pass, longest);
    }

    /** One message to a given recipient, whole transaction. */
    Attempt sendMessage(FaultWorld.Server james, String client, String recipient, byte[] message) {
        long longest = 0;
        try (SmtpProbe smtp = SmtpProbe.connect(client, james.smtpPort(), CLIENT_TIMEOUT)) {
            SmtpProbe.Reply reply = smtp.transaction(FaultWorld.helo(client), "sender@bench.test", recipient, message);
            longest = reply.millis;
            boolean accepted = reply.code == 250 && reply.text.contains("Message received");
            if (accepted) {
                james.accepted.incrementAndGet();
            }
            return new Attempt(client, reply, accepted, longest);
        } catch (IOException e) {
            return new Attempt(client, new SmtpProbe.Reply(0, "connect failed: " + e.getMessage(), 0), false, longest);
        }
    }

    Outcome stalledConnections(FaultWorld.Server james, int count) throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(world.client(1), 0));
                socket.connect(new InetSocketAddress("127.0.0.1", james.smtpPort()), 5000);
                if (i % 2 == 1) {
                    // half of them start a command and never finish the line
                    socket.getOutputStream().write("EHLO slow".getBytes(StandardCharsets.US_ASCII));
                }
                stalled.add(socket);
            }
            List<Attempt> normal = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                normal.add(send(james, world.client(1)));
            }
            boolean pass = normal.stream().allMatch(a -> a.accepted) && longest(normal) < 2_000;
            return new Outcome("stalled-connections", count + " connections open and silent (half mid-line) while 5 normal clients send: each accepted, no wait over 2 s",
                "normal clients: " + codes(normal), pass, longest(normal));
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    Outcome openRelaySweep(FaultWorld.Server james) throws Exception {
        String[] recipients = {
            "victim@example.com", "victim@example.com.", "victim%example.com@" + FaultWorld.DOMAIN,
            "\"victim@example.com\"@" + FaultWorld.DOMAIN, "@" + FaultWorld.DOMAIN + ":victim@example.com",
            "example.com!victim@" + FaultWorld.DOMAIN, "victim@[192.0.2.1]", "victim@[127.0.0.1]", "victim@localhost",
            "victim@" + FaultWorld.DOMAIN + "@example.com", "victim@sub." + FaultWorld.DOMAIN, "postmaster@example.com",
            "victim@EXAMPLE.COM", "victim@example.com%" + FaultWorld.DOMAIN, "<victim@example.com>",
            "victim@example.com>", "victim@example.com\tx", "u0@" + FaultWorld.DOMAIN + ",victim@example.com"};
        String[] senders = {"sender@bench.test", "", "u0@" + FaultWorld.DOMAIN, "postmaster@" + FaultWorld.DOMAIN};
        int attempts = 0;
        List<String> accepted = new ArrayList<>();
        for (String sender : senders) {
            String client = world.client(1);
            try (SmtpProbe smtp = SmtpProbe.connect(client, james.smtpPort(), CLIENT_TIMEOUT)) {
                smtp.command("EHLO " + FaultWorld.helo(client));
                for (String recipient : recipients) {
                    smtp.command("RSET");
                    smtp.command("MAIL FROM:<" + sender + ">");
                    SmtpProbe.Reply reply = smtp.command("RCPT TO:<" + recipient + ">");
                    attempts++;
                    if (reply.is(2)) {
                        accepted.add(sender + " -> " + recipient + ": " + reply);
                    }
                }
            }
        }
        long outgoing = james.queueSize("outgoing");
        boolean pass = accepted.isEmpty() && outgoing == 0;
        return new Outcome("open-relay-sweep", attempts + " relay attempts (foreign domains, % hack, source routes, quoted and bang paths, literals, our own senders) from a good client without AUTH: every RCPT refused, nothing queued outward",
            accepted.isEmpty() ? "all " + attempts + " refused; outgoing queue " + outgoing : "ACCEPTED: " + accepted, pass, -1);
    }

    Outcome hostileInput(FaultWorld.Server james) throws Exception {
        String[][] inputs = {
            {"10 kB HELO", "EHLO " + "a".repeat(10_000)},
            {"HELO with NUL", "EHLO mail\u0000.example.com"},
            {"HELO with a bare CR", "EHLO mail.example.com\rX-Injected: yes"},
            {"HELO with TAB", "EHLO mail\t.example.com"},
            {"binary line", new String(new byte[] {(byte) 0xff, (byte) 0xfe, 1, 2, 3, 27, (byte) 0x80}, StandardCharsets.ISO_8859_1)},
            {"100 kB line", "X".repeat(100_000)},
            {"DATA before MAIL", "DATA"},
            // RFC 5321 §4.5.3.1 allows servers without length limits: any reply is a defined outcome
            {"MAIL FROM 5 kB", "MAIL FROM:<" + "s".repeat(5_000) + "@bench.test>", "any reply"},
        };
        List<String> observed = new ArrayList<>();
        boolean pass = true;
        long longest = 0;
        for (String[] input : inputs) {
            String client = world.client(1);
            try (SmtpProbe smtp = SmtpProbe.connect(client, james.smtpPort(), Duration.ofSeconds(15))) {
                if (!input[1].startsWith("EHLO")) {
                    smtp.command("EHLO " + FaultWorld.helo(client));
                }
                SmtpProbe.Reply reply = smtp.command(input[1]);
                longest = Math.max(longest, reply.millis);
                boolean refused = reply.is(5) || reply.code == 0 && reply.text.startsWith("connection closed");
                pass &= input.length > 2 ? reply.code > 0 : refused;
                observed.add(input[0] + ": " + (reply.code == 0 ? reply.text : String.valueOf(reply.code)));
            }
        }
        Attempt after = send(james, world.client(1));
        pass &= after.accepted && james.isAlive();
        return new Outcome("hostile-input", "each hostile line refused with a 5xx (control bytes in HELO: 501) or the connection closed (a 5 kB sender: any reply); James keeps serving: a normal client afterwards is accepted",
            String.join("; ", observed) + "; normal client after: " + after.last.code, pass, longest);
    }

    /**
     * James (not the pack) resolves the client's address with the JDK resolver, on the network thread: at connect for
     * its log context (ProtocolMDCContextFactory), unless -Djames.protocols.mdc.hostname=false as the samples set it,
     * and at DATA for the Received header. Measured with the system resolver (here 127.0.0.54, bin/faults' own
     * resolv.conf) up, and down with glibc's default options and with "options timeout:1 attempts:1"; on the shipped
     * strict set and on a variant with James's default (the host lookup at connect).
     */
    Outcome systemResolverDown(FaultWorld.Server james, int otherPortBase) throws Exception {
        StringBuilder observed = new StringBuilder();
        long up = connectAndSend(james, observed, "strict, resolver up");
        Path resolvConf = Path.of("/etc/resolv.conf");
        String original = Files.readString(resolvConf);
        long shortOptions;
        long longest;
        Path jamesDefault = world.confSet("strict", "strict-mdc-on", Map.of("jvm.properties",
            FaultSuite.replacing("james.protocols.mdc.hostname=false", "james.protocols.mdc.hostname=true")));
        try (FaultWorld.Server other = world.startJames("strict-mdc-on", jamesDefault, otherPortBase)) {
            world.systemDns.silenceEverything();
            try {
                longest = connectAndSend(james, observed, "strict, resolver down, glibc defaults");
                longest = Math.max(longest, connectAndSend(other, observed, "James's default (mdc.hostname=true), same"));
                Files.writeString(resolvConf, "nameserver " + FaultWorld.SYSTEM_RESOLVER + "\noptions timeout:1 attempts:1\n");
                shortOptions = connectAndSend(james, observed, "strict, resolver down, timeout:1 attempts:1");
                shortOptions = Math.max(shortOptions, connectAndSend(other, observed, "James's default, same"));
            } finally {
                Files.writeString(resolvConf, original);
                world.systemDns.heal();
            }
            Outcome accounted = accounting(other);
            observed.append("; the variant: ").append(accounted.observed);
        }
        boolean pass = up < 1_000 && shortOptions < 3_000;
        return new Outcome("system-resolver-down", "James's own JDK reverse lookup of the client (not the pack's): with a local resolver up, no stall (< 1 s); resolver down: the stall is bounded by resolv.conf options (timeout:1 attempts:1: < 3 s); the samples' mdc.hostname=false keeps it off the banner",
            observed.toString(), pass, longest);
    }

    /** One transaction; {@code counted}: the message goes into the final accounting (of the first James only). */
    private long connectAndSend(FaultWorld.Server james, StringBuilder observed, String label) throws IOException {
        String client = world.client(1);
        long t0 = System.nanoTime();
        long banner;
        SmtpProbe.Reply last;
        try (SmtpProbe smtp = SmtpProbe.connect(client, james.smtpPort(), CLIENT_TIMEOUT)) {
            banner = smtp.banner.millis;
            last = smtp.transaction(FaultWorld.helo(client), "sender@bench.test", FaultWorld.recipient(messages++),
                FaultWorld.message("resolver " + label));
        }
        long total = (System.nanoTime() - t0) / 1_000_000;
        if (last.code == 250) {
            james.accepted.incrementAndGet();
        }
        observed.append(observed.length() > 0 ? "; " : "").append(label).append(": banner ").append(ms(banner))
            .append(", whole transaction ").append(ms(total)).append(" (").append(last.code).append(')');
        return total;
    }

    Outcome soak(FaultWorld.Server james, Duration length) throws Exception {
        // the upper half of the benchmark's pools (third octet 32..63): addresses the single faults did not use
        String pool = "/" + (FaultWorld.POOL_PREFIX + 1);
        String rcpt = "u{c}@" + FaultWorld.DOMAIN;
        List<SmtpLoadDriver.Scenario> mix = List.of(
            new SmtpLoadDriver.Scenario("clean", 60, "127.1.32.0" + pool, "mx{n}.clean.bench.test", "sender@bench.test", rcpt, SmtpLoadDriver.DEFAULT_MESSAGE),
            new SmtpLoadDriver.Scenario("dnsbl", 15, "127.2.32.0" + pool, "mx{n}.listed.bench.test", "sender@bench.test", rcpt, SmtpLoadDriver.DEFAULT_MESSAGE),
            new SmtpLoadDriver.Scenario("noptr", 10, "127.3.32.0" + pool, "mail.noptr.bench.test", "sender@bench.test", rcpt, SmtpLoadDriver.DEFAULT_MESSAGE),
            new SmtpLoadDriver.Scenario("dynamic", 10, "127.4.32.0" + pool, "127-4-{c}-{d}.dyn.pool.bench.test", "sender@bench.test", rcpt, SmtpLoadDriver.DEFAULT_MESSAGE),
            new SmtpLoadDriver.Scenario("spffail", 5, "127.6.32.0" + pool, "mx{n}.spffail.bench.test", "sender@fail.bench.test", rcpt, SmtpLoadDriver.DEFAULT_MESSAGE));
        List<double[]> samples = new ArrayList<>();
        long pid = james.pid();
        long start = System.nanoTime();
        long accepted = 0;
        long total = 0;
        long errors = 0;
        double worstFinal = 0;
        long maxSpool = 0;
        Duration slice = Duration.ofSeconds(30);
        samples.add(sample(pid, 0));
        while (System.nanoTime() - start < length.toNanos()) {
            SmtpLoadDriver.Result result = new SmtpLoadDriver(FaultSuite.load(james.smtpPort()).clients(SOAK_CLIENTS).duration(slice)
                .mix(mix).seed(samples.size())).run();
            accepted += result.all.classes.getOrDefault("2xx", 0L);
            errors += result.all.classes.getOrDefault("error", 0L);
            total += result.all.count;
            worstFinal = Math.max(worstFinal, result.all.finalMaxMs);
            maxSpool = Math.max(maxSpool, james.queueSize("spool"));
            awaitSpoolEmpty(james);
            james.countAndExpungeMailboxes();
            samples.add(sample(pid, (System.nanoTime() - start) / 1e9));
            double[] last = samples.get(samples.size() - 1);
            log.accept(String.format(Locale.ROOT, "soak %.0f s: %d messages, heap after GC %.0f MiB, %d files, %d threads",
                last[0], total, last[1], (long) last[2], (long) last[3]));
        }
        james.accepted.addAndGet(accepted);
        double[] first = samples.get(1 < samples.size() ? 1 : 0);
        double[] last = samples.get(samples.size() - 1);
        writeSoakSeries(samples);
        boolean heapFlat = last[1] <= first[1] * 1.5 + 64;
        boolean filesFlat = last[2] <= first[2] * 1.2 + 20;
        boolean threadsFlat = last[3] <= first[3] * 1.2 + 20;
        boolean pass = heapFlat && filesFlat && threadsFlat && errors == 0 && james.isAlive();
        return new Outcome("soak", length.toMinutes() + " min of mixed traffic (" + SOAK_CLIENTS + " clients: 60 % clean, 15 % listed, 10 % no PTR, 10 % dynamic, 5 % SPF fail; every 30 s of load the spool is let drain (spamd scores every accepted mail, at its own pace) and the mailboxes are counted and expunged, so the memory server's heap holds no stored or queued mail when it is sampled): no errors; heap after GC, open files and threads flat (end <= 1.5 x heap + 64 MiB, 1.2 x files/threads + 20 of the first sample)",
            String.format(Locale.ROOT, "%d messages, %d accepted, %d errors, spool backlog at most %d; heap after GC %.0f -> %.0f MiB, files %d -> %d, threads %d -> %d (series: faults/target/run/soak.tsv)",
                total, accepted, errors, maxSpool, first[1], last[1], (long) first[2], (long) last[2], (long) first[3], (long) last[3]), pass, (long) worstFinal);
    }

    private static double[] sample(long pid, double seconds) throws IOException {
        long files;
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            files = fds.count();
        }
        Matcher threads = Pattern.compile("Threads:\\s+(\\d+)").matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
        return new double[] {seconds, ProcessStats.heapUsedMiB(pid, true), files, threads.find() ? Long.parseLong(threads.group(1)) : -1};
    }

    private void writeSoakSeries(List<double[]> samples) throws IOException {
        StringBuilder tsv = new StringBuilder("seconds\theap_after_gc_mib\topen_files\tthreads\n");
        for (double[] s : samples) {
            tsv.append(String.format(Locale.ROOT, "%.0f\t%.1f\t%d\t%d%n", s[0], s[1], (long) s[2], (long) s[3]));
        }
        Files.writeString(world.out.resolve("soak.tsv"), tsv);
    }

    /** Every message James answered 250 to is in a mailbox or a repository WebAdmin shows; nothing in error, nothing sent out. */
    Outcome accounting(FaultWorld.Server james) throws Exception {
        awaitSpoolEmpty(james);
        long inMailboxes = james.messagesInMailboxes();
        Map<String, Long> repositories = james.repositories();
        long inRepositories = repositories.entrySet().stream().filter(e -> !e.getKey().contains("error")).mapToLong(Map.Entry::getValue).sum();
        long inError = repositories.entrySet().stream().filter(e -> e.getKey().contains("error")).mapToLong(Map.Entry::getValue).sum();
        long outgoing = james.queueSize("outgoing");
        long found = inMailboxes + james.expunged.get() + inRepositories;
        boolean pass = found == james.accepted.get() && inError == 0 && outgoing == 0;
        return new Outcome("accounting (" + james.name + ")", "accepted = found (mailboxes + repositories), error repository empty, nothing queued outward (no bounce)",
            String.format(Locale.ROOT, "accepted %d, found %d (mailboxes %d, counted then expunged by the soak %d, repositories %d), error %d, outgoing %d",
                james.accepted.get(), found, inMailboxes, james.expunged.get(), inRepositories, inError, outgoing), pass, -1);
    }

    /** Waits (at most 10 minutes) until the spooler has taken every accepted mail: spamd scores each, at its pace. */
    private static void awaitSpoolEmpty(FaultWorld.Server james) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (james.queueSize("spool") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        Thread.sleep(1000);
    }

    private static String ms(long millis) {
        return FaultSuite.ms(millis);
    }
}
