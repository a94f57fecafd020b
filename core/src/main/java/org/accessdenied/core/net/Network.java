package org.accessdenied.core.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An address block written {@code 192.0.2.0/24}, {@code 2001:db8::/32} or a single address. */
public final class Network {
    /**
     * Blocks that are not the public Internet (RFC 6890): private, shared, loopback, link-local, documentation and
     * benchmarking addresses. A host there may legitimately use special-use names ({@code .test}, {@code home.arpa}).
     */
    private static final List<Network> SPECIAL_USE = parseList("0.0.0.0/8 10.0.0.0/8 100.64.0.0/10 127.0.0.0/8 169.254.0.0/16"
        + " 172.16.0.0/12 192.0.0.0/24 192.0.2.0/24 192.168.0.0/16 198.18.0.0/15 198.51.100.0/24 203.0.113.0/24"
        + " ::/128 ::1/128 fc00::/7 fe80::/10 2001:db8::/32");

    private final ClientIp base;
    private final int prefix;

    private Network(ClientIp base, int prefix) {
        this.base = base;
        this.prefix = prefix;
    }

    /** @throws IllegalArgumentException naming the faulty text */
    public static Network parse(String text) {
        String spec = text.strip();
        int slash = spec.indexOf('/');
        Optional<ClientIp> ip = ClientIp.parse(slash < 0 ? spec : spec.substring(0, slash));
        if (ip.isEmpty()) {
            throw new IllegalArgumentException("network '" + spec + "': expected ADDRESS or ADDRESS/PREFIX");
        }
        int max = ip.get().isIpv4() ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(spec.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("network '" + spec + "': prefix must be from 0 to " + max);
            }
        }
        return new Network(ip.get(), prefix);
    }

    /** True for an address outside the public Internet: private, loopback, link-local, documentation... */
    public static boolean isSpecialUse(ClientIp ip) {
        return SPECIAL_USE.stream().anyMatch(network -> network.contains(ip));
    }

    /** A comma or space separated list; empty text gives an empty list. */
    public static List<Network> parseList(String text) {
        List<Network> networks = new ArrayList<>();
        for (String part : text.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                networks.add(parse(part));
            }
        }
        return networks;
    }

    public boolean contains(ClientIp ip) {
        byte[] a = base.bytes();
        byte[] b = ip.bytes();
        if (a.length != b.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (b[full] & mask);
    }

    @Override
    public String toString() {
        return base.text() + "/" + prefix;
    }
}
