package org.accessdenied.smtp;

import java.util.concurrent.TimeUnit;

import org.apache.james.metrics.api.MetricFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.text.SafeText;

/** One greppable log line and one count per decision. */
final class DecisionLog {
    private static final Logger LOGGER = LoggerFactory.getLogger(AdmissionHook.class);
    static final String METRIC_PREFIX = "accessdenied_admission_";

    private final MetricFactory metrics;

    DecisionLog(MetricFactory metrics) {
        this.metrics = metrics;
    }

    void record(Attempt attempt, Decision decision, long waitedNanos) {
        String label = decision.label();
        metrics.generate(METRIC_PREFIX + label.replace('-', '_')).increment();
        decision.rule.ifPresent(rule -> metrics.generate(METRIC_PREFIX + label.replace('-', '_') + "_" + rule.metricName()).increment());
        String line = "admission " + label
            + decision.rule.map(rule -> " " + rule.description).orElse("")
            + " client=" + attempt.evidence.client().map(ClientIp::text).orElse("unknown")
            + " helo=" + SafeText.printable(attempt.evidence.helo().orElse("(none)"), 80)
            + " from=" + SafeText.printable(attempt.senderText(), 120)
            + attempt.recipient.map(r -> " rcpt=" + SafeText.printable(r.asString(), 120)).orElse(" stage=data")
            + " session=" + attempt.smtp.getSessionID()
            + " waited=" + TimeUnit.NANOSECONDS.toMillis(waitedNanos) + "ms"
            + decision.reply.map(reply -> " reply=\"" + reply.line() + "\"").orElse("")
            + " evidence=\"" + decision.verdict.map(v -> v.reason()).orElse(decision.note) + "\"";
        LOGGER.info(line);
    }
}
