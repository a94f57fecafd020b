package org.accessdenied.smtp;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;

import org.accessdenied.core.config.Durations;
import org.accessdenied.core.time.Deadline;

/**
 * The {@code <handler class="org.accessdenied.smtp.AdmissionHook">} element of {@code smtpserver.xml}. Every
 * element is optional; an unknown one stops James at start-up.
 */
final class HookSettings {
    static final Set<String> KEYS = Set.of("processor", "observe", "exemptRelaying", "alwaysReachable", "rcptDeadline", "dataDeadline",
        "decideAtEndOfData");

    final String processor;
    final boolean observe;
    final boolean exemptRelaying;
    final Set<String> alwaysReachable;
    final Optional<Duration> rcptDeadline;
    final Optional<Duration> dataDeadline;
    /** A RCPT TO whose verdicts are not in when it is read (it came with MAIL FROM) is decided at the end of DATA. */
    final boolean decideAtEndOfData;

    private HookSettings(String processor, boolean observe, boolean exemptRelaying, Set<String> alwaysReachable,
                         Optional<Duration> rcptDeadline, Optional<Duration> dataDeadline, boolean decideAtEndOfData) {
        this.processor = processor;
        this.observe = observe;
        this.exemptRelaying = exemptRelaying;
        this.alwaysReachable = alwaysReachable;
        this.rcptDeadline = rcptDeadline;
        this.dataDeadline = dataDeadline;
        this.decideAtEndOfData = decideAtEndOfData;
    }

    static HookSettings from(Configuration config) throws ConfigurationException {
        for (java.util.Iterator<String> keys = config.getKeys(); keys.hasNext(); ) {
            String key = keys.next();
            String element = key.split("[.\\[]", 2)[0];
            if (!element.isEmpty() && !KEYS.contains(element)) {
                throw new ConfigurationException("AdmissionHook: unknown element <" + element + "> in smtpserver.xml; known: " + KEYS);
            }
        }
        try {
            return new HookSettings(
                config.getString("processor", "admission").trim(),
                bool(config, "observe", false),
                bool(config, "exemptRelaying", true),
                Arrays.stream(config.getString("alwaysReachable", "postmaster, abuse").split(","))
                    .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
                Optional.ofNullable(config.getString("rcptDeadline", null)).map(v -> Durations.parse("rcptDeadline", v.trim())),
                Optional.ofNullable(config.getString("dataDeadline", null)).map(v -> Durations.parse("dataDeadline", v.trim())),
                bool(config, "decideAtEndOfData", true));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("AdmissionHook: " + e.getMessage(), e);
        }
    }

    /**
     * The longest wait at RCPT TO: as configured, else the DNS timeout plus {@link Deadline#REPORTING_MARGIN}. The
     * lookups start at connect with the DNS timeout as their own deadline, and RCPT comes later, so a lookup that
     * times out has recorded its outcome (a zone that did not answer counts as "not listed", a PTR that did not
     * answer is temporary) before the hook stops waiting; a deadline equal to the DNS timeout raced it, and the rule
     * that lost the race deferred with "not decided" instead of the rule whose lookup failed.
     */
    Duration rcptDeadline(Duration dnsTimeout) {
        return rcptDeadline.orElse(dnsTimeout.plus(Deadline.REPORTING_MARGIN));
    }

    private static boolean bool(Configuration config, String key, boolean defaultValue) {
        String value = config.getString(key, String.valueOf(defaultValue)).trim().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("<" + key + "> must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
