package org.accessdenied.testkit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * A UDP DNS proxy in front of a real server, for faults a real authoritative server cannot produce: a zone that
 * never answers, SERVFAIL, added latency, random loss. Everything else is forwarded unchanged.
 */
public final class FaultyDnsProxy implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress upstream;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> daemon(r, "dns-proxy-worker"));
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dns-proxy-delay"));
    private final Set<String> silentSuffixes = ConcurrentHashMap.newKeySet();
    private final Set<String> servfailSuffixes = ConcurrentHashMap.newKeySet();
    private final Set<String> truncatedSuffixes = ConcurrentHashMap.newKeySet();
    private final Set<String> silentNames = ConcurrentHashMap.newKeySet();
    private final Set<String> silentQuestions = ConcurrentHashMap.newKeySet();
    private final AtomicLong forwarded = new AtomicLong();
    private final java.util.Queue<String> questions = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile Duration delay = Duration.ZERO;
    private final java.util.Map<String, Duration> delayedSuffixes = new ConcurrentHashMap<>();
    private volatile double lossRate;
    private volatile boolean dropFirstCopies;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    private FaultyDnsProxy(InetSocketAddress listen, InetSocketAddress upstream) throws SocketException {
        this.upstream = upstream;
        this.socket = new DatagramSocket(listen);
        Thread receiver = new Thread(this::receive, "dns-proxy");
        receiver.setDaemon(true);
        receiver.start();
    }

    public static FaultyDnsProxy startInFrontOf(InetSocketAddress upstream) {
        try {
            return new FaultyDnsProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), upstream);
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A proxy on a given address (e.g. 127.0.0.53:53 for clients that only talk to port 53; root needed there). */
    public static FaultyDnsProxy startOn(InetSocketAddress listen, InetSocketAddress upstream) throws SocketException {
        return new FaultyDnsProxy(listen, upstream);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Questions for names at or under {@code suffix} are dropped: the client sees a timeout. */
    public FaultyDnsProxy silence(String suffix) {
        silentSuffixes.add(normalise(suffix));
        return this;
    }

    /** Questions for exactly this name (not names below it) are dropped. */
    public FaultyDnsProxy silenceExactly(String name) {
        silentNames.add(normalise(name));
        return this;
    }

    /** Questions for exactly this name and type (e.g. "example.com", "TXT") are dropped. */
    public FaultyDnsProxy silenceQuestion(String name, String type) {
        silentQuestions.add(normalise(name) + " " + type.toUpperCase(java.util.Locale.ROOT));
        return this;
    }

    /** Questions for names at or under {@code suffix} are answered SERVFAIL. */
    public FaultyDnsProxy servfail(String suffix) {
        servfailSuffixes.add(normalise(suffix));
        return this;
    }

    /**
     * Questions for names at or under {@code suffix} get an empty answer with the TC (truncated) flag, and the proxy
     * has no TCP listener: a server whose answers do not fit UDP behind a firewall that blocks DNS over TCP.
     */
    public FaultyDnsProxy truncate(String suffix) {
        truncatedSuffixes.add(normalise(suffix));
        return this;
    }

    /** Answers for names at or under {@code suffix} come {@code added} late (on top of {@link #delay(Duration)}). */
    public FaultyDnsProxy delay(String suffix, Duration added) {
        delayedSuffixes.put(normalise(suffix), added);
        return this;
    }

    public FaultyDnsProxy delay(Duration added) {
        this.delay = added;
        return this;
    }

    /** Drops this fraction (0 to 1) of all questions at random. */
    public FaultyDnsProxy loss(double rate) {
        this.lossRate = rate;
        return this;
    }

    /** Drops the first copy of every question and answers the repeats: one lost datagram per question. */
    public FaultyDnsProxy dropFirstCopies() {
        this.dropFirstCopies = true;
        return this;
    }

    /** Drops every question: a DNS server that stopped. */
    public FaultyDnsProxy silenceEverything() {
        silentSuffixes.add("");
        return this;
    }

    public FaultyDnsProxy heal() {
        silentSuffixes.clear();
        silentNames.clear();
        silentQuestions.clear();
        servfailSuffixes.clear();
        truncatedSuffixes.clear();
        delayedSuffixes.clear();
        delay = Duration.ZERO;
        lossRate = 0;
        dropFirstCopies = false;
        return this;
    }

    /** Questions passed on to the real server so far. */
    public long forwarded() {
        return forwarded.get();
    }

    /** Every question received, as "name TYPE", in arrival order. */
    public java.util.List<String> questions() {
        return java.util.List.copyOf(questions);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String hostAndPort() {
        return "127.0.0.1:" + port();
    }

    private static String normalise(String suffix) {
        String s = suffix.toLowerCase(Locale.ROOT);
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private void receive() {
        byte[] buffer = new byte[4096];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!running) {
                    return;
                }
                continue;
            }
            byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
            SocketAddress client = packet.getSocketAddress();
            workers.execute(() -> handle(query, client));
        }
    }

    private void handle(byte[] query, SocketAddress client) {
        String name;
        Message message;
        try {
            message = new Message(query);
            name = normalise(message.getQuestion().getName().toString());
        } catch (IOException | RuntimeException e) {
            return;
        }
        String question = name + " " + org.xbill.DNS.Type.string(message.getQuestion().getType());
        questions.add(question);
        if ((dropFirstCopies && seen.add(question)) || silentQuestions.contains(question)) {
            return;
        }
        if (silentNames.contains(name) || matches(silentSuffixes, name) || (lossRate > 0 && ThreadLocalRandom.current().nextDouble() < lossRate)) {
            return;
        }
        if (matches(servfailSuffixes, name)) {
            reply(emptyAnswer(message, Rcode.SERVFAIL, false), client);
            return;
        }
        if (matches(truncatedSuffixes, name)) {
            reply(emptyAnswer(message, Rcode.NOERROR, true), client);
            return;
        }
        Runnable forward = () -> forward(query, client);
        Duration late = delay;
        for (java.util.Map.Entry<String, Duration> delayed : delayedSuffixes.entrySet()) {
            if (isAtOrUnder(name, delayed.getKey())) {
                late = late.plus(delayed.getValue());
            }
        }
        if (late.isZero()) {
            forward.run();
        } else {
            delays.schedule(() -> workers.execute(forward), late.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static byte[] emptyAnswer(Message query, int rcode, boolean truncated) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(org.xbill.DNS.Flags.QR);
        if (truncated) {
            response.getHeader().setFlag(org.xbill.DNS.Flags.TC);
        }
        response.getHeader().setRcode(rcode);
        response.addRecord(query.getQuestion(), org.xbill.DNS.Section.QUESTION);
        return response.toWire();
    }

    private static boolean matches(Set<String> suffixes, String name) {
        for (String suffix : suffixes) {
            if (isAtOrUnder(name, suffix)) {
                return true;
            }
        }
        return false;
    }

    /** {@code name} is {@code suffix} or a name below it; every name is under the empty suffix (the root). */
    private static boolean isAtOrUnder(String name, String suffix) {
        return suffix.isEmpty() || name.equals(suffix) || name.endsWith("." + suffix);
    }

    private void forward(byte[] query, SocketAddress client) {
        try (DatagramSocket upstreamSocket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            upstreamSocket.setSoTimeout(3000);
            upstreamSocket.send(new DatagramPacket(query, query.length, upstream));
            forwarded.incrementAndGet();
            byte[] buffer = new byte[4096];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            upstreamSocket.receive(answer);
            reply(Arrays.copyOf(answer.getData(), answer.getLength()), client);
        } catch (IOException e) {
            // upstream did not answer: neither do we
        }
    }

    private void reply(byte[] answer, SocketAddress client) {
        try {
            socket.send(new DatagramPacket(answer, answer.length, client));
        } catch (IOException e) {
            // client gone
        }
    }

    @Override
    public void close() {
        running = false;
        socket.close();
        workers.shutdownNow();
        delays.shutdownNow();
    }
}
