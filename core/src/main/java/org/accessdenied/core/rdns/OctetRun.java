package org.accessdenied.core.rdns;

import java.util.Optional;

/**
 * Finds decimal octets written one after the other in a name, exactly as
 * {@code Pattern.compile("(?<![0-9])0{0,2}A[.\\-_]?0{0,2}B...(?![0-9])").matcher(name).find()} does (the separator
 * mandatory, {@code [.\-_]}, when asked), and returns the same text, without compiling a pattern per client
 * address: the leftmost start, and at each step the regex's own order of tries (two leading zeros, then one, then
 * none; a separator taken, then skipped).
 */
final class OctetRun {
    private OctetRun() {
    }

    static Optional<String> find(String name, String[] octets, boolean separatorOptional) {
        for (int start = 0; start < name.length(); start++) {
            if (start > 0 && isDigit(name.charAt(start - 1))) {
                continue;
            }
            int end = match(name, start, octets, 0, separatorOptional);
            if (end >= 0) {
                return Optional.of(name.substring(start, end));
            }
        }
        return Optional.empty();
    }

    /** The end of a match of octets[k..] at pos, or -1. */
    private static int match(String name, int pos, String[] octets, int k, boolean separatorOptional) {
        if (k == octets.length) {
            return pos < name.length() && isDigit(name.charAt(pos)) ? -1 : pos;
        }
        int zeros = 0;
        while (zeros < 2 && pos + zeros < name.length() && name.charAt(pos + zeros) == '0') {
            zeros++;
        }
        for (int z = zeros; z >= 0; z--) {
            int p = pos + z;
            if (!name.startsWith(octets[k], p)) {
                continue;
            }
            int q = p + octets[k].length();
            if (k == octets.length - 1) {
                int end = match(name, q, octets, k + 1, separatorOptional);
                if (end >= 0) {
                    return end;
                }
                continue;
            }
            if (q < name.length() && isSeparator(name.charAt(q))) {
                int end = match(name, q + 1, octets, k + 1, separatorOptional);
                if (end >= 0) {
                    return end;
                }
            }
            if (separatorOptional) {
                int end = match(name, q, octets, k + 1, separatorOptional);
                if (end >= 0) {
                    return end;
                }
            }
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSeparator(char c) {
        return c == '.' || c == '-' || c == '_';
    }
}
