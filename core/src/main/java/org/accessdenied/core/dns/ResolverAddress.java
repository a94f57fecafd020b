package org.accessdenied.core.dns;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.accessdenied.core.net.ClientIp;

/** A DNS server written {@code host[:port]}, {@code [ipv6]:port} or a bare IPv6 address; port 53 by default. */
public final class ResolverAddress {
    public static final int DEFAULT_PORT = 53;

    private final ClientIp ip;
    private final int port;

    private ResolverAddress(ClientIp ip, int port) {
        this.ip = ip;
        this.port = port;
    }

    public static ResolverAddress of(ClientIp ip, int port) {
        return new ResolverAddress(ip, port);
    }

    /**
     * Parses one server. Only IP addresses are accepted: resolving the resolver's own name would need a resolver.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ResolverAddress parse(String text) {
        String spec = text == null ? "" : text.trim();
        String host = spec;
        int port = DEFAULT_PORT;
        if (spec.startsWith("[")) {
            int close = spec.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("DNS server '" + spec + "': missing ']'");
            }
            host = spec.substring(1, close);
            String rest = spec.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("DNS server '" + spec + "': expected ':port' after ']'");
                }
                port = parsePort(spec, rest.substring(1));
            }
        } else if (spec.indexOf(':') == spec.lastIndexOf(':') && spec.indexOf(':') > 0) {
            host = spec.substring(0, spec.indexOf(':'));
            port = parsePort(spec, spec.substring(spec.indexOf(':') + 1));
        }
        Optional<ClientIp> ip = ClientIp.parse(host);
        if (ip.isEmpty()) {
            throw new IllegalArgumentException("DNS server '" + spec + "': expected an IP address as host[:port]");
        }
        return new ResolverAddress(ip.get(), port);
    }

    /** Parses a comma or space separated list. */
    public static List<ResolverAddress> parseList(String text) {
        List<ResolverAddress> servers = new ArrayList<>();
        for (String part : text.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                servers.add(parse(part));
            }
        }
        return servers;
    }

    private static int parsePort(String spec, String port) {
        try {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("DNS server '" + spec + "': port must be a number from 1 to 65535");
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(ip.address(), port);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResolverAddress && ((ResolverAddress) o).ip.equals(ip) && ((ResolverAddress) o).port == port;
    }

    @Override
    public int hashCode() {
        return ip.hashCode() * 31 + port;
    }

    @Override
    public String toString() {
        return (ip.isIpv6() ? "[" + ip.text() + "]" : ip.text()) + ":" + port;
    }
}
