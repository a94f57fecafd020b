package org.accessdenied.core.rdns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.common.collect.ImmutableSet;

import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.net.DomainName;

/**
 * Tells generic/residential PTR names ({@code c-73-1-2-3.hsd1.ca.comcast.net}, {@code p5B0D1234.dip0.t-ipconnect.de},
 * {@code pool-71-1-2-3.nycmny.fios.verizon.net}) from server names. Only the labels left of the organisational
 * domain are examined, so an operator's own domain ({@code cablevision.com}) never counts.
 * <ul>
 * <li>The client address written into the name: dotted, dashed, underscored or concatenated octets, zero-padded,
 * in reverse order, two adjacent octets, eight hex digits, one 32-bit decimal number; IPv6 groups, nibbles or the
 * interface identifier.</li>
 * <li>Access-network words as whole tokens ({@code dsl}, {@code pool}, {@code dyn}...), never substrings:
 * {@code resolver1}, {@code dynamo}, {@code pooler} and {@code dialog} are servers.</li>
 * </ul>
 * Exempt: names under big senders' domains whose outbound names embed digits (Google, Microsoft, Amazon SES...), names
 * whose first label is a mail-server word ({@code mail}, {@code mx1}, {@code smtp}...: an ISP's own relay is not a
 * customer line) and names marked {@code static} or {@code business}.
 */
public final class DynamicRdnsClassifier {
    public static final Set<String> DEFAULT_TOKENS = ImmutableSet.of(
        "ppp", "pppoe", "pppoa", "dial", "dialup", "dialin", "dialip", "dip", "dsl", "adsl", "vdsl", "xdsl", "sdsl",
        "hdsl", "pool", "cpe", "dyn", "dynamic", "dynamicip", "dynip", "dhcp", "cable", "catv", "kabel", "res", "resi",
        "resident", "residential", "broadband", "bredband", "bb", "customer", "customers", "cust", "client", "clients",
        "subscriber", "subs", "user", "users", "home", "nat", "wireless", "wifi", "wlan", "mobile", "gprs", "umts",
        "lte", "ftth", "fttx", "fttc", "fttp", "fios", "fiber", "fibre", "modem", "hsd", "unknown", "unassigned",
        "generic", "lightspeed", "retail", "abo", "ip");

    public static final Set<String> DEFAULT_EXEMPT_DOMAINS = ImmutableSet.of(
        "google.com", "googlemail.com", "outlook.com", "hotmail.com", "microsoft.com", "office365.com",
        "amazonses.com", "facebook.com", "facebookmail.com", "yahoo.com", "yahoodns.net", "yahoo.net", "aol.com",
        "apple.com", "icloud.com", "me.com", "mailgun.net", "mailgun.org", "sendgrid.net", "mcsv.net", "mcdlv.net",
        "rsgsv.net", "mandrillapp.com", "sparkpostmail.com", "exacttarget.com", "salesforce.com", "mtasv.net",
        "mailjet.com", "sendinblue.com", "brevo.com", "zoho.com", "zohomail.com", "protonmail.ch", "proton.me",
        "pphosted.com", "mimecast.com", "messagelabs.com", "messagingengine.com", "gmx.net", "web.de");

    private static final Set<String> SERVER_WORDS = ImmutableSet.of(
        "mail", "mx", "smtp", "mta", "relay", "outbound", "mailout", "smtpout", "outmail", "mailer", "mailhost",
        "mailgw", "mailgate", "exchange", "postfix");

    private static final Set<String> STATIC_WORDS = ImmutableSet.of("static", "business", "biz", "fixed");

    private static final Pattern TOKEN_SPLIT = Pattern.compile("[.\\-_]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])");

    private final Set<String> tokens;
    private final Set<String> exemptDomains;
    private final List<Pattern> patterns;
    private final List<Pattern> exemptPatterns;

    private DynamicRdnsClassifier(Set<String> tokens, Set<String> exemptDomains, List<Pattern> patterns, List<Pattern> exemptPatterns) {
        this.tokens = ImmutableSet.copyOf(tokens);
        this.exemptDomains = ImmutableSet.copyOf(exemptDomains);
        this.patterns = List.copyOf(patterns);
        this.exemptPatterns = List.copyOf(exemptPatterns);
    }

    public static DynamicRdnsClassifier defaults() {
        return new DynamicRdnsClassifier(DEFAULT_TOKENS, DEFAULT_EXEMPT_DOMAINS, List.of(), List.of());
    }

    /** A copy with these access-network tokens instead of the current ones. */
    public DynamicRdnsClassifier withTokens(Set<String> newTokens) {
        return new DynamicRdnsClassifier(lower(newTokens), exemptDomains, patterns, exemptPatterns);
    }

    public DynamicRdnsClassifier withExemptDomains(Set<String> domains) {
        return new DynamicRdnsClassifier(tokens, lower(domains), patterns, exemptPatterns);
    }

    /** A copy that also calls a name dynamic when {@code pattern} is found in it (case-insensitive). */
    public DynamicRdnsClassifier withPattern(Pattern pattern) {
        List<Pattern> more = new ArrayList<>(patterns);
        more.add(pattern);
        return new DynamicRdnsClassifier(tokens, exemptDomains, more, exemptPatterns);
    }

    /** A copy that never calls a name dynamic when {@code pattern} is found in it. */
    public DynamicRdnsClassifier withExemptPattern(Pattern pattern) {
        List<Pattern> more = new ArrayList<>(exemptPatterns);
        more.add(pattern);
        return new DynamicRdnsClassifier(tokens, exemptDomains, patterns, more);
    }

    public Set<String> tokens() {
        return tokens;
    }

    public Set<String> exemptDomains() {
        return exemptDomains;
    }

    private static Set<String> lower(Set<String> words) {
        Set<String> out = new LinkedHashSet<>();
        words.forEach(w -> out.add(w.toLowerCase(Locale.ROOT)));
        return out;
    }

    /** Classifies one PTR name of {@code client} (the address may be unknown: then only words and patterns count). */
    public RdnsClassification classify(String ptrName, Optional<ClientIp> client) {
        String name = normalise(ptrName);
        for (String domain : exemptDomains) {
            if (name.equals(domain) || name.endsWith("." + domain)) {
                return new RdnsClassification(name, false, RdnsClassification.Rule.EXEMPT, "domain " + domain);
            }
        }
        for (Pattern pattern : exemptPatterns) {
            if (pattern.matcher(name).find()) {
                return new RdnsClassification(name, false, RdnsClassification.Rule.EXEMPT, "pattern " + pattern.pattern());
            }
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(name).find()) {
                return new RdnsClassification(name, true, RdnsClassification.Rule.PATTERN, pattern.pattern());
            }
        }
        String host = hostPart(name);
        if (host.isEmpty()) {
            return new RdnsClassification(name, false, RdnsClassification.Rule.NONE, "");
        }
        List<String> hostTokens = Arrays.asList(TOKEN_SPLIT.split(host));
        String firstLabel = host.split("\\.")[0];
        if (isServerLabel(firstLabel)) {
            return new RdnsClassification(name, false, RdnsClassification.Rule.EXEMPT, "server label " + firstLabel);
        }
        for (String token : hostTokens) {
            if (STATIC_WORDS.contains(token)) {
                return new RdnsClassification(name, false, RdnsClassification.Rule.EXEMPT, "marked " + token);
            }
        }
        Optional<String> embedded = client.flatMap(ip -> ip.isIpv4() ? ipv4InName(host, ip) : ipv6InName(host, ip));
        if (embedded.isPresent()) {
            return new RdnsClassification(name, true, RdnsClassification.Rule.IP_IN_NAME, embedded.get());
        }
        Optional<String> token = accessToken(host);
        if (token.isPresent()) {
            return new RdnsClassification(name, true, RdnsClassification.Rule.ACCESS_TOKEN, token.get());
        }
        return new RdnsClassification(name, false, RdnsClassification.Rule.NONE, "");
    }

    private static String normalise(String ptrName) {
        String name = ptrName.trim().toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static String hostPart(String name) {
        Optional<DomainName> parsed = DomainName.parse(name);
        if (parsed.isPresent()) {
            return parsed.get().hostPart();
        }
        // names with underscores and the like: fall back to "all but the last two labels"
        String[] labels = name.split("\\.");
        return labels.length <= 2 ? "" : String.join(".", Arrays.copyOfRange(labels, 0, labels.length - 2));
    }

    /** {@code mail}, {@code mx1}, {@code smtp-out}, {@code mail-192-0-2-25}: the first word says "mail server". */
    private static boolean isServerLabel(String label) {
        String[] words = TOKEN_SPLIT.split(label);
        return words.length > 0 && SERVER_WORDS.contains(words[0]);
    }

    private Optional<String> accessToken(String host) {
        for (String label : host.split("\\.")) {
            for (String token : TOKEN_SPLIT.split(label)) {
                if (token.equals("ip")) {
                    // "ip" only as in ip-1-2-3-4 or ip68-1-2-3: a word on its own ("ip.example") is no sign
                    if (label.matches(".*(?<![a-z])ip(?:-|[0-9]).*")) {
                        return Optional.of("ip");
                    }
                } else if (tokens.contains(token)) {
                    return Optional.of(token);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> ipv4InName(String host, ClientIp ip) {
        byte[] b = ip.bytes();
        String[] o = new String[4];
        for (int i = 0; i < 4; i++) {
            o[i] = "0{0,2}" + (b[i] & 0xff);
        }
        String sep = "[.\\-_]?";
        String mandatorySep = "[.\\-_]";
        List<String> forms = List.of(
            o[0] + sep + o[1] + sep + o[2] + sep + o[3],
            o[3] + sep + o[2] + sep + o[1] + sep + o[0],
            o[2] + mandatorySep + o[3],
            o[3] + mandatorySep + o[2],
            o[0] + mandatorySep + o[1]);
        for (String form : forms) {
            Matcher m = Pattern.compile("(?<![0-9])" + form + "(?![0-9])").matcher(host);
            if (m.find()) {
                return Optional.of(m.group());
            }
        }
        String hex = String.format("%02x%02x%02x%02x", b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, b[3] & 0xff);
        if (host.contains(hex)) {
            return Optional.of(hex);
        }
        // the address as one 32-bit decimal number (bas1-toronto63-1177553954.dsl.bell.ca)
        long decimal = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        Matcher m = Pattern.compile("(?<![0-9])" + decimal + "(?![0-9])").matcher(host);
        return decimal >= 16_777_216 && m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    private static Optional<String> ipv6InName(String host, ClientIp ip) {
        byte[] b = ip.bytes();
        StringBuilder nibbles = new StringBuilder(32);
        for (byte value : b) {
            nibbles.append(String.format("%02x", value & 0xff));
        }
        String all = nibbles.toString();
        String compact = host.replaceAll("[.\\-_:]", "");
        String interfaceId = all.substring(16);
        if (compact.contains(all)) {
            return Optional.of(all);
        }
        if (interfaceId.chars().filter(c -> c != '0').count() >= 4 && compact.contains(interfaceId)) {
            return Optional.of(interfaceId);
        }
        String reversedNibbles = new StringBuilder(all).reverse().toString();
        if (compact.contains(reversedNibbles.substring(0, 16))) {
            return Optional.of(reversedNibbles.substring(0, 16));
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        String[] parts = host.split("[.\\-_]+");
        for (int start = 0; start < parts.length; start++) {
            for (int g = 0; g < 8; g++) {
                int run = 0;
                while (start + run < parts.length && g + run < 8 && hexValue(parts[start + run]) == groups[g + run]) {
                    run++;
                }
                if (run >= 4) {
                    return Optional.of(String.join("-", Arrays.copyOfRange(parts, start, start + run)));
                }
            }
        }
        return Optional.empty();
    }

    private static int hexValue(String part) {
        if (part.isEmpty() || part.length() > 4 || !part.matches("[0-9a-f]+")) {
            return -1;
        }
        return Integer.parseInt(part, 16);
    }
}
