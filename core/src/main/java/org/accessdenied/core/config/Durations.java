package org.accessdenied.core.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as admins write them: {@code 500ms}, {@code 3s}, {@code 15min}, {@code 2h}. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("^\\s*(\\d{1,9})\\s*(ms|s|sec|min|m|h)\\s*$");

    private Durations() {
    }

    /** @throws IllegalArgumentException naming {@code parameter} */
    public static Duration parse(String parameter, String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException(parameter + ": expected a duration like 500ms, 3s, 15min or 2h, got '" + text + "'");
        }
        long value = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(value);
            case "s":
            case "sec":
                return Duration.ofSeconds(value);
            case "min":
            case "m":
                return Duration.ofMinutes(value);
            default:
                return Duration.ofHours(value);
        }
    }
}
