package org.accessdenied.core.spam;

import java.time.Duration;
import java.util.Optional;

import org.accessdenied.core.dns.ResolverAddress;

/**
 * Where spamd listens, how long and how much the pack gives it, how many requests run and wait at once, and when
 * the pack stops asking a failing spamd (the circuit breaker).
 */
public final class SpamdSettings {
    public static final int DEFAULT_PORT = 783;
    public static final long DEFAULT_MAX_SIZE = 512 * 1024;
    public static final int DEFAULT_THREADS = 4;
    /** Requests waiting for a thread; each waits at most until its caller's deadline, then is dropped unsent. */
    public static final int DEFAULT_QUEUE = 32;
    /** Failures in a row (timeout, refused, garbage) that open the circuit. */
    public static final int DEFAULT_CIRCUIT_FAILURES = 5;
    /** While the circuit is open, spamd is sent {@code PING} this often; the first {@code PONG} closes it. */
    public static final Duration DEFAULT_CIRCUIT_PROBE_INTERVAL = Duration.ofSeconds(1);

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final long maxSize;
    private final Optional<String> user;
    private final int threads;
    private final int queue;
    private final int circuitFailures;
    private final Duration circuitProbeInterval;

    public SpamdSettings(String host, int port, Duration connectTimeout, Duration readTimeout, long maxSize, Optional<String> user, int threads) {
        this(host, port, connectTimeout, readTimeout, maxSize, user, threads, DEFAULT_QUEUE, DEFAULT_CIRCUIT_FAILURES,
            DEFAULT_CIRCUIT_PROBE_INTERVAL);
    }

    /** @throws IllegalArgumentException naming the faulty {@code spamd.*} key */
    public SpamdSettings(String host, int port, Duration connectTimeout, Duration readTimeout, long maxSize, Optional<String> user,
                         int threads, int queue, int circuitFailures, Duration circuitProbeInterval) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("spamd.port: must be from 1 to 65535, got " + port);
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("spamd.maxSize: must be more than 0, got " + maxSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("spamd.threads: must be 1 or more, got " + threads);
        }
        if (queue < 0) {
            throw new IllegalArgumentException("spamd.queue: must be 0 or more, got " + queue);
        }
        if (circuitFailures < 1) {
            throw new IllegalArgumentException("spamd.circuit.failures: must be 1 or more, got " + circuitFailures);
        }
        if (circuitProbeInterval.toMillis() < 10) {
            throw new IllegalArgumentException("spamd.circuit.probeInterval: must be 10ms or more, got " + circuitProbeInterval.toMillis() + "ms");
        }
        this.host = host;
        this.port = port;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxSize = maxSize;
        this.user = user.filter(u -> u.matches("[A-Za-z0-9._@-]{1,64}"));
        this.threads = threads;
        this.queue = queue;
        this.circuitFailures = circuitFailures;
        this.circuitProbeInterval = circuitProbeInterval;
    }

    public static SpamdSettings defaults() {
        return new SpamdSettings("127.0.0.1", DEFAULT_PORT, Duration.ofSeconds(2), Duration.ofSeconds(30), DEFAULT_MAX_SIZE, Optional.empty(),
            DEFAULT_THREADS);
    }

    /** {@code host:port}, as the run command and the CLI take it. */
    public SpamdSettings withAddress(String hostAndPort) {
        ResolverAddress address = ResolverAddress.parse(hostAndPort);
        return new SpamdSettings(address.socketAddress().getHostString(), address.socketAddress().getPort(), connectTimeout,
            readTimeout, maxSize, user, threads, queue, circuitFailures, circuitProbeInterval);
    }

    public SpamdSettings withTimeouts(Duration connect, Duration read) {
        return new SpamdSettings(host, port, connect, read, maxSize, user, threads, queue, circuitFailures, circuitProbeInterval);
    }

    public SpamdSettings withMaxSize(long bytes) {
        return new SpamdSettings(host, port, connectTimeout, readTimeout, bytes, user, threads, queue, circuitFailures, circuitProbeInterval);
    }

    /** {@code spamd.threads} and {@code spamd.queue}. */
    public SpamdSettings withPool(int newThreads, int newQueue) {
        return new SpamdSettings(host, port, connectTimeout, readTimeout, maxSize, user, newThreads, newQueue, circuitFailures, circuitProbeInterval);
    }

    /** {@code spamd.circuit.failures} and {@code spamd.circuit.probeInterval}. */
    public SpamdSettings withCircuit(int failures, Duration probeInterval) {
        return new SpamdSettings(host, port, connectTimeout, readTimeout, maxSize, user, threads, queue, failures, probeInterval);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The longest wait for spamd's reply; a caller's deadline, when sooner, bounds it further. */
    public Duration readTimeout() {
        return readTimeout;
    }

    public long maxSize() {
        return maxSize;
    }

    public Optional<String> user() {
        return user;
    }

    public int threads() {
        return threads;
    }

    public int queue() {
        return queue;
    }

    public int circuitFailures() {
        return circuitFailures;
    }

    public Duration circuitProbeInterval() {
        return circuitProbeInterval;
    }

    @Override
    public String toString() {
        return host + ":" + port + " connect=" + connectTimeout.toMillis() + "ms read=" + readTimeout.toMillis() + "ms maxSize=" + maxSize
            + " threads=" + threads + " queue=" + queue + " circuit.failures=" + circuitFailures + " circuit.probeInterval="
            + circuitProbeInterval.toMillis() + "ms";
    }
}
