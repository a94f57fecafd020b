package org.accessdenied.core.spam;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the score lines SpamAssassin writes: spamd's {@code Spam: True ; 15.3 / 5.0} reply header (True/False or
 * Yes/No, negative zero allowed), and status headers such as {@code X-Spam-Status: Yes, score=17.2 required=5.0
 * tests=A,B} or James's {@code Yes, hits=17.2 required=5.0}. Anything else is empty: never an exception.
 */
public final class SpamStatus {
    private static final String NUMBER = "(-?\\d{1,7}(?:\\.\\d{1,6})?)";
    private static final Pattern SPAMD = Pattern.compile("^\\s*(True|False|Yes|No)\\s*;\\s*" + NUMBER + "\\s*/\\s*" + NUMBER + "\\s*$",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern STATUS_SCORE = Pattern.compile("(?:^|[\\s,])(?:score|hits)=" + NUMBER + "(?=[\\s,]|$)", Pattern.CASE_INSENSITIVE);
    private static final Pattern STATUS_REQUIRED = Pattern.compile("(?:^|[\\s,])required=" + NUMBER + "(?=[\\s,]|$)", Pattern.CASE_INSENSITIVE);
    private static final Pattern STATUS_TESTS = Pattern.compile("(?:^|\\s)tests=([A-Za-z0-9_,\\s]*?)(?=\\s+\\w+=|$)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLAIN_SCORE = Pattern.compile("^\\s*" + NUMBER + "\\s*$");

    private SpamStatus() {
    }

    /** The value of spamd's {@code Spam:} reply header. */
    public static Optional<double[]> spamdHeader(String value) {
        if (value == null || value.length() > 200) {
            return Optional.empty();
        }
        Matcher m = SPAMD.matcher(value);
        return m.matches() ? Optional.of(new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))}) : Optional.empty();
    }

    /** An {@code X-Spam-Status}-style value (also James's per-recipient status header). */
    public static Optional<SpamScore> statusHeader(String value, SpamScore.Source source) {
        if (value == null || value.length() > 4000) {
            return Optional.empty();
        }
        String unfolded = value.replaceAll("\\r?\\n[ \\t]+", " ");
        Matcher score = STATUS_SCORE.matcher(unfolded);
        if (!score.find()) {
            return Optional.empty();
        }
        Matcher required = STATUS_REQUIRED.matcher(unfolded);
        double requiredScore = required.find() ? Double.parseDouble(required.group(1)) : 5.0;
        Matcher tests = STATUS_TESTS.matcher(unfolded);
        List<String> rules = tests.find() ? rules(tests.group(1)) : List.of();
        return Optional.of(SpamScore.scored(source, Double.parseDouble(score.group(1)), requiredScore, rules));
    }

    /** An {@code X-Spam-Score} value: a bare number. */
    public static Optional<Double> plainScore(String value) {
        if (value == null || value.length() > 40) {
            return Optional.empty();
        }
        Matcher m = PLAIN_SCORE.matcher(value);
        return m.matches() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }

    /** A comma separated rule list ({@code SYMBOLS} reply body, {@code tests=}). */
    public static List<String> rules(String text) {
        return Arrays.stream(text.split("[,\\s]+")).map(String::strip).filter(r -> r.matches("[A-Za-z0-9_]{1,60}"))
            .distinct().collect(Collectors.toList());
    }
}
