package org.accessdenied.faults;

import java.util.Locale;

/** One row of the fault table: what was done, what should happen, what did, and the longest wait a client saw. */
final class Outcome {
    final String fault;
    final String expected;
    final String observed;
    final boolean pass;
    final long longestWaitMillis;

    Outcome(String fault, String expected, String observed, boolean pass, long longestWaitMillis) {
        this.fault = fault;
        this.expected = expected;
        this.observed = observed;
        this.pass = pass;
        this.longestWaitMillis = longestWaitMillis;
    }

    static Outcome failed(String fault, String expected, Exception e) {
        return new Outcome(fault, expected, "suite error: " + e, false, -1);
    }

    String markdownRow() {
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |", fault, cell(expected), cell(observed),
            longestWaitMillis < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", longestWaitMillis / 1000.0), pass ? "pass" : "**FAIL**");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
