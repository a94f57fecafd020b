package org.accessdenied.core.net;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An RFC 5321 §4.1.3 address literal: {@code [192.0.2.1]} (octets of one to three digits, so {@code [192.000.002.001]}
 * is the same address), {@code [IPv6:2001:db8::1]} (tag case-insensitive) or a general literal {@code [tag:content]}
 * that carries no address this server can compare (and whose tag, unless IANA registers one, is not registered).
 */
public final class AddressLiteral {
    private final Optional<ClientIp> address;
    private final String text;

    private AddressLiteral(Optional<ClientIp> address, String text) {
        this.address = address;
        this.text = text;
    }

    /** True when the text has the bracket form of an address literal, valid or not. */
    public static boolean looksLikeLiteral(String text) {
        return text != null && text.startsWith("[") && text.endsWith("]") && text.length() >= 2;
    }

    /** Parses an address literal; empty when the text is not a valid one. */
    public static Optional<AddressLiteral> parse(String text) {
        if (!looksLikeLiteral(text)) {
            return Optional.empty();
        }
        String inner = text.substring(1, text.length() - 1);
        if (inner.toLowerCase(Locale.ROOT).startsWith("ipv6:")) {
            String v6 = inner.substring(5);
            return v6.indexOf(':') >= 0 && v6.indexOf('%') < 0
                ? ClientIp.parse(v6).map(ip -> new AddressLiteral(Optional.of(ip), text))
                : Optional.empty();
        }
        if (isIpv4Literal(inner)) {
            // Snum = 1*3DIGIT: leading zeros are decimal padding, not octal
            String canonical = Arrays.stream(inner.split("\\.")).map(part -> String.valueOf(Integer.parseInt(part)))
                .collect(Collectors.joining("."));
            return ClientIp.parse(canonical).map(ip -> new AddressLiteral(Optional.of(ip), text));
        }
        return isGeneralLiteral(inner) ? Optional.of(new AddressLiteral(Optional.empty(), text)) : Optional.empty();
    }

    private static boolean isIpv4Literal(String inner) {
        String[] parts = inner.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    // General-address-literal = Standardized-tag ":" 1*dcontent ; dcontent = %d33-90 / %d94-126
    // An IPv6 address without its "IPv6:" tag is the usual mistake, not a general literal.
    private static boolean isGeneralLiteral(String inner) {
        if (ClientIp.parse(inner).isPresent()) {
            return false;
        }
        int colon = inner.indexOf(':');
        if (colon <= 0 || colon == inner.length() - 1 || DomainName.syntaxProblem(inner.substring(0, colon)).isPresent()) {
            return false;
        }
        for (int i = colon + 1; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c < 33 || c > 126 || (c >= 91 && c <= 93)) {
                return false;
            }
        }
        return true;
    }

    /** The tag of a general literal ({@code x-host} of {@code [x-host:abc]}); empty for IPv4 and IPv6 literals. */
    public Optional<String> generalTag() {
        if (address.isPresent()) {
            return Optional.empty();
        }
        String inner = text.substring(1, text.length() - 1);
        return Optional.of(inner.substring(0, inner.indexOf(':')));
    }

    /** The address for IPv4 and IPv6 literals; empty for a general literal. */
    public Optional<ClientIp> address() {
        return address;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
