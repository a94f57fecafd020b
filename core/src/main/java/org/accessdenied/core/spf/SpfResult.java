package org.accessdenied.core.spf;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** RFC 7208 §2.6 results. */
public enum SpfResult {
    PASS, FAIL, SOFTFAIL, NEUTRAL, NONE, PERMERROR, TEMPERROR;

    /** The lower-case name used in headers and conditions ({@code softfail}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SpfResult> byId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.id().equals(wanted)).findFirst();
    }
}
