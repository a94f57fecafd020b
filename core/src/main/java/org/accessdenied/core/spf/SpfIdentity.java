package org.accessdenied.core.spf;

/** Which identity an SPF result is about (RFC 7208 §2.3, §2.4). */
public enum SpfIdentity {
    /** The domain of the MAIL FROM address. */
    MAILFROM,
    /** The HELO/EHLO name: checked on its own, and used for the null sender (bounces). */
    HELO;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
