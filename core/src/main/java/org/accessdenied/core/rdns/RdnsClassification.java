package org.accessdenied.core.rdns;

import java.util.Objects;

/** Whether one PTR name looks generic/residential, and which part of it said so (or what exempted it). */
public final class RdnsClassification {
    public enum Rule {
        /** The client address is written into the name. */
        IP_IN_NAME,
        /** A cable modem's MAC address is written into the name. */
        MAC_IN_NAME,
        /** A hosting provider's default name: an opaque per-machine id or a placeholder. */
        HOSTING_DEFAULT,
        /** An access-network word (dsl, pool, dyn, cable...) is one of the name's tokens. */
        ACCESS_TOKEN,
        /** A pattern the admin configured. */
        PATTERN,
        /** Not dynamic: under an exempt domain, a server label (mail, mx, smtp...) or marked static (static=exempt). */
        EXEMPT,
        /** Not dynamic: nothing matched. */
        NONE
    }

    private final String name;
    private final boolean dynamic;
    private final Rule rule;
    private final String detail;

    RdnsClassification(String name, boolean dynamic, Rule rule, String detail) {
        this.name = name;
        this.dynamic = dynamic;
        this.rule = rule;
        this.detail = detail;
    }

    public String name() {
        return name;
    }

    public boolean isDynamic() {
        return dynamic;
    }

    public Rule rule() {
        return rule;
    }

    /** The part that matched: {@code "73-1-2-3"}, {@code "dsl"}, the pattern, or the exemption. */
    public String detail() {
        return detail;
    }

    /** {@code ip-in-name "73-1-2-3" in c-73-1-2-3.hsd1.ca.comcast.net}. */
    public String reason() {
        switch (rule) {
            case IP_IN_NAME:
                return "address in name \"" + detail + "\" in " + name;
            case MAC_IN_NAME:
                return "MAC address in name \"" + detail + "\" in " + name;
            case HOSTING_DEFAULT:
                return "hosting provider's default name \"" + detail + "\" in " + name;
            case ACCESS_TOKEN:
                return "access-network word \"" + detail + "\" in " + name;
            case PATTERN:
                return "pattern " + detail + " matches " + name;
            case EXEMPT:
                return name + " exempt: " + detail;
            default:
                return name + " does not look dynamic";
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RdnsClassification)) {
            return false;
        }
        RdnsClassification other = (RdnsClassification) o;
        return name.equals(other.name) && dynamic == other.dynamic && rule == other.rule && detail.equals(other.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dynamic, rule, detail);
    }

    @Override
    public String toString() {
        return reason();
    }
}
