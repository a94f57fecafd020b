package org.accessdenied.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import com.google.common.collect.ImmutableSet;

import org.accessdenied.core.dns.DnsSettings;
import org.accessdenied.core.dns.ResolverAddress;
import org.accessdenied.core.net.Network;
import org.accessdenied.core.spam.SpamdSettings;

/**
 * Settings shared by every check, read from {@code conf/access-denied.properties}:
 * <pre>
 * # DNS servers the pack asks (host[:port], comma separated); default: the system's resolvers
 * dns.servers=127.0.0.1:53
 * # deadline of one DNS question, retries included
 * dns.timeout=3s
 * dns.cacheSize=50000
 * # questions one UDP socket (one random source port) asks before a new one is opened; 0: a socket per question
 * dns.questionsPerPort=8
 * # how often healthy DNSBL zones are probed (RFC 5782 test points), and unhealthy ones retried
 * dnsbl.healthInterval=15min
 * dnsbl.healthRetry=1min
 * # how long a matcher in the mail pipeline waits for its evidence before answering "temporary"
 * check.deadline=7s
 * # overall deadline of one SPF evaluation (temperror past it), and the threads evaluating SPF
 * spf.deadline=10s
 * spf.threads=4
 * # SPF results kept across connections, by client address, MAIL FROM and HELO, each no longer than the TTLs of the
 * # DNS answers it came from (temperror never); 0: none kept
 * spf.cacheSize=10000
 * # spamd (SpamAssassin) for HighSpamScore; messages over maxSize are not scanned (not applicable, never a match)
 * spamd.host=127.0.0.1
 * spamd.port=783
 * spamd.connectTimeout=2s
 * # the longest wait for spamd's reply; the caller's deadline (dataDeadline at the end of DATA, check.deadline in
 * # the spooler) bounds every request further
 * spamd.readTimeout=30s
 * spamd.maxSize=524288
 * spamd.user=
 * # requests running at once, and waiting for a thread (a waiting request whose caller gave up is dropped unsent;
 * # a full queue answers "unavailable" at once)
 * spamd.threads=4
 * spamd.queue=32
 * # circuit breaker: after this many failures in a row (no answer in time, refused, garbage) spamd is not asked,
 * # requests are answered "unavailable" at once, and spamd is sent PING every probeInterval until it answers PONG
 * spamd.circuit.failures=5
 * spamd.circuit.probeInterval=1s
 * # networks whose X-Spam-Status / X-Spam-Score headers are believed (an upstream filter); default none
 * spam.trustedNetworks=
 * </pre>
 * The DNS servers can be overridden without editing the file: system property {@code accessdenied.dns.servers},
 * then environment variable {@code ACCESS_DENIED_DNS}; likewise spamd's {@code host:port} with
 * {@code accessdenied.spamd} and {@code ACCESS_DENIED_SPAMD}.
 */
public final class EngineSettings {
    public static final String FILE_NAME = "access-denied";
    public static final String DNS_OVERRIDE_PROPERTY = "accessdenied.dns.servers";
    public static final String DNS_OVERRIDE_ENV = "ACCESS_DENIED_DNS";
    public static final String SPAMD_OVERRIDE_PROPERTY = "accessdenied.spamd";
    public static final String SPAMD_OVERRIDE_ENV = "ACCESS_DENIED_SPAMD";
    public static final Duration DEFAULT_SPF_DEADLINE = Duration.ofSeconds(10);
    public static final int DEFAULT_SPF_THREADS = 4;
    public static final int DEFAULT_SPF_CACHE_SIZE = 10_000;

    private static final Set<String> KEYS = ImmutableSet.of(
        "dns.servers", "dns.timeout", "dns.cacheSize", "dns.questionsPerPort", "dnsbl.healthInterval", "dnsbl.healthRetry", "check.deadline",
        "spf.deadline", "spf.threads", "spf.cacheSize", "spamd.host", "spamd.port", "spamd.connectTimeout", "spamd.readTimeout",
        "spamd.maxSize", "spamd.user", "spamd.threads", "spamd.queue", "spamd.circuit.failures", "spamd.circuit.probeInterval",
        "spam.trustedNetworks");

    private final DnsSettings dns;
    private final Duration healthInterval;
    private final Duration healthRetry;
    private final Duration checkDeadline;
    private final Duration spfDeadline;
    private final int spfThreads;
    private final int spfCacheSize;
    private final SpamdSettings spamd;
    private final List<Network> trustedSpamNetworks;

    public EngineSettings(DnsSettings dns, Duration healthInterval, Duration healthRetry, Duration checkDeadline,
                          Duration spfDeadline, int spfThreads) {
        this(dns, healthInterval, healthRetry, checkDeadline, spfDeadline, spfThreads, DEFAULT_SPF_CACHE_SIZE, SpamdSettings.defaults(), List.of());
    }

    public EngineSettings(DnsSettings dns, Duration healthInterval, Duration healthRetry, Duration checkDeadline,
                          Duration spfDeadline, int spfThreads, int spfCacheSize, SpamdSettings spamd, List<Network> trustedSpamNetworks) {
        if (spfThreads < 1) {
            throw new IllegalArgumentException("spf.threads: must be 1 or more, got " + spfThreads);
        }
        if (spfCacheSize < 0) {
            throw new IllegalArgumentException("spf.cacheSize: must be 0 or more, got " + spfCacheSize);
        }
        this.dns = dns;
        this.healthInterval = healthInterval;
        this.healthRetry = healthRetry;
        this.checkDeadline = checkDeadline;
        this.spfDeadline = spfDeadline;
        this.spfThreads = spfThreads;
        this.spfCacheSize = spfCacheSize;
        this.spamd = spamd;
        this.trustedSpamNetworks = List.copyOf(trustedSpamNetworks);
    }

    public static EngineSettings defaults() {
        return from(key -> Optional.empty(), List.of(), EngineSettings::environment);
    }

    /** The process environment, as the {@code environment} argument of {@link #from}. */
    public static Optional<String> environment(String name) {
        return Optional.ofNullable(System.getenv(name));
    }

    public static EngineSettings forDns(List<ResolverAddress> servers, Duration timeout) {
        DnsSettings dns = DnsSettings.of(servers, timeout);
        return new EngineSettings(dns, Duration.ofMinutes(15), Duration.ofMinutes(1), defaultDeadline(timeout),
            DEFAULT_SPF_DEADLINE, DEFAULT_SPF_THREADS);
    }

    /**
     * @param file        the value of a key in the properties file
     * @param presentKeys the keys the file holds (unknown ones are refused)
     * @param environment an environment lookup (for {@value #DNS_OVERRIDE_ENV})
     * @throws IllegalArgumentException naming the faulty key
     */
    public static EngineSettings from(Function<String, Optional<String>> file, Iterable<String> presentKeys,
                                      Function<String, Optional<String>> environment) {
        Set<String> unknown = new TreeSet<>();
        presentKeys.forEach(key -> {
            if (!KEYS.contains(key)) {
                unknown.add(key);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(FILE_NAME + ".properties: unknown key(s) " + unknown + "; known keys: " + new TreeSet<>(KEYS));
        }
        Optional<String> servers = Optional.ofNullable(System.getProperty(DNS_OVERRIDE_PROPERTY)).filter(s -> !s.isBlank())
            .or(() -> environment.apply(DNS_OVERRIDE_ENV).filter(s -> !s.isBlank()))
            .or(() -> file.apply("dns.servers"));
        List<ResolverAddress> resolvers = servers.map(EngineSettings::servers).orElse(List.of());
        Duration timeout = duration(file, "dns.timeout", DnsSettings.DEFAULT_TIMEOUT);
        int cacheSize = file.apply("dns.cacheSize").map(v -> integer("dns.cacheSize", v)).orElse(DnsSettings.DEFAULT_CACHE_SIZE);
        int questionsPerPort = file.apply("dns.questionsPerPort").map(v -> integer("dns.questionsPerPort", v))
            .orElse(DnsSettings.DEFAULT_QUESTIONS_PER_PORT);
        DnsSettings dns = new DnsSettings(resolvers, timeout, cacheSize, questionsPerPort);
        return new EngineSettings(dns,
            duration(file, "dnsbl.healthInterval", Duration.ofMinutes(15)),
            duration(file, "dnsbl.healthRetry", Duration.ofMinutes(1)),
            duration(file, "check.deadline", defaultDeadline(timeout)),
            duration(file, "spf.deadline", DEFAULT_SPF_DEADLINE),
            file.apply("spf.threads").map(v -> integer("spf.threads", v)).orElse(DEFAULT_SPF_THREADS),
            file.apply("spf.cacheSize").map(v -> integer("spf.cacheSize", v)).orElse(DEFAULT_SPF_CACHE_SIZE),
            spamd(file, environment), networks(file.apply("spam.trustedNetworks").orElse("")));
    }

    private static SpamdSettings spamd(Function<String, Optional<String>> file, Function<String, Optional<String>> environment) {
        SpamdSettings defaults = SpamdSettings.defaults();
        SpamdSettings configured = new SpamdSettings(
            file.apply("spamd.host").map(String::strip).orElse(defaults.host()),
            file.apply("spamd.port").map(v -> integer("spamd.port", v)).orElse(defaults.port()),
            duration(file, "spamd.connectTimeout", defaults.connectTimeout()),
            duration(file, "spamd.readTimeout", defaults.readTimeout()),
            file.apply("spamd.maxSize").map(v -> (long) integer("spamd.maxSize", v)).orElse(defaults.maxSize()),
            file.apply("spamd.user").map(String::strip).filter(u -> !u.isEmpty()),
            file.apply("spamd.threads").map(v -> integer("spamd.threads", v)).orElse(defaults.threads()),
            file.apply("spamd.queue").map(v -> integer("spamd.queue", v)).orElse(defaults.queue()),
            file.apply("spamd.circuit.failures").map(v -> integer("spamd.circuit.failures", v)).orElse(defaults.circuitFailures()),
            duration(file, "spamd.circuit.probeInterval", defaults.circuitProbeInterval()));
        Optional<String> override = Optional.ofNullable(System.getProperty(SPAMD_OVERRIDE_PROPERTY)).filter(s -> !s.isBlank())
            .or(() -> environment.apply(SPAMD_OVERRIDE_ENV).filter(s -> !s.isBlank()));
        try {
            return override.map(configured::withAddress).orElse(configured);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spamd override: " + e.getMessage(), e);
        }
    }

    private static List<Network> networks(String text) {
        try {
            return Network.parseList(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spam.trustedNetworks: " + e.getMessage(), e);
        }
    }

    /** A copy with other spamd settings. */
    public EngineSettings withSpamd(SpamdSettings newSpamd) {
        return new EngineSettings(dns, healthInterval, healthRetry, checkDeadline, spfDeadline, spfThreads, spfCacheSize, newSpamd, trustedSpamNetworks);
    }

    /** A copy that believes spam headers from these networks. */
    public EngineSettings withTrustedSpamNetworks(List<Network> networks) {
        return new EngineSettings(dns, healthInterval, healthRetry, checkDeadline, spfDeadline, spfThreads, spfCacheSize, spamd, networks);
    }

    /** A copy with another DNS configuration and the deadlines that follow from its timeout. */
    public EngineSettings withDns(DnsSettings newDns) {
        return new EngineSettings(newDns, healthInterval, healthRetry, defaultDeadline(newDns.timeout()), spfDeadline, spfThreads,
            spfCacheSize, spamd, trustedSpamNetworks);
    }

    private static List<ResolverAddress> servers(String text) {
        try {
            return ResolverAddress.parseList(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dns.servers: " + e.getMessage(), e);
        }
    }

    private static Duration defaultDeadline(Duration dnsTimeout) {
        // FCrDNS needs two questions in a row (PTR, then A/AAAA)
        return dnsTimeout.multipliedBy(2).plusMillis(500);
    }

    private static Duration duration(Function<String, Optional<String>> file, String key, Duration fallback) {
        Duration value = file.apply(key).map(v -> Durations.parse(key, v)).orElse(fallback);
        if (value.isZero()) {
            throw new IllegalArgumentException(key + ": must be more than 0");
        }
        return value;
    }

    private static int integer(String key, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected a whole number, got '" + text + "'", e);
        }
    }

    public DnsSettings dns() {
        return dns;
    }

    public Duration healthInterval() {
        return healthInterval;
    }

    public Duration healthRetry() {
        return healthRetry;
    }

    public Duration checkDeadline() {
        return checkDeadline;
    }

    public Duration spfDeadline() {
        return spfDeadline;
    }

    public int spfThreads() {
        return spfThreads;
    }

    /** SPF results kept across connections at most. */
    public int spfCacheSize() {
        return spfCacheSize;
    }

    public SpamdSettings spamd() {
        return spamd;
    }

    /** Networks whose X-Spam-Status / X-Spam-Score headers are believed. */
    public List<Network> trustedSpamNetworks() {
        return trustedSpamNetworks;
    }

    @Override
    public String toString() {
        return "dns[" + dns + "] dnsbl.healthInterval=" + healthInterval + " dnsbl.healthRetry=" + healthRetry
            + " check.deadline=" + checkDeadline.toMillis() + "ms spf.deadline=" + spfDeadline.toMillis() + "ms spf.threads=" + spfThreads + " spf.cacheSize=" + spfCacheSize;
    }
}
