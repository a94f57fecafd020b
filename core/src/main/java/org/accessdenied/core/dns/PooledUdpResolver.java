package org.accessdenied.core.dns;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;

import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;

import org.accessdenied.core.concurrent.DaemonThreads;

/**
 * Sends questions to one server over UDP from a small rotating pool of sockets instead of a new socket per question
 * (dnsjava 3.5.2's {@link SimpleResolver} opens, registers and closes a datagram channel for every question, which
 * cost more CPU than anything else in the pack's DNS path).
 * <p>
 * What per-question ports are for is kept: every socket is bound to a port chosen at random (SecureRandom, 1024 to
 * 65535), every question gets a random id (SecureRandom, unique among the socket's questions in flight), and an
 * answer is taken only when it comes from the server's address and port, carries the id of a question in flight on
 * that socket and repeats that question (name, type, class). A socket serves at most {@code questionsPerPort}
 * questions, then takes no new ones and is closed once its last question is answered or timed out; the next
 * question opens a new socket on a new random port. The trade-off: while a socket is open, up to {@code
 * questionsPerPort} questions can be in flight on it, so a blind off-path forger who has found the port has that
 * many ids to hit instead of one (about 2^16 / questionsPerPort guesses per question instead of 2^16, on top of
 * the port). Answers whose TC flag is set are asked again over TCP. Answers complete on the receive thread: code
 * that follows a DNS answer must not wait (in the pack, every wait is on a thread of its own).
 */
final class PooledUdpResolver implements Resolver, AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int EDNS_PAYLOAD = 1280;
    private static final int MAX_DATAGRAM = 65535;
    private static final long SWEEP_INTERVAL_MILLIS = 50;

    private final int questionsPerPort;
    private final SimpleResolver tcp;
    private final Selector selector;
    private final Thread loop;
    private final Object lock = new Object();
    private final List<Port> ports = new ArrayList<>();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder portsOpened = new LongAdder();
    private volatile InetSocketAddress server;
    private volatile Duration timeout;
    private volatile boolean running = true;
    private Port current;

    PooledUdpResolver(InetSocketAddress server, Duration timeout, int questionsPerPort) throws IOException {
        if (questionsPerPort < 1) {
            throw new IllegalArgumentException("questionsPerPort must be 1 or more: " + questionsPerPort);
        }
        this.server = server;
        this.timeout = timeout;
        this.questionsPerPort = questionsPerPort;
        this.tcp = new SimpleResolver(server);
        tcp.setTCP(true);
        tcp.setTimeout(timeout);
        this.selector = Selector.open();
        this.loop = DaemonThreads.named("access-denied-dns-udp").newThread(this::receiveLoop);
        loop.start();
    }

    /** One socket of the pool and its questions in flight, by id. */
    private static final class Port {
        final DatagramChannel channel;
        final Map<Integer, Pending> inFlight = new ConcurrentHashMap<>();
        int questions;
        SelectionKey key;

        Port(DatagramChannel channel) {
            this.channel = channel;
        }
    }

    private static final class Pending {
        final Message query;
        final int originalId;
        final CompletableFuture<Message> answer;
        final Executor executor;
        final long deadlineNanos;

        Pending(Message query, int originalId, CompletableFuture<Message> answer, Executor executor, long deadlineNanos) {
            this.query = query;
            this.originalId = originalId;
            this.answer = answer;
            this.executor = executor;
            this.deadlineNanos = deadlineNanos;
        }
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query) {
        return sendAsync(query, ForkJoinPool.commonPool());
    }

    @Override
    public CompletionStage<Message> sendAsync(Message original, Executor executor) {
        CompletableFuture<Message> answer = new CompletableFuture<>();
        if (!running) {
            answer.completeExceptionally(new IOException("DNS client closed"));
            return answer;
        }
        Message query = original.clone();
        if (query.getOPT() == null) {
            query.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        Pending pending = new Pending(query, original.getHeader().getID(), answer, executor,
            System.nanoTime() + timeout.toNanos());
        Port port;
        int id;
        try {
            synchronized (lock) {
                if (current == null || current.questions >= questionsPerPort) {
                    current = open();
                }
                port = current;
                port.questions++;
                do {
                    id = RANDOM.nextInt(0x10000);
                } while (port.inFlight.putIfAbsent(id, pending) != null);
            }
        } catch (IOException e) {
            answer.completeExceptionally(e);
            return answer;
        }
        query.getHeader().setID(id);
        try {
            byte[] wire = query.toWire(MAX_DATAGRAM);
            port.channel.send(ByteBuffer.wrap(wire), server);
        } catch (IOException | RuntimeException e) {
            port.inFlight.remove(id, pending);
            answer.completeExceptionally(e instanceof IOException ? e : new IOException(e));
        }
        return answer;
    }

    private Port open() throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            bindRandomPort(channel);
            channel.configureBlocking(false);
            Port port = new Port(channel);
            port.key = channel.register(selector, SelectionKey.OP_READ, port);
            ports.add(port);
            portsOpened.increment();
            selector.wakeup();
            return port;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void bindRandomPort(DatagramChannel channel) throws IOException {
        for (int attempt = 0; attempt < 16; attempt++) {
            try {
                channel.bind(new InetSocketAddress(1024 + RANDOM.nextInt(65536 - 1024)));
                return;
            } catch (BindException taken) {
                // try another random port
            }
        }
        channel.bind(new InetSocketAddress(0));
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        long nextSweep = System.nanoTime();
        while (running) {
            try {
                selector.select(SWEEP_INTERVAL_MILLIS);
                for (SelectionKey key : selector.selectedKeys()) {
                    Port port = (Port) key.attachment();
                    if (key.isValid() && key.isReadable()) {
                        receive(port, buffer);
                    }
                }
                selector.selectedKeys().clear();
                if (System.nanoTime() - nextSweep >= 0) {
                    sweep();
                    nextSweep = System.nanoTime() + SWEEP_INTERVAL_MILLIS * 1_000_000;
                }
            } catch (IOException | RuntimeException e) {
                // one bad datagram or a closed channel must not stop the loop
            }
        }
        synchronized (lock) {
            for (Port port : ports) {
                fail(port, new IOException("DNS client closed"));
                closeQuietly(port);
            }
            ports.clear();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void receive(Port port, ByteBuffer buffer) {
        while (true) {
            buffer.clear();
            SocketAddress from;
            try {
                from = port.channel.receive(buffer);
            } catch (IOException e) {
                return;
            }
            if (from == null) {
                return;
            }
            buffer.flip();
            if (!server.equals(from) || buffer.remaining() < 12) {
                rejected.increment();
                continue;
            }
            int id = buffer.getShort(0) & 0xffff;
            Pending pending = port.inFlight.get(id);
            if (pending == null) {
                rejected.increment();
                continue;
            }
            Message response;
            try {
                byte[] wire = new byte[buffer.remaining()];
                buffer.get(wire);
                response = new Message(wire);
            } catch (IOException | RuntimeException e) {
                rejected.increment();
                continue;
            }
            if (!answers(response, pending.query)) {
                rejected.increment();
                continue;
            }
            if (!port.inFlight.remove(id, pending)) {
                continue;
            }
            if (response.getHeader().getFlag(Flags.TC)) {
                retryOverTcp(pending);
            } else {
                response.getHeader().setID(pending.originalId);
                deliver(pending, response);
            }
        }
    }

    /** A response to this query: QR set, the same question (name, type, class). */
    static boolean answers(Message response, Message query) {
        if (!response.getHeader().getFlag(Flags.QR)) {
            return false;
        }
        Record asked = query.getQuestion();
        Record answered = response.getQuestion();
        return answered != null && asked != null && answered.getType() == asked.getType()
            && answered.getDClass() == asked.getDClass() && answered.getName().equals(asked.getName());
    }

    private void retryOverTcp(Pending pending) {
        Message query = pending.query.clone();
        query.getHeader().setID(pending.originalId);
        tcp.sendAsync(query, pending.executor).whenComplete((message, failure) -> {
            if (failure != null) {
                pending.answer.completeExceptionally(failure);
            } else {
                pending.answer.complete(message);
            }
        });
    }

    /**
     * Completes the question on this (the receive) thread rather than on the caller's executor: what follows an answer
     * in the pack (dnsjava's lookup, the evidence, the verdicts) is short and never waits, and the hand-off cost a
     * thread wake-up per answer, the largest part of the pack's DNS cost per message.
     */
    private static void deliver(Pending pending, Message response) {
        pending.answer.complete(response);
    }

    /** Times out questions past their deadline; closes retired sockets with nothing in flight. */
    private void sweep() {
        long now = System.nanoTime();
        synchronized (lock) {
            for (var it = ports.iterator(); it.hasNext();) {
                Port port = it.next();
                port.inFlight.forEach((id, pending) -> {
                    if (now - pending.deadlineNanos >= 0 && port.inFlight.remove(id, pending)) {
                        pending.answer.completeExceptionally(new SocketTimeoutException("Timed out waiting for the answer"));
                    }
                });
                if (port != current && port.inFlight.isEmpty()) {
                    closeQuietly(port);
                    it.remove();
                }
            }
        }
    }

    private static void fail(Port port, IOException failure) {
        port.inFlight.values().forEach(p -> p.answer.completeExceptionally(failure));
        port.inFlight.clear();
    }

    private static void closeQuietly(Port port) {
        if (port.key != null) {
            port.key.cancel();
        }
        try {
            port.channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    /** Datagrams dropped: wrong source, unknown id, unparseable, or a question that does not match. */
    long rejected() {
        return rejected.sum();
    }

    /** Sockets opened so far. */
    long portsOpened() {
        return portsOpened.sum();
    }

    /** Sockets open now. */
    int openPorts() {
        synchronized (lock) {
            return ports.size();
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void setPort(int port) {
        server = new InetSocketAddress(server.getAddress(), port);
        tcp.setPort(port);
    }

    @Override
    public void setTCP(boolean flag) {
        throw new UnsupportedOperationException("PooledUdpResolver is UDP first; use SimpleResolver for TCP");
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
        throw new UnsupportedOperationException("truncated answers are always asked again over TCP");
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        throw new UnsupportedOperationException("EDNS is fixed: version 0, payload " + EDNS_PAYLOAD);
    }

    @Override
    public void setTSIGKey(TSIG key) {
        throw new UnsupportedOperationException("TSIG is not supported");
    }

    @Override
    public void setTimeout(Duration value) {
        timeout = value;
        tcp.setTimeout(value);
    }

    @Override
    public Duration getTimeout() {
        return timeout;
    }
}
