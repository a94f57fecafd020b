package org.accessdenied.it;

import java.nio.charset.StandardCharsets;

/** The trace fields a receiving server puts on top of a message, and the message without them. */
final class TraceFields {
    private TraceFields() {
    }

    /** The message without the leading header fields (folded lines included) whose names are given, e.g. {@code "Received:"}. */
    static byte[] strip(byte[] stored, String... fieldNames) {
        String text = new String(stored, StandardCharsets.ISO_8859_1);
        while (startsWithAny(text, fieldNames)) {
            int end = text.indexOf("\r\n");
            while (end >= 0 && end + 2 < text.length() && (text.charAt(end + 2) == ' ' || text.charAt(end + 2) == '\t')) {
                end = text.indexOf("\r\n", end + 2);
            }
            text = text.substring(end + 2);
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWithAny(String text, String[] fieldNames) {
        for (String name : fieldNames) {
            if (text.startsWith(name)) {
                return true;
            }
        }
        return false;
    }
}
