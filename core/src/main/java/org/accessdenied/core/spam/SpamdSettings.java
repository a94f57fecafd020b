package org.accessdenied.core.spam;

import java.time.Duration;
import java.util.Optional;

import org.accessdenied.core.dns.ResolverAddress;

/** Where spamd listens and how long and how much the pack gives it. */
public final class SpamdSettings {
    public static final int DEFAULT_PORT = 783;
    public static final long DEFAULT_MAX_SIZE = 512 * 1024;

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final long maxSize;
    private final Optional<String> user;
    private final int threads;

    public SpamdSettings(String host, int port, Duration connectTimeout, Duration readTimeout, long maxSize, Optional<String> user, int threads) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("spamd.port: must be from 1 to 65535, got " + port);
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("spamd.maxSize: must be more than 0, got " + maxSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("spamd.threads: must be 1 or more, got " + threads);
        }
        this.host = host;
        this.port = port;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxSize = maxSize;
        this.user = user.filter(u -> u.matches("[A-Za-z0-9._@-]{1,64}"));
        this.threads = threads;
    }

    public static SpamdSettings defaults() {
        return new SpamdSettings("127.0.0.1", DEFAULT_PORT, Duration.ofSeconds(2), Duration.ofSeconds(30), DEFAULT_MAX_SIZE, Optional.empty(), 4);
    }

    /** {@code host:port}, as the run command and the CLI take it. */
    public SpamdSettings withAddress(String hostAndPort) {
        ResolverAddress address = ResolverAddress.parse(hostAndPort);
        return new SpamdSettings(address.socketAddress().getHostString(), address.socketAddress().getPort(), connectTimeout,
            readTimeout, maxSize, user, threads);
    }

    public SpamdSettings withTimeouts(Duration connect, Duration read) {
        return new SpamdSettings(host, port, connect, read, maxSize, user, threads);
    }

    public SpamdSettings withMaxSize(long bytes) {
        return new SpamdSettings(host, port, connectTimeout, readTimeout, bytes, user, threads);
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

    @Override
    public String toString() {
        return host + ":" + port + " connect=" + connectTimeout.toMillis() + "ms read=" + readTimeout.toMillis() + "ms maxSize=" + maxSize;
    }
}
