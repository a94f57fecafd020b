package org.accessdenied.core.helo;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The individual HELO/EHLO checks, each selectable by its name in the BadHelo condition. */
public enum HeloProblem {
    MISSING("missing", true),
    SYNTAX("syntax", true),
    NOT_FQDN("not-fqdn", true),
    BARE_IP("bare-ip", true),
    LITERAL_MISMATCH("literal-mismatch", true),
    OUR_NAME("our-name", true),
    FORGED_PROVIDER("forged-provider", true),
    /** The HELO is a generic/residential name (the DynamicRdns classifier, big senders exempt). */
    DYNAMIC("dynamic", true),
    /** A special-use name (RFC 2606/6761/8375...) or an unknown top-level label, from a public address. */
    RESERVED("reserved", true),
    /** Off by default: many honest servers greet with a name of another organisation than their PTR's. */
    RDNS_MISMATCH("rdns-mismatch", false),
    /** Off by default: names under test or private TLDs are legitimate on internal networks. */
    PUBLIC_SUFFIX("public-suffix", false),
    /** Off by default: many legitimate servers greet with a name that has no A record. */
    NO_RESOLVE("no-resolve", false);

    private final String id;
    private final boolean byDefault;

    HeloProblem(String id, boolean byDefault) {
        this.id = id;
        this.byDefault = byDefault;
    }

    /** The name used in conditions and verdicts. */
    public String id() {
        return id;
    }

    public boolean isDefault() {
        return byDefault;
    }

    public static Optional<HeloProblem> byId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst();
    }
}
