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
 * Tells generic names a provider generated ({@code c-73-1-2-3.hsd1.ca.comcast.net}, {@code p5B0D1234.dip0.t-ipconnect.de},
 * {@code static.88-198-1-2.clients.your-server.de}, {@code vmi123456.contaboserver.net}) from names a mail operator
 * chose. Only the labels left of the organisational domain are examined (so an operator's own domain, {@code
 * cablevision.com}, never counts), plus the registered label itself for the first three octets ({@code
 * ns1234.ip-51-68-12.eu}: a domain registered per address block).
 * <ul>
 * <li>The client address written into the name: dotted, dashed, underscored or concatenated octets, zero-padded,
 * in reverse order, two adjacent octets, eight hex digits in either byte order, three hex octets and the last in
 * decimal, one 32-bit decimal number; IPv6 groups, nibbles or the interface identifier.</li>
 * <li>A cable modem's MAC address ({@code S0106a84e3f123456.vc.shawcable.net}, {@code x1-6-00-1e-2a-12-34-56...}).</li>
 * <li>A hosting provider's default name for a machine the customer never renamed: an opaque per-machine id
 * ({@code vmi123456}, {@code sd-123456}, {@code vps-5c1a2b3d}, {@code h2812345}) or a placeholder
 * ({@code hosted-by}, {@code unassigned}).</li>
 * <li>Access-network words as whole tokens ({@code dsl}, {@code pool}, {@code dyn}, {@code ipngn}...), never
 * substrings: {@code resolver1}, {@code dynamo}, {@code pooler} and {@code dialog} are servers. A few short ones
 * ({@code ip}, {@code cm}, {@code bba}) count only with a number attached: {@code ip68-1-2-3}, {@code cm123},
 * {@code bba123456} (a per-subscriber line id).</li>
 * </ul>
 * Exempt: names under big senders' domains whose outbound names embed digits (Google, Microsoft, Amazon SES...) and
 * names whose first label is a mail-server word ({@code mail}, {@code mx1}, {@code smtp}...: an ISP's own relay is not
 * a customer line). A {@code static}, {@code business} or {@code fixed} word does not exempt a name: a per-address name
 * the provider generated is generic whether the line is static or not. {@link StaticLines#EXEMPT} restores the old
 * behaviour for admins who accept ISP-named static lines.
 */
public final class DynamicRdnsClassifier {
    /** What a {@code static}, {@code business}, {@code biz} or {@code fixed} word in a name does. */
    public enum StaticLines {
        /** Nothing: the name is judged like any other (the default). */
        GENERIC,
        /** The name is exempt: ISP-named static and business lines pass. */
        EXEMPT
    }

    public static final Set<String> DEFAULT_TOKENS = ImmutableSet.of(
        "ppp", "pppoe", "pppoa", "dial", "dialup", "dialin", "dialip", "dip", "dsl", "adsl", "vdsl", "xdsl", "sdsl",
        "hdsl", "pool", "cpe", "dyn", "dynamic", "dynamicip", "dynip", "dhcp", "cable", "catv", "kabel", "res", "resi",
        "resident", "residential", "broadband", "bredband", "bb", "customer", "customers", "cust", "client", "clients",
        "subscriber", "subs", "user", "users", "home", "nat", "wireless", "wifi", "wlan", "mobile", "gprs", "umts",
        "lte", "ftth", "fttx", "fttc", "fttp", "fios", "fiber", "fibre", "modem", "hsd", "unknown", "unassigned",
        "generic", "lightspeed", "retail", "abo", "ip", "cm", "bba", "cmts", "docsis", "hfc", "cablemodem", "modemcable",
        "ipngn", "ngn", "flets", "lns", "bras", "dslam", "clienti", "kunde", "kunden", "abonne", "abonnes", "residencial",
        "bbcust", "priv");

    /** Tokens too short to count alone: only with a number attached ({@code ip68-1-2-3}, {@code cm123}). */
    private static final Set<String> NUMBERED_TOKENS = ImmutableSet.of("ip", "cm", "bba");

    public static final Set<String> DEFAULT_EXEMPT_DOMAINS = ImmutableSet.of(
        "google.com", "googlemail.com", "outlook.com", "hotmail.com", "microsoft.com", "office365.com",
        "amazonses.com", "facebook.com", "facebookmail.com", "yahoo.com", "yahoodns.net", "yahoo.net", "aol.com",
        "apple.com", "icloud.com", "me.com", "mailgun.net", "mailgun.org", "sendgrid.net", "mcsv.net", "mcdlv.net",
        "rsgsv.net", "mandrillapp.com", "sparkpostmail.com", "exacttarget.com", "salesforce.com", "mtasv.net",
        "mailjet.com", "sendinblue.com", "brevo.com", "zoho.com", "zohomail.com", "protonmail.ch", "proton.me",
        "pphosted.com", "mimecast.com", "messagelabs.com", "messagingengine.com", "gmx.net", "web.de", "zoho.eu",
        "zoho.in", "proton.ch", "protonmail.com", "amazon.com", "qq.com", "163.com", "126.com", "yeah.net", "sina.com.cn",
        "aliyun.com", "naver.com", "yandex.net", "yandex.ru", "mail.ru");

    /** First labels hosting providers give every unnamed address. */
    private static final Set<String> PLACEHOLDER_LABELS = ImmutableSet.of(
        "hosted-by", "unassigned", "unallocated", "unused", "not-assigned", "no-reverse", "noreverse", "no-ptr", "noptr",
        "no-rdns", "unknown");

    /**
     * A hosting provider's opaque per-machine id as the first label: a machine-type prefix and a long number or a hex
     * id (Contabo vmi123456, Online sd-123456, OVH vps-5c1a2b3d, Strato h2812345, netcup v2202301234567890123,
     * Hostinger srv123456, Hostwinds hwsrv-123456). Five digits at least: servers an operator numbers stay short.
     */
    private static final Pattern MACHINE_ID = Pattern.compile(
        "^(?:vps|vds|vmi|vm|srv|hwsrv|sd|ns|h|v|m|s|li|dedi|ded)-?(?:[0-9]{5,}|[0-9a-f]{8})$");

    /** A MAC address: twelve hex digits (after a cable-modem prefix such as Shaw's S0106) or six dashed pairs. */
    private static final Pattern MAC = Pattern.compile(
        "(?:^|[^0-9a-z])(?:[a-z]?0106|cpe|cm|mac)?([0-9a-f]{12}|(?:[0-9a-f]{2}-){5}[0-9a-f]{2})(?=$|[^0-9a-z])");

    private static final Set<String> SERVER_WORDS = ImmutableSet.of(
        "mail", "mx", "smtp", "mta", "relay", "outbound", "mailout", "smtpout", "outmail", "mailer", "mailhost",
        "mailgw", "mailgate", "exchange", "postfix");

    private static final Set<String> STATIC_WORDS = ImmutableSet.of("static", "business", "biz", "fixed");

    private final Set<String> tokens;
    private final Set<String> exemptDomains;
    /** Each exempt domain's place in {@link #exemptDomains}: the first in that order wins, as in a loop over them. */
    private final java.util.Map<String, Integer> exemptOrder;
    private final List<Pattern> patterns;
    private final List<Pattern> exemptPatterns;
    private final StaticLines staticLines;

    private DynamicRdnsClassifier(Set<String> tokens, Set<String> exemptDomains, List<Pattern> patterns, List<Pattern> exemptPatterns,
                                  StaticLines staticLines) {
        this.tokens = ImmutableSet.copyOf(tokens);
        this.exemptDomains = ImmutableSet.copyOf(exemptDomains);
        java.util.Map<String, Integer> order = new java.util.HashMap<>();
        for (String domain : this.exemptDomains) {
            order.putIfAbsent(domain, order.size());
        }
        this.exemptOrder = java.util.Map.copyOf(order);
        this.patterns = List.copyOf(patterns);
        this.exemptPatterns = List.copyOf(exemptPatterns);
        this.staticLines = staticLines;
    }

    public static DynamicRdnsClassifier defaults() {
        return new DynamicRdnsClassifier(DEFAULT_TOKENS, DEFAULT_EXEMPT_DOMAINS, List.of(), List.of(), StaticLines.GENERIC);
    }

    /** A copy with these access-network tokens instead of the current ones. */
    public DynamicRdnsClassifier withTokens(Set<String> newTokens) {
        return new DynamicRdnsClassifier(lower(newTokens), exemptDomains, patterns, exemptPatterns, staticLines);
    }

    public DynamicRdnsClassifier withExemptDomains(Set<String> domains) {
        return new DynamicRdnsClassifier(tokens, lower(domains), patterns, exemptPatterns, staticLines);
    }

    /** A copy that also calls a name dynamic when {@code pattern} is found in it (case-insensitive). */
    public DynamicRdnsClassifier withPattern(Pattern pattern) {
        List<Pattern> more = new ArrayList<>(patterns);
        more.add(pattern);
        return new DynamicRdnsClassifier(tokens, exemptDomains, more, exemptPatterns, staticLines);
    }

    /** A copy that never calls a name dynamic when {@code pattern} is found in it. */
    public DynamicRdnsClassifier withExemptPattern(Pattern pattern) {
        List<Pattern> more = new ArrayList<>(exemptPatterns);
        more.add(pattern);
        return new DynamicRdnsClassifier(tokens, exemptDomains, patterns, more, staticLines);
    }

    /** A copy that treats names marked static/business/fixed this way. */
    public DynamicRdnsClassifier withStaticLines(StaticLines treatment) {
        return new DynamicRdnsClassifier(tokens, exemptDomains, patterns, exemptPatterns, treatment);
    }

    public StaticLines staticLines() {
        return staticLines;
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
        String exempt = exemptDomainOf(name);
        if (exempt != null) {
            return new RdnsClassification(name, false, RdnsClassification.Rule.EXEMPT, "domain " + exempt);
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
        String[] split = splitHost(name);
        String host = split[0];
        String registeredLabel = split[1];
        if (host.isEmpty()) {
            Optional<String> blockDomain = client.filter(ClientIp::isIpv4).flatMap(ip -> firstThreeOctets(registeredLabel, ip));
            return blockDomain.map(found -> new RdnsClassification(name, true, RdnsClassification.Rule.IP_IN_NAME, found))
                .orElseGet(() -> new RdnsClassification(name, false, RdnsClassification.Rule.NONE, ""));
        }
        String firstLabel = host.split("\\.")[0];
        if (isServerLabel(firstLabel)) {
            return new RdnsClassification(name, false, RdnsClassification.Rule.EXEMPT, "server label " + firstLabel);
        }
        if (staticLines == StaticLines.EXEMPT) {
            for (String token : tokens(host)) {
                if (STATIC_WORDS.contains(token)) {
                    return new RdnsClassification(name, false, RdnsClassification.Rule.EXEMPT, "marked " + token);
                }
            }
        }
        Optional<String> embedded = client.flatMap(ip -> ip.isIpv4()
            ? ipv4InName(host, ip).or(() -> firstThreeOctets(registeredLabel, ip))
            : ipv6InName(host, ip));
        if (embedded.isPresent()) {
            return new RdnsClassification(name, true, RdnsClassification.Rule.IP_IN_NAME, embedded.get());
        }
        Optional<String> mac = macAddress(host);
        if (mac.isPresent()) {
            return new RdnsClassification(name, true, RdnsClassification.Rule.MAC_IN_NAME, mac.get());
        }
        if (PLACEHOLDER_LABELS.contains(firstLabel) || MACHINE_ID.matcher(firstLabel).matches()) {
            return new RdnsClassification(name, true, RdnsClassification.Rule.HOSTING_DEFAULT, firstLabel);
        }
        Optional<String> token = accessToken(host);
        if (token.isPresent()) {
            return new RdnsClassification(name, true, RdnsClassification.Rule.ACCESS_TOKEN, token.get());
        }
        return new RdnsClassification(name, false, RdnsClassification.Rule.NONE, "");
    }

    private static Optional<String> macAddress(String host) {
        for (String label : host.split("\\.")) {
            if (hexDigits(label) < 12) {
                continue; // both forms of MAC hold twelve hex digits
            }
            Matcher m = MAC.matcher(label);
            while (m.find()) {
                String hex = m.group(1);
                if (hex.chars().anyMatch(c -> c >= 'a' && c <= 'f') && hex.chars().anyMatch(Character::isDigit)) {
                    return Optional.of(hex);
                }
            }
        }
        return Optional.empty();
    }

    /** The first three octets in the registered label ({@code ip-51-68-12} of {@code ns1234.ip-51-68-12.eu}). */
    private static Optional<String> firstThreeOctets(String label, ClientIp ip) {
        if (label.isEmpty()) {
            return Optional.empty();
        }
        byte[] b = ip.bytes();
        if (!label.contains(Integer.toString(b[0] & 0xff)) || !label.contains(Integer.toString(b[1] & 0xff))
            || !label.contains(Integer.toString(b[2] & 0xff))) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("(?<![0-9])0{0,2}" + (b[0] & 0xff) + "[.\\-_]0{0,2}" + (b[1] & 0xff) + "[.\\-_]0{0,2}"
            + (b[2] & 0xff) + "(?![0-9])").matcher(label);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    private static String normalise(String ptrName) {
        String name = ptrName.trim().toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** The labels left of the organisational domain, and the organisational domain's own first label. */
    private static String[] splitHost(String name) {
        Optional<DomainName> parsed = DomainName.parse(name);
        if (parsed.isPresent()) {
            String org = parsed.get().organisationalDomain();
            int dot = org.indexOf('.');
            return new String[] {parsed.get().hostPart(), dot < 0 ? org : org.substring(0, dot)};
        }
        // names with underscores and the like: fall back to "all but the last two labels"
        String[] labels = name.split("\\.");
        return labels.length <= 2
            ? new String[] {"", labels.length == 2 ? labels[0] : ""}
            : new String[] {String.join(".", Arrays.copyOfRange(labels, 0, labels.length - 2)), labels[labels.length - 2]};
    }

    /** {@code mail}, {@code mx1}, {@code smtp-out}, {@code mail-192-0-2-25}: the first word says "mail server". */
    private static boolean isServerLabel(String label) {
        List<String> words = tokens(label);
        return !words.isEmpty() && SERVER_WORDS.contains(words.get(0));
    }

    private Optional<String> accessToken(String host) {
        for (String label : host.split("\\.")) {
            for (String token : tokens(label)) {
                if (NUMBERED_TOKENS.contains(token)) {
                    // "ip" only as in ip-1-2-3-4 or ip68-1-2-3: a word on its own ("ip.example") is no sign
                    if (tokens.contains(token) && label.matches(".*(?<![a-z])" + token + "(?:-|[0-9]).*")) {
                        return Optional.of(token);
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
        String[] d = new String[4];
        boolean[] present = new boolean[4];
        for (int i = 0; i < 4; i++) {
            d[i] = Integer.toString(b[i] & 0xff);
            present[i] = host.contains(d[i]);
        }
        // each form is what the regex (?<![0-9])0{0,2}A[.\\-_]?0{0,2}B...(?![0-9]) finds, matched without a regex
        // (OctetRun); a form whose octets are not all in the name cannot match
        boolean all = present[0] && present[1] && present[2] && present[3];
        String[][] forms = {
            all ? new String[] {d[0], d[1], d[2], d[3]} : null,
            all ? new String[] {d[3], d[2], d[1], d[0]} : null,
            present[2] && present[3] ? new String[] {d[2], d[3]} : null,
            present[2] && present[3] ? new String[] {d[3], d[2]} : null,
            present[0] && present[1] ? new String[] {d[0], d[1]} : null};
        for (int f = 0; f < forms.length; f++) {
            if (forms[f] != null) {
                Optional<String> found = OctetRun.find(host, forms[f], f < 2);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        String compact = withoutSeparators(host, false);
        String hex = hex(b[0]) + hex(b[1]) + hex(b[2]) + hex(b[3]);
        String reversedHex = hex(b[3]) + hex(b[2]) + hex(b[1]) + hex(b[0]);
        for (String form : List.of(hex, reversedHex)) {
            if (compact.contains(form)) {
                return Optional.of(form);
            }
        }
        // three octets in hex, the last in decimal (dsl-hkibng31-58c1c2-34.dhcp.inet.fi)
        if (host.contains(hex.substring(0, 6)) && present[3]) {
            Matcher threeHex = Pattern.compile("(?<![0-9a-f])" + hex.substring(0, 6) + "[.\\-_]0{0,2}" + d[3] + "(?![0-9])").matcher(host);
            if (threeHex.find()) {
                return Optional.of(threeHex.group());
            }
        }
        // the address as one 32-bit decimal number (bas1-toronto63-1177553954.dsl.bell.ca)
        long decimal = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        String decimalText = Long.toString(decimal);
        if (decimal < 16_777_216 || !host.contains(decimalText)) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("(?<![0-9])" + decimalText + "(?![0-9])").matcher(host);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    private static int hexDigits(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
                count++;
            }
        }
        return count;
    }

    private static String hex(byte value) {
        int v = value & 0xff;
        return new String(new char[] {Character.forDigit(v >> 4, 16), Character.forDigit(v & 0xf, 16)});
    }

    /** {@code text} without {@code .}, {@code -}, {@code _} (and {@code :} when asked). */
    private static String withoutSeparators(String text, boolean colonToo) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '.' && c != '-' && c != '_' && !(colonToo && c == ':')) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The exempt domain {@code name} is or is below (the first in {@link #exemptDomains}' order when several), or
     * null: the name's suffixes at each dot looked up, instead of every exempt domain tried in turn.
     */
    private String exemptDomainOf(String name) {
        String best = null;
        int bestOrder = Integer.MAX_VALUE;
        int from = 0;
        while (true) {
            String suffix = from == 0 ? name : name.substring(from);
            Integer order = exemptOrder.get(suffix);
            if (order != null && order < bestOrder) {
                best = suffix;
                bestOrder = order;
            }
            int dot = name.indexOf('.', from);
            if (dot < 0) {
                return best;
            }
            from = dot + 1;
        }
    }

    /**
     * The words of a name: split at runs of {@code .-_} and where letters ({@code a-z}) and digits meet; exactly
     * what {@code Pattern.compile("[.\\-_]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])").split(text)} gives (a leading
     * separator gives a leading empty word, trailing empty words are dropped), without the regex.
     */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>(6);
        int n = text.length();
        int index = 0;
        boolean split = false;
        int p = 0;
        while (p < n) {
            char c = text.charAt(p);
            if (isSeparator(c)) {
                int q = p;
                while (q < n && isSeparator(text.charAt(q))) {
                    q++;
                }
                out.add(text.substring(index, p));
                index = q;
                split = true;
                p = q;
                continue;
            }
            if (p > 0) {
                char before = text.charAt(p - 1);
                if (isLetter(before) && isDigit(c) || isDigit(before) && isLetter(c)) {
                    out.add(text.substring(index, p));
                    index = p;
                    split = true;
                }
            }
            p++;
        }
        if (!split) {
            return List.of(text);
        }
        out.add(text.substring(index));
        int size = out.size();
        while (size > 0 && out.get(size - 1).isEmpty()) {
            size--;
        }
        return out.subList(0, size);
    }

    private static boolean isSeparator(char c) {
        return c == '.' || c == '-' || c == '_';
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
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
