package org.accessdenied.core.dns;

import java.time.Duration;
import java.util.List;

/** Which servers the pack's DNS client asks, and how long one question may take. */
public final class DnsSettings {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final int DEFAULT_CACHE_SIZE = 50_000;

    private final List<ResolverAddress> servers;
    private final Duration timeout;
    private final int cacheSize;

    /**
     * @param servers empty means the system's resolvers ({@code /etc/resolv.conf})
     * @param timeout the deadline of one question, retries included
     */
    public DnsSettings(List<ResolverAddress> servers, Duration timeout, int cacheSize) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("DNS timeout must be positive, got " + timeout);
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("DNS cache size must be 0 or more, got " + cacheSize);
        }
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
        this.cacheSize = cacheSize;
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

    @Override
    public String toString() {
        return "servers=" + (servers.isEmpty() ? "system" : servers) + " timeout=" + timeout.toMillis() + "ms";
    }
}
