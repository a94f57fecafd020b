package org.accessdenied.core.text;

import java.util.Locale;

/**
 * One log line in logfmt: a fixed head of words (written by the code, e.g. {@code admission reject rule 2 (...)}) and
 * then {@code key=value} fields. A value is written bare when it is printable ASCII without space, {@code =},
 * {@code "} or {@code \}; otherwise (and when empty) it is double-quoted, with {@code "} and {@code \} escaped by a
 * backslash, CR, LF and TAB as {@code \r \n \t}, other ASCII control characters as {@code \xNN} and every non-ASCII
 * character as <code>&#92;u{HEX}</code> (its code point). The line is printable ASCII whatever the values hold, so a value can neither end the
 * line nor add a field. Values are bounded with {@link SafeText#truncated}: what a reader gets back is the value,
 * or its start and {@code ...}.
 */
public final class LogfmtLine {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder line;

    private LogfmtLine(String head) {
        this.line = new StringBuilder(SafeText.printable(head, 2000));
    }

    /** A line starting with words the code chose (made printable; never a client's text). */
    public static LogfmtLine head(String words) {
        return new LogfmtLine(words);
    }

    /** Adds {@code key=value}; the key is the code's (letters, digits, {@code _ . -}), the value anybody's, at most {@code maxLength} characters kept. */
    public LogfmtLine field(String key, String value, int maxLength) {
        if (key.isEmpty() || !key.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 0x80 || c == '_' || c == '.' || c == '-')) {
            throw new IllegalArgumentException("not a logfmt key: " + SafeText.printable(key, 40));
        }
        if (line.length() > 0) {
            line.append(' ');
        }
        line.append(key).append('=');
        appendValue(SafeText.truncated(value, maxLength));
        return this;
    }

    private void appendValue(String value) {
        if (!value.isEmpty() && value.chars().allMatch(c -> SafeText.isPrintableAscii(c) && c != ' ' && c != '=' && c != '"' && c != '\\')) {
            line.append(value);
            return;
        }
        line.append('"');
        value.codePoints().forEach(this::appendEscaped);
        line.append('"');
    }

    private void appendEscaped(int c) {
        switch (c) {
            case '"':
                line.append("\\\"");
                return;
            case '\\':
                line.append("\\\\");
                return;
            case '\n':
                line.append("\\n");
                return;
            case '\r':
                line.append("\\r");
                return;
            case '\t':
                line.append("\\t");
                return;
            default:
                break;
        }
        if (SafeText.isPrintableAscii(c)) {
            line.append((char) c);
        } else if (c < 0x80) {
            line.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
        } else {
            line.append("\\u{").append(Integer.toHexString(c).toUpperCase(Locale.ROOT)).append('}');
        }
    }

    @Override
    public String toString() {
        return line.toString();
    }
}
