package org.accessdenied.core.evidence;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import com.google.common.net.InetAddresses;

import org.accessdenied.core.dnsbl.ReturnCodeFilter;
import org.accessdenied.core.text.SafeText;

/**
 * What one DNSBL zone said about the client: the raw A answers (interpreted by each rule's own filter), the TXT
 * reason, how long it took, and any error or the reason the zone was skipped. A DNS failure is "not listed" with
 * the error recorded.
 */
public final class DnsblEvidence {
    public static final int MAX_TXT_LENGTH = 200;

    private final String zone;
    private final List<String> codes;
    private final Optional<String> txt;
    private final long latencyMillis;
    private final Optional<String> error;
    private final Optional<String> skipped;

    public DnsblEvidence(String zone, List<String> codes, Optional<String> txt, long latencyMillis,
                         Optional<String> error, Optional<String> skipped) {
        this.zone = zone;
        this.codes = codes.stream().filter(InetAddresses::isInetAddress).collect(Collectors.toUnmodifiableList());
        this.txt = txt.map(t -> SafeText.printable(t, MAX_TXT_LENGTH));
        this.latencyMillis = latencyMillis;
        this.error = error;
        this.skipped = skipped;
    }

    static DnsblEvidence skipped(String zone, String reason) {
        return new DnsblEvidence(zone, List.of(), Optional.empty(), 0, Optional.empty(), Optional.of(reason));
    }

    /** The zone's display name (never a key). */
    public String zone() {
        return zone;
    }

    /** Every A answer, as dotted quads. */
    public List<String> codes() {
        return codes;
    }

    /** The answers that count as a listing under {@code filter}. */
    public List<String> listingCodes(ReturnCodeFilter filter) {
        return codes.stream().filter(c -> filter.counts(InetAddresses.forString(c))).collect(Collectors.toList());
    }

    public boolean isListed(ReturnCodeFilter filter) {
        return !listingCodes(filter).isEmpty();
    }

    /** Error codes (127.255.255.0/24) in the answer. */
    public List<InetAddress> errorCodes() {
        return codes.stream().map(InetAddresses::forString).filter(ReturnCodeFilter::isErrorCode).collect(Collectors.toList());
    }

    /** The TXT reason, printable ASCII, bounded. */
    public Optional<String> txt() {
        return txt;
    }

    public long latencyMillis() {
        return latencyMillis;
    }

    public Optional<String> error() {
        return error;
    }

    /** Why the zone was not asked (unhealthy), if it was not. */
    public Optional<String> skipped() {
        return skipped;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DnsblEvidence)) {
            return false;
        }
        DnsblEvidence other = (DnsblEvidence) o;
        return zone.equals(other.zone) && codes.equals(other.codes) && txt.equals(other.txt)
            && latencyMillis == other.latencyMillis && error.equals(other.error) && skipped.equals(other.skipped);
    }

    @Override
    public int hashCode() {
        return Objects.hash(zone, codes, txt, latencyMillis, error, skipped);
    }

    @Override
    public String toString() {
        return "dnsbl[" + zone + "]=" + codes + txt.map(t -> " \"" + t + "\"").orElse("")
            + error.map(e -> " error: " + e).orElse("") + skipped.map(s -> " skipped: " + s).orElse("")
            + " " + latencyMillis + "ms";
    }
}
