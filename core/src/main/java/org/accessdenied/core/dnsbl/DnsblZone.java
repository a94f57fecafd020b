package org.accessdenied.core.dnsbl;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.net.DomainName;

/**
 * One DNS block list as configured: {@code zone[=filter][*weight]}, e.g. {@code zen.spamhaus.org=127.0.0.[2..11]*2}.
 * <p>
 * A label written in braces is a secret (a Spamhaus DQS key): {@code {KEY}.zen.dq.spamhaus.net} is queried with the
 * key and shown everywhere else as {@code zen.dq.spamhaus.net}. Under {@code dq.spamhaus.net} and
 * {@code dq.spamhaus.com} the first label is a key even without braces.
 */
public final class DnsblZone {
    private static final Pattern SPEC = Pattern.compile("^([^=*]+)(?:=([^*]+))?(?:\\*(-?\\d{1,4}))?$");
    private static final String[] DQS_SUFFIXES = {".dq.spamhaus.net", ".dq.spamhaus.com"};

    private final String queryZone;
    private final String displayName;
    private final ReturnCodeFilter filter;
    private final int weight;

    private DnsblZone(String queryZone, String displayName, ReturnCodeFilter filter, int weight) {
        this.queryZone = queryZone;
        this.displayName = displayName;
        this.filter = filter;
        this.weight = weight;
    }

    /** @throws IllegalArgumentException naming the faulty spec (with any key left out) */
    public static DnsblZone parse(String spec) {
        Matcher m = SPEC.matcher(spec.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("DNSBL zone '" + redactBraces(spec) + "': expected zone[=filter][*weight]");
        }
        String written = m.group(1).trim().toLowerCase(Locale.ROOT);
        if (written.endsWith(".")) {
            written = written.substring(0, written.length() - 1);
        }
        String query = written.replace("{", "").replace("}", "");
        String display = displayName(written);
        if (DomainName.syntaxProblem(query).isPresent() || !query.contains(".")) {
            throw new IllegalArgumentException("DNSBL zone '" + display + "': not a valid DNS zone name ("
                + DomainName.syntaxProblem(query).orElse("needs at least two labels") + ")");
        }
        ReturnCodeFilter filter;
        try {
            filter = m.group(2) == null ? ReturnCodeFilter.DEFAULT : ReturnCodeFilter.parse(m.group(2).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DNSBL zone '" + display + "': " + e.getMessage(), e);
        }
        int weight = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        return new DnsblZone(query, display, filter, weight);
    }

    private static String displayName(String written) {
        String withoutSecrets = written.replaceAll("\\{[^}]*\\}\\.?", "");
        if (!withoutSecrets.equals(written)) {
            return withoutSecrets;
        }
        for (String suffix : DQS_SUFFIXES) {
            if (written.endsWith(suffix) && written.indexOf('.') < written.length() - suffix.length()) {
                return written.substring(written.indexOf('.') + 1);
            }
        }
        return written;
    }

    private static String redactBraces(String spec) {
        return spec.replaceAll("\\{[^}]*\\}", "{...}");
    }

    /** The DNS name to ask for this client, e.g. {@code 2.0.0.127.zen.spamhaus.org.}. */
    public Name queryName(ClientIp ip) {
        return nameFor(ip.reversedLabels());
    }

    /** The RFC 5782 test name for a reversed IPv4 test address such as {@code 2.0.0.127}. */
    public Name testName(String reversedIpv4) {
        return nameFor(reversedIpv4);
    }

    private Name nameFor(String reversedLabels) {
        try {
            return Name.fromString(reversedLabels + "." + queryZone + ".");
        } catch (TextParseException e) {
            throw new IllegalStateException("zone name was validated at parse time", e);
        }
    }

    /** The name to show in logs, replies and attributes: never contains a key. */
    public String displayName() {
        return displayName;
    }

    /** Identity of the queried zone (key included) for caches and health state; never display this. */
    String queryZone() {
        return queryZone;
    }

    public ReturnCodeFilter filter() {
        return filter;
    }

    public int weight() {
        return weight;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsblZone && ((DnsblZone) o).queryZone.equals(queryZone)
            && ((DnsblZone) o).filter.pattern().equals(filter.pattern()) && ((DnsblZone) o).weight == weight;
    }

    @Override
    public int hashCode() {
        return Objects.hash(queryZone, filter.pattern(), weight);
    }

    @Override
    public String toString() {
        return displayName + "=" + filter + "*" + weight;
    }
}
