package org.accessdenied.core.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A matcher condition split into words and {@code key=value} / {@code key+=value} options. Words are separated by
 * commas or white space outside brackets, braces and parentheses (so {@code 127.0.0.[2;4]} and regular expressions
 * survive). An option is a word whose key, before {@code =} or {@code +=}, is one of the check's option names;
 * anything else containing {@code =} with no dot before it is refused as an unknown option.
 */
public final class Condition {
    private final String checkName;
    private final List<String> words;
    private final Map<String, List<String>> options;

    private Condition(String checkName, List<String> words, Map<String, List<String>> options) {
        this.checkName = checkName;
        this.words = List.copyOf(words);
        this.options = options;
    }

    /** @throws IllegalArgumentException naming the check and the unknown option */
    public static Condition parse(String checkName, String condition, Set<String> optionNames) {
        List<String> words = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (String token : split(condition == null ? "" : condition)) {
            int eq = token.indexOf('=');
            String key = eq > 0 ? token.substring(0, eq) : "";
            if (optionNames.contains(key)) {
                options.computeIfAbsent(key, k -> new ArrayList<>()).add(token.substring(eq + 1));
            } else if (eq > 0 && !key.contains(".")) {
                throw new IllegalArgumentException(checkName + ": unknown option '" + key + "' in condition; known options: "
                    + new TreeSet<>(optionNames));
            } else {
                words.add(token);
            }
        }
        return new Condition(checkName, words, options);
    }

    static List<String> split(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (char c : text.toCharArray()) {
            if (c == '[' || c == '{' || c == '(') {
                depth++;
            } else if ((c == ']' || c == '}' || c == ')') && depth > 0) {
                depth--;
            }
            if (depth == 0 && (c == ',' || Character.isWhitespace(c))) {
                if (current.length() > 0) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    public List<String> words() {
        return words;
    }

    /** Every value given for an option ({@code key} as written, e.g. {@code tokens+}). */
    public List<String> values(String key) {
        return options.getOrDefault(key, Collections.emptyList());
    }

    /** The single value of an option; refuses an option given twice. */
    public Optional<String> value(String key) {
        List<String> values = values(key);
        if (values.size() > 1) {
            throw new IllegalArgumentException(checkName + ": option '" + key + "' given " + values.size() + " times");
        }
        return values.stream().findFirst();
    }

    /** {@code temporary=match|nomatch}: whether a temporary DNS failure counts as a match. */
    public boolean temporaryMatches() {
        Optional<String> value = value("temporary");
        if (value.isEmpty() || value.get().equals("nomatch")) {
            return false;
        }
        if (value.get().equals("match")) {
            return true;
        }
        throw new IllegalArgumentException(checkName + ": option 'temporary' must be 'match' or 'nomatch', got '" + value.get() + "'");
    }
}
