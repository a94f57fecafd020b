package org.accessdenied.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

import com.google.common.net.InetAddresses;

/**
 * The address of an SMTP client, normalised: IPv4-mapped IPv6 addresses ({@code ::ffff:192.0.2.1}) become the IPv4
 * address they carry, brackets and IPv6 zone ids are dropped. Parsing never touches DNS.
 */
public final class ClientIp {
    private final InetAddress address;

    private ClientIp(InetAddress address) {
        this.address = address;
    }

    /** Parses an IP address literal; empty for null, blank, host names and anything else that is not an address. */
    public static Optional<ClientIp> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.strip();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        int zone = candidate.indexOf('%');
        if (zone > 0 && candidate.indexOf(':') >= 0) {
            candidate = candidate.substring(0, zone);
        }
        if (candidate.isEmpty() || candidate.length() > 45 || !InetAddresses.isInetAddress(candidate)) {
            return Optional.empty();
        }
        return Optional.of(of(InetAddresses.forString(candidate)));
    }

    public static ClientIp of(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && isIpv4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        try {
            // also drops any scope id and host name the caller's InetAddress carries
            return new ClientIp(InetAddress.getByAddress(bytes));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("Invalid address length " + bytes.length, e);
        }
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    public InetAddress address() {
        return address;
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** The address bytes: 4 for IPv4, 16 for IPv6. */
    public byte[] bytes() {
        return address.getAddress();
    }

    /** Canonical text: dotted quad, or RFC 5952 compressed lower-case IPv6. */
    public String text() {
        return InetAddresses.toAddrString(address);
    }

    /**
     * The labels of the reverse lookup name without the suffix, as used under {@code in-addr.arpa}, {@code ip6.arpa}
     * and DNSBL zones (RFC 5782): {@code 2.0.0.127} or 32 reversed nibbles.
     */
    public String reversedLabels() {
        byte[] bytes = bytes();
        StringBuilder out = new StringBuilder(64);
        if (isIpv4()) {
            for (int i = 3; i >= 0; i--) {
                out.append(bytes[i] & 0xff);
                if (i > 0) {
                    out.append('.');
                }
            }
            return out.toString();
        }
        for (int i = 15; i >= 0; i--) {
            int b = bytes[i] & 0xff;
            out.append(Character.forDigit(b & 0x0f, 16)).append('.').append(Character.forDigit(b >> 4, 16));
            if (i > 0) {
                out.append('.');
            }
        }
        return out.toString();
    }

    /** The absolute PTR lookup name, e.g. {@code 2.0.0.127.in-addr.arpa.}. */
    public String reverseLookupName() {
        return reversedLabels() + (isIpv4() ? ".in-addr.arpa." : ".ip6.arpa.");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientIp && address.equals(((ClientIp) o).address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}
