package org.accessdenied.core.dns;

import java.time.Duration;
import java.util.List;

/** Which servers the pack's DNS client asks, and how long one question may take. */
public final class DnsSettings {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final int DEFAULT_CACHE_SIZE = 50_000;
    /** Questions one UDP socket asks before it is closed and a new random port opened (0: a new socket per question). */
    public static final int DEFAULT_QUESTIONS_PER_PORT = 8;

    private final List<ResolverAddress> servers;
    private final Duration timeout;
    private final int cacheSize;
    private final int questionsPerPort;

    /**
     * @param servers empty means the system's resolvers ({@code /etc/resolv.conf})
     * @param timeout the deadline of one question, retries included
     */
    public DnsSettings(List<ResolverAddress> servers, Duration timeout, int cacheSize) {
        this(servers, timeout, cacheSize, DEFAULT_QUESTIONS_PER_PORT);
    }

    /**
     * @param questionsPerPort questions one UDP socket (one random source port) asks before it is replaced; 0 opens a
     *                         socket per question (dnsjava's own transport)
     */
    public DnsSettings(List<ResolverAddress> servers, Duration timeout, int cacheSize, int questionsPerPort) {
        if (questionsPerPort < 0 || questionsPerPort > 1000) {
            throw new IllegalArgumentException("dns.questionsPerPort must be between 0 and 1000, got " + questionsPerPort);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("DNS timeout must be positive, got " + timeout);
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("DNS cache size must be 0 or more, got " + cacheSize);
        }
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
        this.cacheSize = cacheSize;
        this.questionsPerPort = questionsPerPort;
    }

    public static DnsSettings systemDefaults() {
        return new DnsSettings(List.of(), DEFAULT_TIMEOUT, DEFAULT_CACHE_SIZE);
    }

    public static DnsSettings of(List<ResolverAddress> servers, Duration timeout) {
        return new DnsSettings(servers, timeout, DEFAULT_CACHE_SIZE);
    }

    public List<ResolverAddress> servers() {
        return servers;
    }

    public Duration timeout() {
        return timeout;
    }

    public int cacheSize() {
        return cacheSize;
    }

    public int questionsPerPort() {
        return questionsPerPort;
    }

    @Override
    public String toString() {
        return "servers=" + (servers.isEmpty() ? "system" : servers) + " timeout=" + timeout.toMillis() + "ms questionsPerPort=" + questionsPerPort;
    }
}
