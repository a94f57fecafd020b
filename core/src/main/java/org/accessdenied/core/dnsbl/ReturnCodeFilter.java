package org.accessdenied.core.dnsbl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Which A answers of a DNSBL count as "listed", in Postfix postscreen syntax: four octet patterns, each a number or a
 * bracketed list of numbers and ranges, e.g. {@code 127.0.0.[2..11]} or {@code 127.0.[0..255].[2;4;10..11]}.
 * <p>
 * Whatever the pattern, two kinds of answer never count: the 127.255.255.0/24 error codes (Spamhaus answers
 * 127.255.255.252/254/255 to say "bad query", "public resolver", "too many queries") and anything outside
 * 127.0.0.0/8 (a parked or hijacked zone name answering with a web server's address).
 */
public final class ReturnCodeFilter {
    /** RFC 5782 listings: 127.0.0.2 to 127.0.0.255. */
    public static final ReturnCodeFilter DEFAULT = parse("127.0.0.[2..255]");

    private final String pattern;
    private final List<boolean[]> octets;

    private ReturnCodeFilter(String pattern, List<boolean[]> octets) {
        this.pattern = pattern;
        this.octets = octets;
    }

    /** @throws IllegalArgumentException naming the faulty part */
    public static ReturnCodeFilter parse(String pattern) {
        List<String> parts = splitOctets(pattern);
        if (parts.size() != 4) {
            throw new IllegalArgumentException("return code filter '" + pattern + "': expected four octets like 127.0.0.[2..11]");
        }
        List<boolean[]> octets = new ArrayList<>();
        for (String part : parts) {
            octets.add(parseOctet(pattern, part));
        }
        return new ReturnCodeFilter(pattern, octets);
    }

    private static List<String> splitOctets(String pattern) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            if (c == '.' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static boolean[] parseOctet(String pattern, String part) {
        boolean[] allowed = new boolean[256];
        String body = part;
        if (part.startsWith("[") && part.endsWith("]")) {
            body = part.substring(1, part.length() - 1);
        } else if (part.contains("[") || part.contains("]") || part.contains(";") || part.contains("..")) {
            throw new IllegalArgumentException("return code filter '" + pattern + "': lists and ranges go in brackets, got '" + part + "'");
        }
        for (String element : body.split(";", -1)) {
            int dots = element.indexOf("..");
            int from = number(pattern, dots < 0 ? element : element.substring(0, dots));
            int to = dots < 0 ? from : number(pattern, element.substring(dots + 2));
            if (to < from) {
                throw new IllegalArgumentException("return code filter '" + pattern + "': empty range " + element);
            }
            for (int i = from; i <= to; i++) {
                allowed[i] = true;
            }
        }
        return allowed;
    }

    private static int number(String pattern, String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 0 && value <= 255) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("return code filter '" + pattern + "': '" + text + "' is not a number from 0 to 255");
    }

    /** True when this answer counts as a listing. */
    public boolean counts(InetAddress code) {
        if (!(code instanceof Inet4Address) || isErrorCode(code) || !isLoopbackRange(code)) {
            return false;
        }
        byte[] bytes = code.getAddress();
        for (int i = 0; i < 4; i++) {
            if (!octets.get(i)[bytes[i] & 0xff]) {
                return false;
            }
        }
        return true;
    }

    /** 127.255.255.0/24: the DNSBL refuses to answer this query (e.g. Spamhaus via a public resolver). */
    public static boolean isErrorCode(InetAddress code) {
        byte[] b = code.getAddress();
        return b.length == 4 && (b[0] & 0xff) == 127 && (b[1] & 0xff) == 255 && (b[2] & 0xff) == 255;
    }

    public static boolean isLoopbackRange(InetAddress code) {
        byte[] b = code.getAddress();
        return b.length == 4 && (b[0] & 0xff) == 127;
    }

    /** What a 127.255.255.x error code means, as Spamhaus documents them. */
    public static String explainErrorCode(InetAddress code) {
        switch (code.getAddress()[3] & 0xff) {
            case 252:
                return "the zone name or query is malformed (127.255.255.252)";
            case 254:
                return "queries through a public or open resolver are refused (127.255.255.254)";
            case 255:
                return "too many queries from this resolver (127.255.255.255)";
            default:
                return "error code " + code.getHostAddress();
        }
    }

    public String pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
