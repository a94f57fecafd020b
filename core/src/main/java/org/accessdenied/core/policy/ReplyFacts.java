package org.accessdenied.core.policy;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.accessdenied.core.text.SafeText;

/**
 * What a reply template may say about the rejected attempt, one value per {@link Placeholder}. Values come from the
 * client (HELO, sender) and from DNS (PTR, TXT): each is made printable and bounded when set.
 */
public final class ReplyFacts {
    public static final int MAX_VALUE_LENGTH = 200;

    /** The placeholders of a reply template, written {@code {name}}. */
    public enum Placeholder {
        IP("ip"), HELO("helo"), PTR("ptr"), SENDER("sender"), RECIPIENT("recipient"), RULE("rule"), REASON("reason"),
        REMEDY("remedy"), ZONE("zone"), TXT("txt"), SPF("spf");

        private final String token;

        Placeholder(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }

        static Optional<Placeholder> byToken(String token) {
            for (Placeholder p : values()) {
                if (p.token.equals(token)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    private final Map<Placeholder, String> values;

    private ReplyFacts(Map<Placeholder, String> values) {
        this.values = values;
    }

    public static ReplyFacts none() {
        return new ReplyFacts(new EnumMap<>(Placeholder.class));
    }

    /** A copy with one more fact; an empty value leaves the placeholder unknown. */
    public ReplyFacts with(Placeholder placeholder, Optional<String> value) {
        EnumMap<Placeholder, String> copy = new EnumMap<>(Placeholder.class);
        copy.putAll(values);
        value.filter(v -> !v.isEmpty()).ifPresentOrElse(
            v -> copy.put(placeholder, SafeText.printable(v, placeholder == Placeholder.REASON || placeholder == Placeholder.REMEDY
                ? org.accessdenied.core.evidence.Verdict.MAX_TEXT_LENGTH : MAX_VALUE_LENGTH)),
            () -> copy.remove(placeholder));
        return new ReplyFacts(copy);
    }

    public ReplyFacts with(Placeholder placeholder, String value) {
        return with(placeholder, Optional.ofNullable(value));
    }

    /** The value, or {@code unknown} when the fact is not known. */
    public String valueOf(Placeholder placeholder) {
        return values.getOrDefault(placeholder, "unknown");
    }

    public Optional<String> get(Placeholder placeholder) {
        return Optional.ofNullable(values.get(placeholder));
    }
}
