package org.accessdenied.cli.report;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.accessdenied.core.text.LogfmtReader;
import org.accessdenied.core.text.SafeText;

/**
 * One {@code admission ...} line of a James log, as the SMTP hook's DecisionLog writes it: the head
 * {@code admission <decision>[ rule N (<matcher>)]} (or {@code admission reject helo}) and logfmt fields, after the
 * log pattern's {@code yyyy-MM-dd HH:mm:ss.SSS} (a time without a date is read as undated).
 */
final class DecisionLine {
    /** What the client got, as the report groups it. */
    enum Outcome {
        REFUSED("refused"), DEFERRED("deferred"), WOULD_REFUSE("would-refuse"), ACCEPTED("accepted");

        final String label;

        Outcome(String label) {
            this.label = label;
        }

        boolean affects() {
            return this != ACCEPTED;
        }
    }

    static final String MARKER = "admission ";
    static final int MAX_VALUE = 200;
    static final String HELO_RULE = "HELO refused before the policy";
    private static final String MATCHER_PACKAGE = "org.accessdenied.matchers.";

    final Optional<LocalDate> day;
    final Optional<LocalTime> time;
    final String decision;
    final Outcome outcome;
    final String rule;
    final Map<String, String> fields;

    private DecisionLine(Optional<LocalDate> day, Optional<LocalTime> time, String decision, Outcome outcome, String rule,
                         Map<String, String> fields) {
        this.day = day;
        this.time = time;
        this.decision = decision;
        this.outcome = outcome;
        this.rule = rule;
        this.fields = fields;
    }

    /** True for a line the report must read (a decision line), whether or not it is well formed. */
    static boolean isDecision(String line) {
        return line.startsWith(MARKER) || line.contains(" - " + MARKER);
    }

    /** Reads a decision line; throws IllegalArgumentException naming what is wrong with it. */
    static DecisionLine parse(String line) {
        int at = line.startsWith(MARKER) ? 0 : line.indexOf(" - " + MARKER) + 3;
        String message = line.substring(at);
        int fieldsAt = message.indexOf(" client=");
        if (fieldsAt < 0) {
            throw new IllegalArgumentException("no client field");
        }
        String head = message.substring(0, fieldsAt);
        Map<String, String> fields = LogfmtReader.fields(message, head);
        for (String required : new String[] {"client", "helo", "session"}) {
            if (!fields.containsKey(required)) {
                throw new IllegalArgumentException("no " + required + " field");
            }
        }
        String[] words = head.substring(MARKER.length()).split(" ", 2);
        String decision = words[0];
        String rule;
        if (words.length > 1 && words[1].equals("helo")) {
            rule = HELO_RULE;
        } else if (words.length > 1 && words[1].startsWith("rule ")) {
            rule = words[1].replace(MATCHER_PACKAGE, "");
        } else if (words.length > 1) {
            throw new IllegalArgumentException("unexpected '" + words[1] + "' after the decision");
        } else {
            rule = "(no rule)";
        }
        Optional<LocalDate> day = Optional.empty();
        Optional<LocalTime> time = Optional.empty();
        if (at > 0) {
            String prefix = line.substring(0, at);
            try {
                if (prefix.length() >= 10 && Character.isDigit(prefix.charAt(0)) && prefix.charAt(4) == '-') {
                    day = Optional.of(LocalDate.parse(prefix.substring(0, 10)));
                    time = Optional.of(LocalTime.parse(prefix.substring(11, 19)));
                } else if (prefix.length() >= 8 && prefix.charAt(2) == ':') {
                    time = Optional.of(LocalTime.parse(prefix.substring(0, 8)));
                }
            } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("unreadable date/time '" + prefix.trim() + "'");
            }
        }
        return new DecisionLine(day, time, decision, outcome(decision), rule, fields);
    }

    private static Outcome outcome(String decision) {
        switch (decision) {
            case "reject":
                return Outcome.REFUSED;
            case "defer":
                return Outcome.DEFERRED;
            case "would-reject":
            case "would-defer":
                return Outcome.WOULD_REFUSE;
            case "pass":
            case "allow":
            case "exempt":
                return Outcome.ACCEPTED;
            default:
                throw new IllegalArgumentException("unknown decision '" + decision + "'");
        }
    }

    /**
     * A field as the report shows it: control characters written {@code \xNN} (a HELO of {@code bad\rX} must not move a
     * terminal's cursor), at most {@value #MAX_VALUE} characters (so a hostile line cannot fill the top lists' memory).
     */
    String field(String name) {
        String value = SafeText.truncated(fields.getOrDefault(name, ""), MAX_VALUE);
        if (!SafeText.hasControlCharacter(value)) {
            return value;
        }
        StringBuilder visible = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                visible.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                visible.append(c);
            }
        }
        return visible.toString();
    }
}
