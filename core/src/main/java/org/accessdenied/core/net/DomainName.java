package org.accessdenied.core.net;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.common.collect.ImmutableSet;
import com.google.common.net.InternetDomainName;

/**
 * A host name checked against the RFC 5321 {@code Domain} grammar (labels of letters, digits and inner hyphens, at most
 * 63 characters each, at most 253 in all), kept lower case and without a trailing dot.
 */
public final class DomainName {
    public static final int MAX_LENGTH = 253;
    public static final int MAX_LABEL_LENGTH = 63;

    /** Top-level names that only exist on private networks (RFC 6762, RFC 2606, common defaults). */
    private static final Set<String> PRIVATE_TLDS = ImmutableSet.of(
        "localhost", "local", "localdomain", "lan", "home", "internal", "intranet", "corp", "private", "invalid",
        "domain", "workgroup", "localnet", "belkin", "router", "fritz.box", "box");

    /** Special-use names (suffix -> the RFC that reserves it): never a host on the public Internet. */
    private static final Map<String, String> SPECIAL_USE = specialUse();

    /**
     * What the Public Suffix List says of names already looked up: a lookup costs about 2 us, and the same PTR and
     * HELO names are looked at by several checks of one connection and by the next connections of the same client.
     * At most {@value #MAX_REMEMBERED} names (about 2 MB); when full it starts again empty.
     */
    private static final int MAX_REMEMBERED = 10_000;
    private static final Map<String, Psl> PSL = new ConcurrentHashMap<>();

    /** A name's place in the Public Suffix List. */
    private static final class Psl {
        final String organisational;
        final boolean underPublicSuffix;

        Psl(String organisational, boolean underPublicSuffix) {
            this.organisational = organisational;
            this.underPublicSuffix = underPublicSuffix;
        }
    }

    private final String name;

    private DomainName(String name) {
        this.name = name;
    }

    private static Map<String, String> specialUse() {
        Map<String, String> names = new LinkedHashMap<>();
        for (String suffix : List.of("example.com", "example.net", "example.org", "example", "test", "invalid", "localhost")) {
            names.put(suffix, "RFC 2606/6761");
        }
        names.put("home.arpa", "RFC 8375");
        names.put("onion", "RFC 7686");
        names.put("alt", "RFC 9476");
        return Map.copyOf(names);
    }

    /** Parses a name; empty when it is not a syntactically valid RFC 5321 domain. */
    public static Optional<DomainName> parse(String text) {
        return syntaxProblem(text).isPresent()
            ? Optional.empty()
            : Optional.of(new DomainName(stripDot(text).toLowerCase(Locale.ROOT)));
    }

    /** Why {@code text} is not an RFC 5321 domain, or empty when it is one. */
    public static Optional<String> syntaxProblem(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.of("empty");
        }
        String name = stripDot(text);
        if (name.length() > MAX_LENGTH) {
            return Optional.of("longer than " + MAX_LENGTH + " characters");
        }
        if (name.isEmpty()) {
            return Optional.of("empty");
        }
        int labelStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '.') {
                Optional<String> problem = labelProblem(name, labelStart, i);
                if (problem.isPresent()) {
                    return problem;
                }
                labelStart = i + 1;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> labelProblem(String name, int start, int end) {
        int length = end - start;
        if (length == 0) {
            return Optional.of("empty label");
        }
        if (length > MAX_LABEL_LENGTH) {
            return Optional.of("label longer than " + MAX_LABEL_LENGTH + " characters");
        }
        for (int i = start; i < end; i++) {
            char c = name.charAt(i);
            boolean letDig = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!letDig && c != '-') {
                return Optional.of("invalid character " + describe(c));
            }
            if (c == '-' && (i == start || i == end - 1)) {
                return Optional.of("label starts or ends with a hyphen");
            }
        }
        return Optional.empty();
    }

    private static String describe(char c) {
        return c >= 0x21 && c < 0x7f ? "'" + c + "'" : String.format("0x%02X", (int) c);
    }

    private static String stripDot(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    public String name() {
        return name;
    }

    public List<String> labels() {
        return Arrays.asList(name.split("\\."));
    }

    /**
     * A fully qualified name as a mail server should use: at least two labels, a top-level label that is not all
     * digits and not one of the names only private networks use ({@code localdomain}, {@code lan}, {@code local}...).
     */
    public boolean isFullyQualified() {
        List<String> labels = labels();
        if (labels.size() < 2) {
            return false;
        }
        String tld = labels.get(labels.size() - 1);
        String lastTwo = labels.get(labels.size() - 2) + "." + tld;
        return !tld.chars().allMatch(Character::isDigit) && !PRIVATE_TLDS.contains(tld) && !PRIVATE_TLDS.contains(lastTwo);
    }

    /**
     * Why this name cannot be a host on the public Internet: it is a special-use name ({@code .test}, {@code .example},
     * {@code example.com}, {@code home.arpa}, {@code .onion}, {@code .alt}...) or its top-level label is not in the
     * Public Suffix List ({@code .tld}, {@code .intern}, {@code .cmo}); empty otherwise.
     */
    public Optional<String> reservedProblem() {
        for (Map.Entry<String, String> special : SPECIAL_USE.entrySet()) {
            if (isAtOrBelow(special.getKey())) {
                return Optional.of("special-use name ." + special.getKey() + " (" + special.getValue() + ")");
            }
        }
        List<String> labels = labels();
        String tld = labels.get(labels.size() - 1);
        try {
            if (InternetDomainName.from(tld).isPublicSuffix()) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            // not a valid label for Guava: not a top-level domain either
        }
        return Optional.of("top-level label '" + tld + "' is not in the Public Suffix List");
    }

    /** True when the name sits under a suffix of the Public Suffix List (so it can exist on the Internet). */
    public boolean isUnderPublicSuffix() {
        return psl().underPublicSuffix;
    }

    private Psl psl() {
        Psl known = PSL.get(name);
        if (known != null) {
            return known;
        }
        InternetDomainName parsed;
        try {
            parsed = InternetDomainName.from(name);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        Psl computed = new Psl(organisational(parsed), parsed != null && parsed.isUnderPublicSuffix());
        if (PSL.size() >= MAX_REMEMBERED) {
            PSL.clear();
        }
        PSL.put(name, computed);
        return computed;
    }

    /**
     * The organisational domain: the name registered under a registry suffix of the Public Suffix List's ICANN
     * section (e.g. {@code example.co.uk}, {@code amazonaws.com}). The list's private section is left out on purpose:
     * there {@code compute.amazonaws.com} is a suffix, which would make every EC2 host an organisation of its own.
     * For names outside the list (private or test TLDs) the last two labels.
     */
    public String organisationalDomain() {
        return psl().organisational;
    }

    private String organisational(InternetDomainName parsed) {
        try {
            if (parsed != null && parsed.isUnderRegistrySuffix()) {
                return parsed.topDomainUnderRegistrySuffix().toString();
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            // fall through to the label heuristic
        }
        List<String> labels = labels();
        return labels.size() <= 2 ? name : String.join(".", labels.subList(labels.size() - 2, labels.size()));
    }

    /** The labels left of the organisational domain ({@code "1-2-3-4.dsl"} for {@code 1-2-3-4.dsl.example.net}). */
    public String hostPart() {
        String org = organisationalDomain();
        return name.length() > org.length() ? name.substring(0, name.length() - org.length() - 1) : "";
    }

    /** True when this name equals {@code domain} or is below it. */
    public boolean isAtOrBelow(String domain) {
        String d = stripDot(domain).toLowerCase(Locale.ROOT);
        return name.equals(d) || name.endsWith("." + d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomainName && name.equals(((DomainName) o).name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
