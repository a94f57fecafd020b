package org.accessdenied.core.evidence;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.accessdenied.core.helo.HeloAnalysis;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.spam.SpamScore;
import org.accessdenied.core.spf.SpfEvidence;

/**
 * An immutable picture of what is known about one SMTP connection: the client address, the HELO and its analysis,
 * and each DNS-derived item that has been computed so far. Items not computed yet are empty.
 */
public final class ConnectionEvidence {
    private final Optional<ClientIp> client;
    private final Optional<String> helo;
    private final HeloAnalysis heloAnalysis;
    private final Optional<PtrEvidence> ptr;
    private final Optional<ForwardConfirmation> forwardConfirmation;
    private final Optional<HeloResolution> heloResolution;
    private final Map<String, DnsblEvidence> dnsbl;
    private final Map<String, SpfEvidence> spf;
    private final Optional<SpfEvidence> spfHelo;
    private final Map<String, SpamScore> spam;

    public ConnectionEvidence(Optional<ClientIp> client, Optional<String> helo, Optional<PtrEvidence> ptr,
                              Optional<ForwardConfirmation> forwardConfirmation, Optional<HeloResolution> heloResolution,
                              Map<String, DnsblEvidence> dnsbl) {
        this(client, helo, ptr, forwardConfirmation, heloResolution, dnsbl, Map.of(), Optional.empty(), Map.of());
    }

    /**
     * @param spf     SPF results of the MAIL FROM identity, by envelope sender ({@code ""} for the null sender)
     * @param spfHelo SPF result of the HELO identity
     * @param spam    spam scores by message key (James's mail name)
     */
    public ConnectionEvidence(Optional<ClientIp> client, Optional<String> helo, Optional<PtrEvidence> ptr,
                              Optional<ForwardConfirmation> forwardConfirmation, Optional<HeloResolution> heloResolution,
                              Map<String, DnsblEvidence> dnsbl, Map<String, SpfEvidence> spf, Optional<SpfEvidence> spfHelo,
                              Map<String, SpamScore> spam) {
        this.client = client;
        this.helo = helo.map(h -> h.length() > HeloAnalysis.MAX_KEPT_LENGTH ? h.substring(0, HeloAnalysis.MAX_KEPT_LENGTH) : h);
        this.heloAnalysis = HeloAnalysis.analyze(helo, client);
        this.ptr = ptr;
        this.forwardConfirmation = forwardConfirmation;
        this.heloResolution = heloResolution;
        this.dnsbl = Map.copyOf(dnsbl);
        this.spf = Map.copyOf(spf);
        this.spfHelo = spfHelo;
        this.spam = Map.copyOf(spam);
    }

    public static ConnectionEvidence of(Optional<ClientIp> client, Optional<String> helo) {
        return new ConnectionEvidence(client, helo, Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    public Optional<ClientIp> client() {
        return client;
    }

    /** The HELO argument as received (at most {@link HeloAnalysis#MAX_KEPT_LENGTH} characters; may hold any byte). */
    public Optional<String> helo() {
        return helo;
    }

    public HeloAnalysis heloAnalysis() {
        return heloAnalysis;
    }

    public Optional<PtrEvidence> ptr() {
        return ptr;
    }

    public Optional<ForwardConfirmation> forwardConfirmation() {
        return forwardConfirmation;
    }

    public Optional<HeloResolution> heloResolution() {
        return heloResolution;
    }

    /** DNSBL answers by zone display name. */
    public Map<String, DnsblEvidence> dnsbl() {
        return dnsbl;
    }

    /** SPF results of the MAIL FROM identity, by envelope sender ({@code ""} for the null sender). */
    public Map<String, SpfEvidence> spf() {
        return spf;
    }

    public Optional<SpfEvidence> spfHelo() {
        return spfHelo;
    }

    /** Spam scores by message key (James's mail name). */
    public Map<String, SpamScore> spam() {
        return spam;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConnectionEvidence)) {
            return false;
        }
        ConnectionEvidence other = (ConnectionEvidence) o;
        return client.equals(other.client) && helo.equals(other.helo) && ptr.equals(other.ptr)
            && forwardConfirmation.equals(other.forwardConfirmation) && heloResolution.equals(other.heloResolution)
            && dnsbl.equals(other.dnsbl) && spf.equals(other.spf) && spfHelo.equals(other.spfHelo) && spam.equals(other.spam);
    }

    @Override
    public int hashCode() {
        return Objects.hash(client, helo, ptr, forwardConfirmation, heloResolution, dnsbl, spf, spfHelo, spam);
    }

    /** One line for logs: every known item, safe to print. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("client=").append(client.map(ClientIp::text).orElse("unknown"));
        out.append(' ').append(heloAnalysis);
        ptr.ifPresent(p -> out.append(' ').append(p));
        forwardConfirmation.ifPresent(f -> out.append(' ').append(f));
        heloResolution.ifPresent(h -> out.append(' ').append(h));
        new TreeMap<>(dnsbl).values().forEach(d -> out.append(' ').append(d));
        new TreeMap<>(spf).values().forEach(r -> out.append(' ').append(r));
        spfHelo.ifPresent(r -> out.append(' ').append(r));
        new TreeMap<>(spam).values().forEach(r -> out.append(' ').append(r));
        return out.toString();
    }
}
