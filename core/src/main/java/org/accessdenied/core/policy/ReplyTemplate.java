package org.accessdenied.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.accessdenied.core.text.SafeText;

/**
 * A reply an admin configures: code, enhanced status and a text with {@code {placeholder}}s (see
 * {@link ReplyFacts.Placeholder}). Parsed once; an unknown placeholder or a malformed code is refused at start-up.
 * The rendered text is printable ASCII and bounded whatever the facts hold, so neither a DNS TXT record nor a HELO
 * can add a line to the reply.
 */
public final class ReplyTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

    private final String code;
    private final String status;
    private final String text;

    private ReplyTemplate(String code, String status, String text) {
        this.code = code;
        this.status = status;
        this.text = text;
    }

    /** @throws IllegalArgumentException naming what is wrong */
    public static ReplyTemplate of(String code, String status, String text) {
        SmtpReply.checkCodeAndStatus(code, status);
        if (!SafeText.isPrintableAscii(text)) {
            throw new IllegalArgumentException("the text must be printable US-ASCII on one line");
        }
        List<String> unknown = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (ReplyFacts.Placeholder.byToken(m.group(1)).isEmpty()) {
                unknown.add("{" + m.group(1) + "}");
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown placeholder " + String.join(", ", unknown) + " in the text; known: "
                + java.util.Arrays.stream(ReplyFacts.Placeholder.values()).map(p -> "{" + p.token() + "}")
                .collect(java.util.stream.Collectors.joining(" ")));
        }
        return new ReplyTemplate(code, status, text);
    }

    public SmtpReply render(ReplyFacts facts) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = ReplyFacts.Placeholder.byToken(m.group(1)).map(facts::valueOf).orElse(m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return SmtpReply.of(code, status, out.toString());
    }

    public String code() {
        return code;
    }

    public String status() {
        return status;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return code + " " + status + " " + text;
    }
}
