package org.accessdenied.core.policy;

import java.util.Objects;
import java.util.regex.Pattern;

import org.accessdenied.core.text.SafeText;

/**
 * One SMTP reply line: a code, an enhanced status (RFC 3463) and a text that is printable US-ASCII and short enough
 * for one reply line (RFC 5321 §4.5.3.1.5: 512 octets with the code and CRLF).
 */
public final class SmtpReply {
    public static final int MAX_TEXT_LENGTH = 480;
    private static final Pattern CODE = Pattern.compile("[245][0-9][0-9]");
    private static final Pattern STATUS = Pattern.compile("[245]\\.[0-9]{1,3}\\.[0-9]{1,3}");

    private final String code;
    private final String status;
    private final String text;

    private SmtpReply(String code, String status, String text) {
        this.code = code;
        this.status = status;
        this.text = SafeText.printable(text, MAX_TEXT_LENGTH);
    }

    /** @throws IllegalArgumentException when the code or status is malformed or their classes differ */
    public static SmtpReply of(String code, String status, String text) {
        checkCodeAndStatus(code, status);
        return new SmtpReply(code, status, text);
    }

    static void checkCodeAndStatus(String code, String status) {
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("'" + SafeText.printable(code, 20) + "' is not an SMTP reply code (three digits)");
        }
        if (!STATUS.matcher(status).matches()) {
            throw new IllegalArgumentException("'" + SafeText.printable(status, 20) + "' is not an enhanced status code such as 5.7.1");
        }
        if (code.charAt(0) != status.charAt(0)) {
            throw new IllegalArgumentException("reply code " + code + " and status " + status + " disagree on the class");
        }
    }

    public String code() {
        return code;
    }

    public String status() {
        return status;
    }

    /** The text after the status: what James's {@code HookResult} takes as description is {@code status + " " + text}. */
    public String text() {
        return text;
    }

    public String description() {
        return status + " " + text;
    }

    public boolean isPermanent() {
        return code.charAt(0) == '5';
    }

    /** The reply as the client sees it, without CRLF. */
    public String line() {
        return code + " " + description();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmtpReply && line().equals(((SmtpReply) o).line());
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, status, text);
    }

    @Override
    public String toString() {
        return line();
    }
}
