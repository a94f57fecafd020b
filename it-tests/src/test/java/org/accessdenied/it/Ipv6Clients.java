package org.accessdenied.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The IPv6 source addresses of the end-to-end tests: documentation addresses (2001:db8::/32, RFC 3849) that the test
 * zones describe, put on the loopback interface with {@code ip -6 addr replace ADDR/128 dev lo nodad} (root only;
 * {@code replace} makes it idempotent, {@code nodad} makes them usable at once). Nothing leaves the machine: the
 * addresses are on lo, and so is the server the clients reach ({@code ::1}). Done once per JVM; without root or
 * without a working {@code ip} the IPv6 tests are skipped, saying why.
 */
final class Ipv6Clients {
    static final String LISTED = "2001:db8::2";
    static final String CLEAN = "2001:db8::10";
    static final String NO_PTR = "2001:db8::11";
    static final String DYNAMIC = "2001:db8::13";

    private static final List<String> ALL = List.of(LISTED, CLEAN, NO_PTR, DYNAMIC);
    private static Optional<String> unavailable;

    private Ipv6Clients() {
    }

    /** Puts the addresses on lo (the first time), or skips the calling test with the reason it cannot. */
    static synchronized void assumeOnLoopback() {
        if (unavailable == null) {
            unavailable = addToLoopback();
        }
        assumeTrue(unavailable.isEmpty(), () -> "IPv6 clients skipped: " + unavailable.orElse(""));
    }

    private static Optional<String> addToLoopback() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) {
                return Optional.of("adding " + ALL + " to lo needs root (uid " + uid + ")");
            }
            for (String address : ALL) {
                List<String> command = new ArrayList<>(List.of("ip", "-6", "addr", "replace", address + "/128", "dev", "lo", "nodad"));
                Process ip = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!ip.waitFor(10, TimeUnit.SECONDS) || ip.exitValue() != 0) {
                    return Optional.of(String.join(" ", command) + " failed: " + output);
                }
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot run ip -6 addr (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while running ip -6 addr");
        }
    }
}
