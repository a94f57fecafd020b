package org.accessdenied.core.dns;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

/**
 * The outcome of one DNS question: records, a definite "no such data", or a temporary failure; and until when the DNS
 * lets it be relied on (the TTL it came with off the wire), so that what is derived from it is kept no longer.
 */
public final class DnsAnswer {
    public enum Status {
        /** At least one record of the asked type. */
        FOUND,
        /** The name does not exist. */
        NXDOMAIN,
        /** The name exists but has no record of the asked type. */
        NODATA,
        /** No answer within the deadline. */
        TIMEOUT,
        /** SERVFAIL, REFUSED, a network error: the server could not say. */
        ERROR;

        public boolean isTemporaryFailure() {
            return this == TIMEOUT || this == ERROR;
        }
    }

    private final Status status;
    private final List<Record> records;
    private final Duration latency;
    private final Optional<String> error;
    private final OptionalLong keptUntilNanos;

    /** Answers are kept a week at most, whatever their TTL says. */
    static final long MAX_KEEP_SECONDS = 7 * 86_400L;

    private DnsAnswer(Status status, List<Record> records, Duration latency, Optional<String> error, OptionalLong keptUntilNanos) {
        this.status = status;
        this.records = List.copyOf(records);
        this.latency = latency;
        this.error = error;
        this.keptUntilNanos = keptUntilNanos;
    }

    private DnsAnswer(Status status, List<Record> records, Duration latency, Optional<String> error) {
        this(status, records, latency, error, OptionalLong.empty());
    }

    public static DnsAnswer found(List<Record> records, Duration latency) {
        return records.isEmpty() ? noData(latency) : new DnsAnswer(Status.FOUND, records, latency, Optional.empty());
    }

    public static DnsAnswer nxDomain(Duration latency) {
        return new DnsAnswer(Status.NXDOMAIN, List.of(), latency, Optional.empty());
    }

    public static DnsAnswer noData(Duration latency) {
        return new DnsAnswer(Status.NODATA, List.of(), latency, Optional.empty());
    }

    /** A failure; the reason must not contain the queried name (it may carry a secret DNSBL key). */
    public static DnsAnswer failure(Status status, String reason, Duration latency) {
        if (!status.isTemporaryFailure()) {
            throw new IllegalArgumentException(status + " is not a failure");
        }
        return new DnsAnswer(status, List.of(), latency, Optional.of(reason));
    }

    public Status status() {
        return status;
    }

    public boolean isFound() {
        return status == Status.FOUND;
    }

    /** NXDOMAIN or NODATA: the DNS said there is nothing. */
    public boolean isDefinitelyAbsent() {
        return status == Status.NXDOMAIN || status == Status.NODATA;
    }

    public boolean isTemporaryFailure() {
        return status.isTemporaryFailure();
    }

    public Duration latency() {
        return latency;
    }

    /** The same answer with another latency (zero: as a kept answer is; a whole chain's for a CNAME followed). */
    DnsAnswer withLatency(Duration value) {
        return latency.equals(value) ? this : new DnsAnswer(status, records, value, error, keptUntilNanos);
    }

    /**
     * The same answer, to be relied on for {@code ttlSeconds} from {@code nowNanos} ({@link System#nanoTime()}) at
     * most (a week at most), or not at all when the TTL is 0 or less or the answer is a failure.
     */
    DnsAnswer keptAtMostFor(long ttlSeconds, long nowNanos) {
        if (ttlSeconds <= 0 || isTemporaryFailure()) {
            return keptUntilNanos.isEmpty() ? this : new DnsAnswer(status, records, latency, error, OptionalLong.empty());
        }
        long until = nowNanos + Math.min(ttlSeconds, MAX_KEEP_SECONDS) * 1_000_000_000L;
        if (keptUntilNanos.isPresent() && keptUntilNanos.getAsLong() - until <= 0) {
            return this;
        }
        return new DnsAnswer(status, records, latency, error, OptionalLong.of(until));
    }

    /**
     * Until when ({@link System#nanoTime()}) this answer may be relied on: when it was read off the wire plus its TTL
     * (found: the smallest TTL of the records and their CNAME chain; NXDOMAIN/NODATA: the SOA minimum). Empty for a
     * failure, an answer without a TTL and an answer made up without asking: not to be kept.
     */
    public OptionalLong keptUntilNanos() {
        return keptUntilNanos;
    }

    /** Why the lookup failed; never contains the queried name. */
    public Optional<String> error() {
        return error;
    }

    public List<Record> records() {
        return records;
    }

    public List<InetAddress> addresses() {
        return records.stream()
            .map(r -> r instanceof ARecord ? ((ARecord) r).getAddress()
                : r instanceof AAAARecord ? ((AAAARecord) r).getAddress() : null)
            .filter(a -> a != null)
            .collect(Collectors.toList());
    }

    /** Target names of PTR records, lower case, without the trailing dot. */
    public List<String> ptrNames() {
        return records.stream()
            .filter(r -> r instanceof PTRRecord)
            .map(r -> ((PTRRecord) r).getTarget().toString(true).toLowerCase(java.util.Locale.ROOT))
            .distinct()
            .collect(Collectors.toList());
    }

    /** Each TXT record's strings joined, raw (may hold any byte: sanitise before display). */
    public List<String> texts() {
        return records.stream()
            .filter(r -> r instanceof TXTRecord)
            .map(r -> String.join("", ((TXTRecord) r).getStrings()))
            .collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return status + (records.isEmpty() ? "" : " " + records) + error.map(e -> " (" + e + ")").orElse("");
    }
}
