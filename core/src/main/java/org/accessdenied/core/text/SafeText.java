package org.accessdenied.core.text;

/**
 * The one place where text that came from outside (HELO arguments, DNS TXT records, PTR names, SPF explanations) is
 * made safe to put into a log line, a mail attribute or an SMTP reply: printable US-ASCII only, bounded length.
 * Every other byte becomes {@code ?}, so CR/LF can never split a reply or a log line.
 */
public final class SafeText {
    private static final String ELLIPSIS = "...";

    private SafeText() {
    }

    /** Printable ASCII of at most {@code maxLength} characters; {@code ""} for null. */
    public static String printable(String text, int maxLength) {
        if (text == null) {
            return "";
        }
        int limit = Math.min(text.length(), maxLength);
        boolean truncated = text.length() > maxLength;
        StringBuilder out = new StringBuilder(limit + ELLIPSIS.length());
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (truncated) {
            out.setLength(Math.max(0, maxLength - ELLIPSIS.length()));
            out.append(ELLIPSIS);
        }
        return out.toString();
    }

    /** True when every character is printable US-ASCII. */
    public static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
