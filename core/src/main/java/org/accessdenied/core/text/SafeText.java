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
        String kept = truncated(text, maxLength);
        if (isPrintableAscii(kept)) {
            return kept;
        }
        StringBuilder out = new StringBuilder(kept.length());
        for (int i = 0; i < kept.length(); i++) {
            char c = kept.charAt(i);
            out.append(isPrintableAscii(c) ? c : '?');
        }
        return out.toString();
    }

    /**
     * The text unchanged when it has at most {@code maxLength} characters; otherwise its start and {@code ...}, together
     * {@code maxLength} characters at most (never half a surrogate pair). {@code ""} for null.
     */
    public static String truncated(String text, int maxLength) {
        if (text == null) {
            return "";
        }
        if (text.length() <= maxLength) {
            return text;
        }
        int cut = Math.max(0, maxLength - ELLIPSIS.length());
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut) + ELLIPSIS.substring(0, Math.min(ELLIPSIS.length(), maxLength));
    }

    /** True when every character is printable US-ASCII. */
    public static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isPrintableAscii(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when the text holds a control character: C0 (U+0000-U+001F: NUL, TAB, CR, LF...), DEL (U+007F) or C1
     * (U+0080-U+009F). Such text can split or forge a line (a header field, a reply, a log line) wherever it is echoed.
     */
    public static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    static boolean isPrintableAscii(int c) {
        return c >= 0x20 && c < 0x7f;
    }

    static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }
}
