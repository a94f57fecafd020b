package org.accessdenied.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a real server (spamd, an SMTP server...) for the faults the real server cannot produce on
 * demand. The mode is switched at run time and applies to connections accepted after the switch; connections
 * already open keep the mode they were accepted in until either side closes them (or {@link #close()}).
 * <ul>
 * <li>{@link Mode#FORWARD}: bytes go both ways unchanged (the default).</li>
 * <li>{@link Mode#REFUSE}: the listening socket is closed, so connecting fails at once ("connection refused"), as
 * with a stopped server; switching to another mode listens again on the same port.</li>
 * <li>{@link Mode#HANG}: connections are accepted and everything the client sends is read, but nothing is ever
 * answered, as with a server that is stuck.</li>
 * <li>{@link Mode#SLOW}: forwarded, but the server's answer is held back by a delay before it is passed on.</li>
 * <li>{@link Mode#GARBAGE}: once the client has sent something, it gets junk bytes and the connection is closed.</li>
 * </ul>
 * Counters tell what the proxy saw: {@link #connections()} accepted in any mode, {@link #forwarded()} passed on to
 * the server. Loopback only; threads are daemons.
 *
 * <pre>{@code
 * try (FaultyTcpProxy proxy = FaultyTcpProxy.startInFrontOf(SpamdServer.shared().address())) {
 *     // point the client at proxy.hostAndPort()
 *     proxy.hang();            // spamd stuck
 *     proxy.forward();         // healthy again
 * }
 * }</pre>
 */
public final class FaultyTcpProxy implements AutoCloseable {
    /** What the proxy does with a new connection. */
    public enum Mode { FORWARD, REFUSE, HANG, SLOW, GARBAGE }

    /** What {@link #garbage()} answers: neither a protocol greeting nor a reply of any protocol the pack speaks. */
    public static final byte[] DEFAULT_GARBAGE = "HTTP/1.0 418 garbage\r\n\u0000\u0001\u00ff\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final InetSocketAddress listenAddress;
    private final InetSocketAddress upstream;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tcp-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile ServerSocket listener;
    private volatile Future<?> acceptor;
    private volatile Mode mode = Mode.FORWARD;
    private volatile Duration delay = Duration.ZERO;
    private volatile byte[] garbage = DEFAULT_GARBAGE;
    private volatile boolean closed;
    private final CountDownLatch closing = new CountDownLatch(1);

    private FaultyTcpProxy(InetSocketAddress listen, InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.listener = listen(listen);
        this.listenAddress = new InetSocketAddress(listen.getAddress(), listener.getLocalPort());
        startAccepting(listener);
    }

    /** A proxy on a free loopback port in front of {@code upstream}, forwarding. */
    public static FaultyTcpProxy startInFrontOf(InetSocketAddress upstream) {
        return startOn(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), upstream);
    }

    /** A proxy on a given address (port 0: a free one) in front of {@code upstream}, forwarding. */
    public static FaultyTcpProxy startOn(InetSocketAddress listen, InetSocketAddress upstream) {
        try {
            return new FaultyTcpProxy(listen, upstream);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + listen, e);
        }
    }

    /** Where clients connect. */
    public InetSocketAddress address() {
        return listenAddress;
    }

    public int port() {
        return listenAddress.getPort();
    }

    /** {@code host:port} of {@link #address()}, as the pack's settings take it. */
    public String hostAndPort() {
        return listenAddress.getAddress().getHostAddress() + ":" + port();
    }

    public Mode mode() {
        return mode;
    }

    /** Pass bytes both ways unchanged. */
    public FaultyTcpProxy forward() {
        return switchTo(Mode.FORWARD);
    }

    /** Stop listening: new connections are refused. */
    public FaultyTcpProxy refuse() {
        return switchTo(Mode.REFUSE);
    }

    /** Accept and read, never answer. */
    public FaultyTcpProxy hang() {
        return switchTo(Mode.HANG);
    }

    /** Forward, holding the server's answer back by {@code answerDelay}. */
    public FaultyTcpProxy slow(Duration answerDelay) {
        this.delay = answerDelay;
        return switchTo(Mode.SLOW);
    }

    /** Answer {@link #DEFAULT_GARBAGE} to whatever the client sends, then close. */
    public FaultyTcpProxy garbage() {
        return garbage(DEFAULT_GARBAGE);
    }

    /** Answer {@code reply} to whatever the client sends, then close. */
    public FaultyTcpProxy garbage(byte[] reply) {
        this.garbage = reply.clone();
        return switchTo(Mode.GARBAGE);
    }

    /** Connections accepted, in any mode (none while refusing). */
    public long connections() {
        return connections.get();
    }

    /** Connections passed on to the server ({@link Mode#FORWARD} and {@link Mode#SLOW}). */
    public long forwarded() {
        return forwarded.get();
    }

    private synchronized FaultyTcpProxy switchTo(Mode next) {
        if (closed) {
            throw new IllegalStateException("proxy closed");
        }
        if (next == Mode.REFUSE && mode != Mode.REFUSE) {
            mode = next;
            closeQuietly(listener);
            awaitAcceptorExit();
        } else if (next != Mode.REFUSE && mode == Mode.REFUSE) {
            try {
                listener = listen(listenAddress);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen again on " + listenAddress, e);
            }
            startAccepting(listener);
        }
        mode = next;
        return this;
    }

    private static ServerSocket listen(InetSocketAddress address) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(address, 200);
        return socket;
    }

    /** The listening socket is really closed (connections refused) only once the thread blocked in accept() has left. */
    private void awaitAcceptorExit() {
        try {
            acceptor.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the proxy's listener did not close", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startAccepting(ServerSocket socket) {
        acceptor = threads.submit(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Mode now = mode;
                    if (now == Mode.REFUSE) {
                        // accepted while the listener was closing: reset, as close to "refused" as an open socket gets
                        client.setSoLinger(true, 0);
                        closeQuietly(client);
                        continue;
                    }
                    connections.incrementAndGet();
                    threads.execute(() -> serve(client, now));
                } catch (IOException e) {
                    // the listener was closed (refuse, close)
                }
            }
        });
    }

    private void serve(Socket client, Mode accepted) {
        open.add(client);
        try (client) {
            switch (accepted) {
                case HANG:
                    client.getInputStream().transferTo(OutputStream.nullOutputStream());
                    // the client is done sending (or gone): hold the connection until the proxy closes
                    closing.await();
                    break;
                case GARBAGE:
                    client.getInputStream().read(new byte[4096]);
                    client.getOutputStream().write(garbage);
                    client.getOutputStream().flush();
                    break;
                default:
                    relay(client, accepted == Mode.SLOW ? delay : Duration.ZERO);
                    break;
            }
        } catch (IOException e) {
            // either side went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
        }
    }

    private void relay(Socket client, Duration answerDelay) throws IOException {
        try (Socket server = new Socket()) {
            open.add(server);
            server.connect(upstream, 2000);
            forwarded.incrementAndGet();
            threads.execute(() -> {
                try {
                    client.getInputStream().transferTo(server.getOutputStream());
                    server.shutdownOutput();
                } catch (IOException e) {
                    closeQuietly(server);
                }
            });
            InputStream answer = server.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] chunk = new byte[8192];
            boolean first = true;
            int n;
            while ((n = answer.read(chunk)) >= 0) {
                if (first && !answerDelay.isZero()) {
                    sleep(answerDelay);
                }
                first = false;
                out.write(chunk, 0, n);
                out.flush();
            }
            client.shutdownOutput();
        } finally {
            open.removeIf(Socket::isClosed);
        }
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketException("interrupted");
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }

    /** Stops listening and closes every connection, hung ones included. */
    @Override
    public synchronized void close() {
        closed = true;
        closing.countDown();
        closeQuietly(listener);
        open.forEach(FaultyTcpProxy::closeQuietly);
        threads.shutdownNow();
    }
}
